import Foundation
import GRDB

/// One row of `GET /api/reports/nexus-sessions`.
public struct NexusSessionSummary: Sendable, Equatable, Codable {
    public var id: Int
    public var name: String
    public var sampleID: Int?
    public var sampleName: String?
    public var element: String?
    public var createdAt: String?

    enum CodingKeys: String, CodingKey {
        case id, name, element
        case sampleID = "sample_id", sampleName = "sample_name", createdAt = "created_at"
    }
}

/// Reads IsoFind's Nexus sessions database (`workflows.db`), read-only. The service never writes it.
public struct NexusSessionsReader: Sendable {
    public let path: String?

    public init(path: String?) { self.path = path }

    /// The `limit` most recent sessions, newest first. A database that is not configured or does
    /// not exist gives an empty list; one that cannot be read throws `StoreError.failure`, or
    /// `StoreError.busy` while another program holds a lock on it.
    public func recentSessions(limit: Int = 50) throws -> [NexusSessionSummary] {
        guard let database = try open() else { return [] }
        return try database.read { db in
            try Row.fetchAll(db, sql: """
                SELECT id, name, sample_id, sample_name, element, created_at FROM nexus_sessions
                ORDER BY created_at DESC, id DESC LIMIT ?
                """, arguments: [limit]).map { row in
                NexusSessionSummary(id: row["id"], name: row["name"] ?? "", sampleID: row["sample_id"],
                                    sampleName: row["sample_name"], element: row["element"], createdAt: row["created_at"])
            }
        }
    }

    /// One session: its sample and its `result_json`; nil when no session has that id (or no
    /// sessions database is configured).
    public func session(id: Int) throws -> (sampleID: Int?, resultJSON: String?)? {
        guard let database = try open() else { return nil }
        return try database.read { db in
            try Row.fetchOne(db, sql: "SELECT sample_id, result_json FROM nexus_sessions WHERE id = ?", arguments: [id])
                .map { (sampleID: $0["sample_id"] as Int?, resultJSON: $0["result_json"] as String?) }
        }
    }

    /// The sessions database, or nil when none is configured or the file does not exist.
    private func open() throws -> ReadOnlyDatabase? {
        guard let path, !path.isEmpty, FileManager.default.fileExists(atPath: path) else { return nil }
        // Named by its file name: the message reaches clients (GET /nexus-sessions), who need
        // not learn the server's folders; the operator knows sessions_db.
        return try ReadOnlyDatabase(path: path, subject: "the Nexus sessions database \((path as NSString).lastPathComponent)")
    }
}
