import Foundation
import GRDB
import Testing
@testable import IsoFindStore

/// A store that cannot grow says so: `StoreError.outOfSpace`, which the generation turns into a
/// 500 that says the disk is full.
@Suite struct StoreOutOfSpaceTests {
    @Test func aFullStoreThrowsOutOfSpace() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("isofind-full-\(UUID().uuidString).db").path
        let store = try ReportsStore(path: path)
        // SQLite answers SQLITE_FULL once the file may not grow, as on a full disk.
        try store.writer.writeWithoutTransaction { db in
            let pages = try Int.fetchOne(db, sql: "PRAGMA page_count") ?? 1
            try db.execute(sql: "PRAGMA max_page_count = \(pages)")
        }
        #expect {
            for _ in 0..<10_000 { _ = try store.reserveReportID() }
        } throws: { error in
            guard case .outOfSpace(let message) = error as? StoreError else { return false }
            return message.hasPrefix("the disk is full")
        }
    }
}
