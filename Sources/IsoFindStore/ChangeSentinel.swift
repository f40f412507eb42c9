import GRDBSQLite
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Tells, in about a microsecond, whether anything was committed to `reports.db` since the last
/// look, by this process or any other (the CLI revoking a token, a second responder).
///
/// It asks SQLite's `PRAGMA data_version` on a connection of its own, which changes whenever
/// another connection commits. GRDB offers no per-call check this cheap across processes (a
/// read through the pool costs about 8 µs, as much as the query it would save), so this one
/// small piece speaks the SQLite C API directly; everything else goes through GRDB.
final class ChangeSentinel: Sendable {
    /// SQLite handles, only ever used under their lane's lock.
    private struct Handles: @unchecked Sendable {
        var connection: OpaquePointer?
        var statement: OpaquePointer?
    }

    /// A few connections, picked by thread, so that worker threads rarely wait for each other.
    /// Each sees every commit made by any other connection, but their counters differ, so caches
    /// keep one entry per lane.
    private let lanes: [Lane]

    private final class Lane: Sendable {
        let handles: Mutex<Handles>
        init(_ handles: Handles) { self.handles = Mutex(handles) }
    }

    /// nil when the database cannot be opened that way (the caller then does not cache).
    init?(path: String, lanes count: Int = 8) {
        var lanes: [Lane] = []
        for _ in 0..<count {
            var connection: OpaquePointer?
            var statement: OpaquePointer?
            guard sqlite3_open_v2(path, &connection, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nil) == SQLITE_OK,
                  sqlite3_prepare_v2(connection, "PRAGMA data_version", -1, &statement, nil) == SQLITE_OK else {
                sqlite3_finalize(statement)
                sqlite3_close_v2(connection)
                for lane in lanes { lane.handles.withLock { Self.close($0) } }
                return nil
            }
            lanes.append(Lane(Handles(connection: connection, statement: statement)))
        }
        self.lanes = lanes
    }

    deinit {
        for lane in lanes { lane.handles.withLock { Self.close($0) } }
    }

    private static func close(_ handles: Handles) {
        sqlite3_finalize(handles.statement)
        sqlite3_close_v2(handles.connection)
    }

    /// The current version as seen on the calling thread's lane, or nil when SQLite could not
    /// answer (callers then skip their cache).
    func version() -> Version? {
        // pthread_t is the thread's address: drop the low bits, equal for every thread.
        let lane = Int((UInt(pthread_self()) >> 12) % UInt(lanes.count))
        return lanes[lane].handles.withLock { handles in
            defer { sqlite3_reset(handles.statement) }
            guard sqlite3_step(handles.statement) == SQLITE_ROW else { return nil }
            return Version(lane: lane, counter: sqlite3_column_int64(handles.statement, 0))
        }
    }

    /// A data_version is only comparable with another from the same connection.
    struct Version: Equatable, Sendable {
        let lane: Int
        let counter: Int64
    }
}

/// A value derived from the store, kept while the store has not changed. One entry per sentinel
/// lane, since versions are comparable only within a lane.
final class StoreCache<Value: Sendable>: Sendable {
    private let sentinel: ChangeSentinel?
    private let entries = Mutex<[Int: (counter: Int64, value: Value)]>([:])

    init(sentinel: ChangeSentinel?) { self.sentinel = sentinel }

    /// The cached value if nothing was committed since it was computed, else `compute()`'s.
    func value(_ compute: () throws -> Value) rethrows -> Value {
        guard let version = sentinel?.version() else { return try compute() }
        if let cached = entries.withLock({ $0[version.lane] }), cached.counter == version.counter { return cached.value }
        let value = try compute()
        entries.withLock { $0[version.lane] = (version.counter, value) }
        return value
    }
}
