import Foundation
import GRDB
import Synchronization

/// A database of another program that the service only reads (IsoFind's samples and Nexus
/// sessions databases, MBTiles basemaps): read-only, with a busy timeout, every failure saying
/// which file and what went wrong.
///
/// Its connection comes from `ReadOnlyConnections`, which keeps a few open per file between
/// reports: opening a connection and parsing the file's schema cost more than reading 50 samples.
/// It goes back there when this value is released, unless a read failed.
final class ReadOnlyDatabase: Sendable {
    /// How messages name the file: "The samples database at /var/lib/…/isofind.db".
    let subject: String
    private let connection: ReadOnlyConnections.Connection
    private let failed = Mutex(false)

    init(path: String, subject: String, label: String? = nil) throws {
        self.subject = subject
        do {
            connection = try ReadOnlyConnections.shared.checkOut(path: path, label: label)
        } catch {
            throw Self.storeError("\(subject) cannot be opened", error)
        }
    }

    deinit {
        if !failed.withLock({ $0 }) { ReadOnlyConnections.shared.checkIn(connection) }
    }

    /// `body` in a read transaction; a `StoreError` it throws (a missing table, said plainly)
    /// passes through, any other failure is described.
    func read<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try connection.queue.read { db in
                try connection.noticeSchemaChanges(db)
                return try body(db)
            }
        } catch let error as StoreError {
            throw error
        } catch {
            failed.withLock { $0 = true }   // locked or damaged: the next report opens afresh
            throw Self.storeError("\(subject) cannot be read", error)
        }
    }

    /// `.busy` while another program holds a lock (worth a retry), `.failure` otherwise.
    private static func storeError(_ what: String, _ error: any Error) -> StoreError {
        let message = "\(what): \(explain(error))"
        switch (error as? DatabaseError)?.resultCode {
        case .SQLITE_BUSY?, .SQLITE_LOCKED?: return .busy(message)
        default: return .failure(message)
        }
    }

    /// SQLite's message, and what it means for a database of another program: locked (that
    /// program is writing; the busy timeout ran out) or damaged.
    static func explain(_ error: any Error) -> String {
        let message = ReportsStore.describe(error)
        guard let error = error as? DatabaseError else { return message }
        switch error.resultCode {
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            return "\(message) (another program holds a lock on it, e.g. a long write; try again in a moment)"
        case .SQLITE_NOTADB, .SQLITE_CORRUPT:
            return "\(message) (the file is damaged or is not an SQLite database)"
        default:
            return message
        }
    }
}
