import Foundation
import GRDB
import Synchronization

/// Read-only connections to other programs' databases, kept open between reports.
///
/// A connection is tied to the file it opened, identified by device and inode: when the file at
/// a path is replaced (a restore, a new export moved into place), the connections to the old file
/// are closed and the next report opens the new one. Changes made inside the same file are seen by
/// SQLite at each read transaction; a change of schema (a column added by the other program) is
/// noticed through `PRAGMA schema_version` and clears GRDB's schema cache. At most
/// `idlePerFile` connections per file wait between reports; the others are closed when returned.
final class ReadOnlyConnections: Sendable {
    static let shared = ReadOnlyConnections()
    static let idlePerFile = 4

    /// One open connection and the file it reads.
    final class Connection: Sendable {
        let queue: DatabaseQueue
        let file: FileIdentity
        private let schemaVersion = Mutex<Int?>(nil)

        init(queue: DatabaseQueue, file: FileIdentity) {
            self.queue = queue
            self.file = file
        }

        /// Clears GRDB's schema cache when another program changed the schema since the last read.
        func noticeSchemaChanges(_ db: Database) throws {
            let version = try Int.fetchOne(db, sql: "PRAGMA schema_version")
            let changed = schemaVersion.withLock { known in
                defer { known = version }
                return known != nil && known != version
            }
            if changed { db.clearSchemaCache() }
        }
    }

    struct FileIdentity: Hashable, Sendable {
        let path: String
        let device: UInt64
        let inode: UInt64

        init(path: String) throws {
            var info = stat()
            guard stat(path, &info) == 0 else {
                throw StoreError.failure("\(String(cString: strerror(errno)))")
            }
            self.path = path
            device = UInt64(info.st_dev)
            inode = UInt64(info.st_ino)
        }
    }

    private let idle = Mutex<[FileIdentity: [Connection]]>([:])

    /// An idle connection to the file now at `path`, or a new one.
    func checkOut(path: String, label: String?) throws -> Connection {
        let file = try FileIdentity(path: path)
        let reused = idle.withLock { idle -> Connection? in
            // Connections to a file that is no longer at this path are dropped.
            for stale in idle.keys where stale.path == path && stale != file { idle[stale] = nil }
            return idle[file]?.popLast()
        }
        if let reused { return reused }
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(2)
        configuration.label = label
        return Connection(queue: try DatabaseQueue(path: path, configuration: configuration), file: file)
    }

    /// Returns a connection that read without error, for the next report.
    func checkIn(_ connection: Connection) {
        idle.withLock { idle in
            var waiting = idle[connection.file, default: []]
            guard waiting.count < Self.idlePerFile else { return }
            waiting.append(connection)
            idle[connection.file] = waiting
        }
    }

    /// Connections waiting for the file now at `path` (for tests).
    func idleCount(path: String) -> Int {
        idle.withLock { idle in idle.filter { $0.key.path == path }.values.reduce(0) { $0 + $1.count } }
    }
}
