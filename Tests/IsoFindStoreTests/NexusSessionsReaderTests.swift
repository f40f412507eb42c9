import Foundation
import GRDB
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

    /// A lock held by another connection past the 2 s busy timeout is `.busy` (a passing state the
    /// API answers with 503 and Retry-After), not `.failure`; the same file reads again once released.
    @Test func aLockedDatabaseIsBusyNotBroken() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("isofind-sessions-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let summary = try DemoData.write(to: folder)
        let writer = try DatabaseQueue(path: summary.sessionsDatabase)
        let reader = NexusSessionsReader(path: summary.sessionsDatabase)
        try writer.inDatabase { db in
            try db.execute(sql: "BEGIN EXCLUSIVE")
            #expect {
                try reader.recentSessions()
            } throws: { error in
                guard case .busy(let message)? = error as? StoreError else { return false }
                return message.contains("another program holds a lock on it")
            }
            try db.execute(sql: "ROLLBACK")
        }
        #expect(try reader.recentSessions().count == summary.sessions)
    }
}
