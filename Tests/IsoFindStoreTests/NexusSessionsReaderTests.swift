import Foundation
import IsoFindDemoData
import Testing
@testable import IsoFindStore

@Suite struct NexusSessionsReaderTests {
    @Test func readsTheNewestSessionsFirstAndHonoursTheLimit() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("isofind-sessions-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let summary = try DemoData.write(to: folder)
        let reader = NexusSessionsReader(path: summary.sessionsDatabase)
        let all = try reader.recentSessions(limit: 50)
        #expect(all.count == summary.sessions)
        #expect(all.compactMap(\.createdAt) == all.compactMap(\.createdAt).sorted(by: >))
        let three = try reader.recentSessions(limit: 3)
        #expect(three == Array(all.prefix(3)))
    }

    @Test func missingOrUnconfiguredDatabasesAreEmpty() throws {
        #expect(try NexusSessionsReader(path: nil).recentSessions().isEmpty)
        #expect(try NexusSessionsReader(path: "/nonexistent/workflows.db").recentSessions().isEmpty)
    }

    @Test func aDatabaseWithoutTheTableIsAClearError() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("empty-\(UUID().uuidString).db").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        _ = try ReportsStore(path: path)  // a valid SQLite file, but not a sessions database
        #expect {
            try NexusSessionsReader(path: path).recentSessions()
        } throws: { error in
            (error as? StoreError)?.description.contains("cannot be read") == true
        }
    }
}
