import Foundation
import GRDB
import IsoFindDemoData

/// A fresh, empty folder under the system's temporary directory.
func makeTemporaryFolder(_ label: String = #function) throws -> URL {
    let safe = label.filter { $0.isLetter || $0.isNumber }
    let url = FileManager.default.temporaryDirectory
        .appendingPathComponent("isofind-demo-tests-\(safe)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// One demo dataset written once (default seed) and shared by the read-only tests.
enum Shared {
    static let written: (folder: URL, summary: DemoDataSummary) = {
        let folder = try! makeTemporaryFolder("shared")
        let summary = try! DemoData.write(to: folder)
        atexit { try? FileManager.default.removeItem(at: Shared.written.folder) }
        return (folder, summary)
    }()

    static func samples() throws -> DatabaseQueue { try open(written.summary.samplesDatabase) }
    static func sessions() throws -> DatabaseQueue { try open(written.summary.sessionsDatabase) }
}

func open(_ path: String) throws -> DatabaseQueue {
    var configuration = Configuration()
    configuration.readonly = true
    return try DatabaseQueue(path: path, configuration: configuration)
}

/// Every row of every table, ordered by id, as plain values (for content comparisons).
func dump(_ queue: DatabaseQueue) throws -> [String: [[DatabaseValue]]] {
    try queue.read { db in
        var out: [String: [[DatabaseValue]]] = [:]
        let tables = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        for table in tables {
            out[table] = try Row.fetchAll(db, sql: "SELECT * FROM \(table) ORDER BY id").map { Array($0.databaseValues) }
        }
        return out
    }
}
