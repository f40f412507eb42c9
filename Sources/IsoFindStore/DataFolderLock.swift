import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The data folder's lock file, `<data_dir>/.isofind-reports.lock`: an `flock(2)` that tells the
/// processes sharing one data folder about each other.
///
/// - Every running responder holds it **shared** for its whole life (`join`), so several
///   responders can run side by side on one folder.
/// - A responder that starts while no other one runs gets it **exclusively** for a moment: only
///   then may the start-up sweep remove every report file that no record names. Another process
///   could otherwise have written a file whose record is not committed yet, or be writing a
///   `.tmp` file, and the sweep would delete a report that is about to be recorded.
/// - `restore` holds it exclusively while it writes, so that no responder runs on a half-restored
///   folder (a responder that starts meanwhile waits for the restore to finish); `backup` holds
///   it shared while it copies, so that no restore runs under it.
///
/// The kernel releases an `flock` when its process dies, even by SIGKILL, so a crashed responder
/// never leaves the folder locked. The lock belongs to the open file, not to the process: two
/// `DataFolderLock`s in one process exclude each other like two processes do (the unit tests rely
/// on that).
public final class DataFolderLock: Sendable {
    public static let fileName = ".isofind-reports.lock"

    public let path: String
    private let descriptor: Int32

    /// Opens (creating if needed) the lock file of `dataDir`; takes no lock yet.
    public init(dataDir: String) throws {
        path = (dataDir as NSString).appendingPathComponent(Self.fileName)
        // Read-only is enough for flock; 0640 keeps other local users from holding it.
        descriptor = open(path, O_RDONLY | O_CREAT | O_CLOEXEC, 0o640)
        guard descriptor >= 0 else {
            throw StoreError.failure("cannot open the data folder's lock file \(path): \(String(cString: strerror(errno)))")
        }
        // Made by root (restore, backup): the file goes to the folder's owner, or the service
        // could not open it.
        var folder = stat()
        if geteuid() == 0, stat(dataDir, &folder) == 0 {
            _ = fchown(descriptor, folder.st_uid, folder.st_gid)
        }
    }

    deinit { close(descriptor) }

    /// Takes the lock exclusively if no other process holds it; false (and no lock) otherwise.
    public func tryExclusive() -> Bool { lock(LOCK_EX | LOCK_NB) }

    /// Holds the lock shared, waiting while a process holds it exclusively (a start-up sweep, a
    /// restore). Converts an exclusive lock this object holds.
    public func holdShared() throws {
        guard lock(LOCK_SH) else {
            throw StoreError.failure("cannot lock \(path): \(String(cString: strerror(errno)))")
        }
    }

    public func unlock() { _ = flock(descriptor, LOCK_UN) }

    private func lock(_ operation: Int32) -> Bool {
        while flock(descriptor, operation) != 0 {
            if errno != EINTR { return false }
        }
        return true
    }
}
