import Synchronization

/// What a responder holds of its data folder: the shared `DataFolderLock`, taken once by the
/// start-up sweep and kept until the process ends.
public final class DataFolderMembership: Sendable {
    private let lock = Mutex<DataFolderLock?>(nil)

    public init() {}

    /// Joins the folder: returns true when this process is the only one on it (the lock was
    /// exclusive, so `whileAlone` ran), false when others run (`whileAlone` did not run). Either
    /// way, the lock is then held shared until the process ends. Joining twice does nothing more.
    @discardableResult
    public func join(dataDir: String, whileAlone: () throws -> Void) throws -> Bool {
        try lock.withLock { held in
            if held != nil { return false }
            let folderLock = try DataFolderLock(dataDir: dataDir)
            let alone = folderLock.tryExclusive()
            defer { held = folderLock }
            if alone {
                do { try whileAlone() } catch {
                    try folderLock.holdShared()
                    throw error
                }
            }
            try folderLock.holdShared()
            return alone
        }
    }
}
