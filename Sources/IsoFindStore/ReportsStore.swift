import Foundation
import GRDB

/// The service's own database (`reports.db`): templates, report history, branding, custom blocks,
/// matrix groups and service tokens. One `DatabasePool` in WAL mode, shared by every request thread:
/// concurrent readers, one writer, every write in a transaction.
///
/// This type is the narrow seam between the service and its storage; nothing else in the service
/// speaks SQL to `reports.db`.
public final class ReportsStore: Sendable {
    let writer: any DatabaseWriter
    /// The clock, injectable so tests can check token expiry and timestamps.
    let now: @Sendable () -> Date
    /// Detects commits by any connection or process; the caches below are valid until one happens.
    let sentinel: ChangeSentinel?
    let tokenCache: TokenCache
    let userTemplatesCache: StoreCache<[StoredTemplate]>

    /// Opens (creating if needed) the store at `path` and brings its schema up to date.
    public init(path: String, now: @escaping @Sendable () -> Date = { Date() }) throws {
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        }
        Self.closeToOthers(path)
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.foreignKeysEnabled = true
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        do {
            writer = try DatabasePool(path: path, configuration: configuration)
        } catch {
            throw StoreError.unavailable("cannot open the store at \(path): \(Self.describe(error))")
        }
        self.now = now
        try Self.migrate(writer)
        sentinel = ChangeSentinel(path: path)
        tokenCache = TokenCache()
        userTemplatesCache = StoreCache(sentinel: sentinel)
    }

    /// A private in-memory store, for tests. It has no change sentinel, so nothing is cached.
    public init(inMemoryWithClock now: @escaping @Sendable () -> Date = { Date() }) throws {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        writer = try DatabaseQueue(configuration: configuration)
        self.now = now
        try Self.migrate(writer)
        sentinel = nil
        tokenCache = TokenCache()
        userTemplatesCache = StoreCache(sentinel: nil)
    }

    private static func migrate(_ writer: any DatabaseWriter) throws {
        do {
            try StoreMigrations.migrator.migrate(writer)
        } catch {
            throw StoreError.unavailable("cannot migrate the store: \(Self.describe(error))")
        }
    }

    /// The store holds token hashes and every report's record: other local users may not read it,
    /// whatever the umask. A new store file is created 0640 (SQLite gives its `-wal` and `-shm`
    /// files the same mode); an existing one, and its `-wal` and `-shm`, lose any permission for
    /// others, and keep the owner's and group's as the operator set them.
    static func closeToOthers(_ path: String) {
        let descriptor = open(path, O_RDONLY | O_CREAT | O_CLOEXEC, 0o640)
        if descriptor >= 0 { close(descriptor) }
        for file in [path, path + "-wal", path + "-shm"] {
            var info = stat()
            if stat(file, &info) == 0, info.st_mode & 0o007 != 0 { chmod(file, info.st_mode & 0o7770) }
        }
    }

    /// `PRAGMA integrity_check`, for `/health` and the fault tests.
    public func integrityCheck() throws -> String {
        try writer.read { db in try String.fetchOne(db, sql: "PRAGMA integrity_check") ?? "no answer" }
    }

    func timestamp() -> String { Timestamp.string(now()) }

    func read<T>(_ body: (Database) throws -> T) throws -> T {
        do { return try writer.read(body) } catch let error as StoreError { throw error } catch {
            throw StoreError.failure(Self.describe(error))
        }
    }

    /// For one SELECT: no explicit transaction (a single statement is consistent on its own), and
    /// callers use `cachedStatement` so the hot queries (token checks, listings) are compiled once
    /// per connection.
    func readStatement<T>(_ body: (Database) throws -> T) throws -> T {
        do { return try writer.unsafeRead(body) } catch let error as StoreError { throw error } catch {
            throw StoreError.failure(Self.describe(error))
        }
    }

    func write<T>(_ body: (Database) throws -> T) throws -> T {
        do { return try writer.write(body) } catch let error as StoreError { throw error } catch {
            if let error = error as? DatabaseError, error.resultCode == .SQLITE_FULL {
                throw StoreError.outOfSpace(Self.describe(error))
            }
            throw StoreError.failure(Self.describe(error))
        }
    }

    static func describe(_ error: any Error) -> String {
        if let error = error as? DatabaseError {
            if error.resultCode == .SQLITE_FULL { return "the disk is full (\(error.message ?? "database or disk is full"))" }
            return error.message ?? "\(error.resultCode)"
        }
        return "\(error)"
    }
}

/// Errors the store reports; messages are safe to show an operator (no SQL, no secrets).
public enum StoreError: Error, Equatable, CustomStringConvertible {
    /// The store could not be opened or migrated: the reports module cannot start.
    case unavailable(String)
    /// A statement failed.
    case failure(String)
    /// A uniqueness rule was broken (e.g. an active token with that name already exists).
    case conflict(String)
    /// A write failed because the file system holding the store is full (SQLITE_FULL).
    case outOfSpace(String)
    /// Another program holds a lock on a database the service only reads, for longer than the
    /// busy timeout: a passing state, worth a retry.
    case busy(String)

    public var description: String {
        switch self {
        case .unavailable(let message), .failure(let message), .conflict(let message), .outOfSpace(let message),
             .busy(let message):
            return message
        }
    }
}

/// ISO 8601 UTC timestamps with second precision, the API's one date format.
public enum Timestamp {
    public static func string(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(timeZone: .gmt))
    }

    public static func date(_ string: String) -> Date? {
        try? Date.ISO8601FormatStyle(timeZone: .gmt).parse(string)
    }
}

/// JSON columns (block lists, matrices): encoded compactly, decoded leniently.
enum JSONColumn {
    static func encode<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    static func decode<T: Decodable>(_ type: T.Type, _ text: String?) throws -> T {
        guard let text else { throw StoreError.failure("a JSON column is NULL") }
        do { return try JSONDecoder().decode(type, from: Data(text.utf8)) } catch {
            throw StoreError.failure("a JSON column does not decode: \(error)")
        }
    }
}
