import Foundation
import GRDB
import Testing
@testable import IsoFindStore

/// Connections to other programs' databases are kept between reads, and never outlive the file
/// they opened or its schema.
@Suite struct ReadOnlyConnectionsTests {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("isofind-readonly-\(UUID().uuidString)")

    func makeDatabase(_ name: String, value: String) throws -> String {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent(name).path
        let writer = try DatabaseQueue(path: path)
        try writer.write { db in
            try db.execute(sql: "CREATE TABLE facts (id INTEGER PRIMARY KEY, value TEXT)")
            try db.execute(sql: "INSERT INTO facts (value) VALUES (?)", arguments: [value])
        }
        try writer.close()
        return path
    }

    func values(_ path: String) throws -> [String] {
        try ReadOnlyDatabase(path: path, subject: "the test database").read { db in
            try String.fetchAll(db, sql: "SELECT value FROM facts ORDER BY id")
        }
    }

    @Test func aConnectionIsReusedAndSeesNewRows() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = try makeDatabase("reuse.db", value: "first")
        #expect(try values(path) == ["first"])
        #expect(ReadOnlyConnections.shared.idleCount(path: path) == 1)
        let writer = try DatabaseQueue(path: path)
        try writer.write { db in try db.execute(sql: "INSERT INTO facts (value) VALUES ('second')") }
        #expect(try values(path) == ["first", "second"])
        #expect(ReadOnlyConnections.shared.idleCount(path: path) == 1, "the same connection went back")
    }

    @Test func aReplacedFileIsOpenedAfresh() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = try makeDatabase("replaced.db", value: "old")
        #expect(try values(path) == ["old"])
        let newer = try makeDatabase("newer.db", value: "new")
        #expect(rename(newer, path) == 0)
        #expect(try values(path) == ["new"])
        #expect(ReadOnlyConnections.shared.idleCount(path: path) == 1, "the old file's connection was closed")
    }

    @Test func aSchemaChangedByTheOtherProgramIsNoticed() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = try makeDatabase("schema.db", value: "a")
        let columns = { try ReadOnlyDatabase(path: path, subject: "the test database").read { db in
            try db.columns(in: "facts").map(\.name)
        } }
        #expect(try columns() == ["id", "value"])
        let writer = try DatabaseQueue(path: path)
        try writer.write { db in try db.execute(sql: "ALTER TABLE facts ADD COLUMN unit TEXT") }
        #expect(try columns() == ["id", "value", "unit"])
    }

    @Test func aFailedReadDoesNotReturnItsConnection() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = try makeDatabase("failing.db", value: "a")
        #expect(try values(path) == ["a"])
        #expect(ReadOnlyConnections.shared.idleCount(path: path) == 1)
        #expect(throws: StoreError.self) {
            try ReadOnlyDatabase(path: path, subject: "the test database").read { db in
                try db.execute(sql: "SELECT * FROM no_such_table")
            }
        }
        #expect(ReadOnlyConnections.shared.idleCount(path: path) == 0)
        #expect(try values(path) == ["a"])
    }
}
