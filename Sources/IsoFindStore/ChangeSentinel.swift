import GRDBSQLite
import Synchronization

/// Tells, in about a microsecond, whether anything was committed to `reports.db` since the last
/// look, by this process or any other (the CLI revoking a token, a second responder).
///
/// It asks SQLite's `PRAGMA data_version` on a connection of its own, which changes whenever
/// another connection commits. GRDB offers no per-call check this cheap across processes (a
/// read through the pool costs about 8 µs, as much as the query it would save), so this one
/// small piece speaks the SQLite C API directly; everything else goes through GRDB.
final class ChangeSentinel: Sendable {
    private struct Handles {
        var connection: OpaquePointer?
        var statement: OpaquePointer?
    }

    private let handles: Mutex<Handles>

    /// nil when the database cannot be opened that way (the caller then does not cache).
    init?(path: String) {
        var connection: OpaquePointer?
        guard sqlite3_open_v2(path, &connection, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nil) == SQLITE_OK else {
            sqlite3_close_v2(connection)
            return nil
        }
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(connection, "PRAGMA data_version", -1, &statement, nil) == SQLITE_OK else {
            sqlite3_finalize(statement)
            sqlite3_close_v2(connection)
            return nil
        }
        handles = Mutex(Handles(connection: connection, statement: statement))
    }

    deinit {
        handles.withLock { handles in
            sqlite3_finalize(handles.statement)
            sqlite3_close_v2(handles.connection)
        }
    }

    /// The current version, or nil when SQLite could not answer (callers then skip their cache).
    func version() -> Int64? {
        handles.withLock { handles in
            defer { sqlite3_reset(handles.statement) }
            guard sqlite3_step(handles.statement) == SQLITE_ROW else { return nil }
            return sqlite3_column_int64(handles.statement, 0)
        }
    }
}

/// A value derived from the store, kept while the store has not changed.
final class StoreCache<Value: Sendable>: Sendable {
    private let sentinel: ChangeSentinel?
    private let entry = Mutex<(version: Int64, value: Value)?>(nil)

    init(sentinel: ChangeSentinel?) { self.sentinel = sentinel }

    /// The cached value if nothing was committed since it was computed, else `compute()`'s.
    func value(_ compute: () throws -> Value) rethrows -> Value {
        guard let version = sentinel?.version() else { return try compute() }
        if let cached = entry.withLock({ $0 }), cached.version == version { return cached.value }
        let value = try compute()
        entry.withLock { $0 = (version, value) }
        return value
    }
}
