import Foundation
import GRDB
import IsoFindDomain
import Testing
@testable import IsoFindStore

/// The custom-block rows: what the endpoints write, what the registry reads (active blocks only).
@Suite struct CustomBlockStoreTests {
    final class Clock: @unchecked Sendable {
        private let lock = NSLock()
        private var current = Date(timeIntervalSince1970: 1_795_000_000)
        var now: Date { lock.withLock { current } }
        func advance(by seconds: TimeInterval) { lock.withLock { current += seconds } }
    }

    @Test func insertsWithDefaultsAndReadsBack() throws {
        let store = try ReportsStore(inMemoryWithClock: { Date(timeIntervalSince1970: 1_795_000_000) })
        let block = try store.insertCustomBlock(NewCustomBlock(key: "lab_table", name: "Lab table", code: "pass"))
        #expect(block.key == "lab_table" && block.category == "custom" && block.nature == "I" && block.icon == "CB")
        #expect(block.licence == .pro && !block.expert && block.language == .fr && block.apiCalls == nil && block.active)
        #expect(block.createdAt == "2026-11-18T11:06:40Z" && block.updatedAt == block.createdAt)
        #expect(try store.customBlock(id: block.id) == block)
        #expect(try store.customBlock(key: "lab_table") == block)
        #expect(try store.activeCustomBlocks() == [block])
        #expect(try store.customBlock(id: block.id + 1) == nil)
    }

    @Test func keysAreUniqueAlsoAmongInactiveBlocks() throws {
        let store = try ReportsStore(inMemoryWithClock: { Date() })
        _ = try store.insertCustomBlock(NewCustomBlock(key: "lab_table", name: "A", code: "pass", active: false))
        #expect(throws: StoreError.conflict(ReportsStore.keyTaken("lab_table"))) {
            try store.insertCustomBlock(NewCustomBlock(key: "lab_table", name: "B", code: "pass"))
        }
        #expect(ReportsStore.keyTaken("lab_table").contains("'lab_table'"))
        #expect(try store.writer.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM custom_blocks") } == 1)
    }

    @Test func concurrentInsertsOfOneKeyLeaveOneRow() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("isofind-custom-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try ReportsStore(path: folder.appendingPathComponent("reports.db").path)
        let outcomes = Outcomes()
        DispatchQueue.concurrentPerform(iterations: 8) { index in
            do {
                _ = try store.insertCustomBlock(NewCustomBlock(key: "shared_key", name: "n\(index)", code: "pass"))
                outcomes.add("inserted")
            } catch StoreError.conflict {
                outcomes.add("conflict")
            } catch {
                outcomes.add("\(error)")
            }
        }
        #expect(outcomes.sorted == Array(repeating: "conflict", count: 7) + ["inserted"])
        #expect(try store.writer.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM custom_blocks") } == 1)
    }

    final class Outcomes: @unchecked Sendable {
        private let lock = NSLock()
        private var values: [String] = []
        func add(_ value: String) { lock.withLock { values.append(value) } }
        var sorted: [String] { lock.withLock { values.sorted() } }
    }

    @Test func updatesOnlyWhatIsGivenAndStampsTheUpdate() throws {
        let clock = Clock()
        let store = try ReportsStore(inMemoryWithClock: { clock.now })
        let block = try store.insertCustomBlock(NewCustomBlock(
            key: "lab_table", name: "Lab table", description: "d", licence: .research, apiCalls: ["samples"], code: "pass"))
        clock.advance(by: 60)
        let renamed = try #require(try store.updateCustomBlock(id: block.id, CustomBlockChanges(name: "Renamed", expert: true)))
        #expect(renamed.name == "Renamed" && renamed.expert && renamed.description == "d" && renamed.licence == .research)
        #expect(renamed.apiCalls == ["samples"] && renamed.code == "pass" && renamed.key == "lab_table")
        #expect(renamed.createdAt == block.createdAt && renamed.updatedAt != block.updatedAt)
        #expect(try store.customBlock(id: block.id) == renamed)

        // api_calls: absent keeps it, null means every section, a list replaces it.
        let all = try #require(try store.updateCustomBlock(id: block.id, CustomBlockChanges(apiCalls: .some(nil))))
        #expect(all.apiCalls == nil)
        let some = try #require(try store.updateCustomBlock(id: block.id, CustomBlockChanges(apiCalls: ["project", "report"])))
        #expect(some.apiCalls == ["project", "report"])
        #expect(try store.customBlock(id: block.id)?.apiCalls == ["project", "report"])

        #expect(try store.updateCustomBlock(id: 99_999, CustomBlockChanges(name: "x")) == nil)
    }

    @Test func inactiveBlocksAreKeptButNotActive() throws {
        let store = try ReportsStore(inMemoryWithClock: { Date() })
        let block = try store.insertCustomBlock(NewCustomBlock(key: "lab_table", name: "Lab table", code: "pass"))
        _ = try store.updateCustomBlock(id: block.id, CustomBlockChanges(active: false))
        #expect(try store.activeCustomBlocks().isEmpty)
        #expect(try store.customBlock(id: block.id)?.active == false)
        _ = try store.updateCustomBlock(id: block.id, CustomBlockChanges(active: true))
        #expect(try store.activeCustomBlocks().map(\.key) == ["lab_table"])
    }

    @Test func deleteRemovesTheRow() throws {
        let store = try ReportsStore(inMemoryWithClock: { Date() })
        let block = try store.insertCustomBlock(NewCustomBlock(key: "lab_table", name: "Lab table", code: "pass"))
        #expect(try store.deleteCustomBlock(id: block.id))
        #expect(try !store.deleteCustomBlock(id: block.id))
        #expect(try store.customBlock(id: block.id) == nil)
        #expect(try store.activeCustomBlocks().isEmpty)
        // The key is free again.
        _ = try store.insertCustomBlock(NewCustomBlock(key: "lab_table", name: "Again", code: "pass"))
    }

    @Test func aMalformedStoredSectionListReadsAsNoSectionAndIsKeptAsItIs() throws {
        let store = try ReportsStore(inMemoryWithClock: { Date() })
        let block = try store.insertCustomBlock(NewCustomBlock(key: "lab_table", name: "Lab table", apiCalls: ["samples"], code: "pass"))
        try store.writer.write { db in try db.execute(sql: "UPDATE custom_blocks SET api_calls = 'not json'") }
        #expect(try store.customBlock(id: block.id)?.apiCalls == [])
        _ = try store.updateCustomBlock(id: block.id, CustomBlockChanges(name: "Renamed"))
        let text = try store.writer.read { db in try String.fetchOne(db, sql: "SELECT api_calls FROM custom_blocks") }
        #expect(text == "not json")
    }
}
