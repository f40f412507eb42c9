import Crypto
import Foundation
import GRDB

#if canImport(Glibc)
import Glibc
#endif

/// Online backup and offline restore of a data folder: the store (`reports.db`), the report files
/// (`reports/`), the branding (`branding/`) and the installation's signing key (`keys/`).
///
/// **Order.** The store is copied first, with SQLite's online backup API, in one step inside one
/// read transaction: a consistent snapshot, taken while responders keep writing (WAL readers do
/// not block the writer). Then exactly the files that the copied store names are copied, each
/// checked against its record's SHA-256. A report recorded after the snapshot is not in the copy,
/// and neither is its file; a file is only deleted after its record, so every record of the
/// snapshot still has its file, except one deleted meanwhile, whose record is then dropped from
/// the copy (and listed in the manifest). So every record of a backup has its file.
///
/// **Restore** checks the manifest and every file's checksum first, takes the data folder's lock
/// exclusively (no responder may run: see `DataFolderLock`), and refuses a folder that already
/// holds a store or files unless forced. It writes the files first and the store last, under a
/// temporary name renamed into place.
public enum StoreBackup {
    static let storeFile = "reports.db"
    static let folders = ["reports", "branding", "keys"]

    // MARK: - Backup

    /// Backs up the data folder `dataDir` (its store is `dataDir/reports.db`) into `out`, which must not exist
    /// or be empty. Returns the manifest, written last (`backup.json`), after the whole copy was
    /// read back and checked.
    ///
    /// The store is opened as it is, never migrated: a newer binary backing up a store that an
    /// older responder still uses must not change it.
    public static func backup(dataDir: String, to out: String, softwareVersion: String,
                              now: Date = Date()) throws -> BackupManifest {
        let fileManager = FileManager.default
        let storePath = join(dataDir, storeFile)
        guard fileManager.fileExists(atPath: storePath) else {
            throw BackupError(.refused, "there is no store at \(storePath): nothing to back up (check data_dir)")
        }
        var isDirectory: ObjCBool = false
        if fileManager.fileExists(atPath: out, isDirectory: &isDirectory) {
            guard isDirectory.boolValue, (try? fileManager.contentsOfDirectory(atPath: out))?.isEmpty == true else {
                throw BackupError(.refused, "\(out) exists and is not an empty folder: give a new folder for the backup")
            }
        }
        // Shared, like a responder: a restore cannot start under the backup (it would wait for one).
        let lock: DataFolderLock
        do {
            lock = try DataFolderLock(dataDir: dataDir)
            try lock.holdShared()
        } catch {
            throw BackupError(.failed, "\(error)")
        }
        defer { lock.unlock() }
        do {
            return try copy(storePath: storePath, dataDir: dataDir, to: out, softwareVersion: softwareVersion, now: now)
        } catch {
            // No half backup is left behind (it would hold the signing key, and look like a backup).
            if let entries = try? fileManager.contentsOfDirectory(atPath: out) {
                for entry in entries { try? fileManager.removeItem(atPath: join(out, entry)) }
            }
            throw error
        }
    }

    static func copy(storePath: String, dataDir: String, to out: String, softwareVersion: String,
                     now: Date) throws -> BackupManifest {
        // The backup holds the signing key: only its owner may read it.
        try makeFolder(out, mode: 0o700)
        for folder in folders { try makeFolder(join(out, folder), mode: 0o700) }

        // 1. The store, in one consistent step.
        let storeCopy = join(out, storeFile)
        let createdAt = Timestamp.string(now)
        do {
            var configuration = Configuration()
            configuration.busyMode = .timeout(10)
            let source = try DatabasePool(path: storePath, configuration: configuration)
            defer {
                try? source.close()
                keepOwner(of: storePath)
            }
            let destination = try DatabaseQueue(path: storeCopy)
            try source.backup(to: destination)
            // One self-contained file, whatever the source's journal mode.
            try destination.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA journal_mode = DELETE") }
            try destination.close()
        } catch {
            throw BackupError(.failed, "cannot copy the store: \(ReportsStore.describe(error))")
        }
        chmod(storeCopy, 0o600)

        // 2. The report files the copy names, each checked against its record.
        var entries = [try entry(out, storeFile)]
        var deleted: [Int] = []
        let copy = try openCopy(storeCopy)
        let records = try reportFiles(copy)
        for record in records {
            let source = join(join(dataDir, "reports"), record.fileName)
            guard FileManager.default.fileExists(atPath: source) else {
                deleted.append(record.id)
                continue
            }
            let copied = try copyFile(source, to: join(join(out, "reports"), record.fileName), mode: 0o600)
            guard copied.sha256 == record.sha256, copied.size == record.size else {
                throw BackupError(.damaged, "the file of report \(record.id) (\(source)) does not match its record: "
                                  + "size \(copied.size) and SHA-256 \(copied.sha256), recorded \(record.size) and \(record.sha256)")
            }
            entries.append(.init(path: "reports/\(record.fileName)", size: copied.size, sha256: copied.sha256, mode: 0o640))
        }
        if !deleted.isEmpty {
            do {
                try copy.write { db in
                    for id in deleted { try db.execute(sql: "DELETE FROM reports WHERE id = ?", arguments: [id]) }
                }
                try copy.close()
            } catch {
                throw BackupError(.failed, "cannot drop deleted reports from the copy: \(ReportsStore.describe(error))")
            }
            entries[0] = try entry(out, storeFile)
        } else {
            try? copy.close()
        }

        // 3. Branding and the installation's keys, as they are.
        for folder in ["branding", "keys"] {
            for name in try regularFiles(in: join(dataDir, folder)) {
                let source = join(join(dataDir, folder), name)
                let mode = try fileMode(source)
                let copied = try copyFile(source, to: join(join(out, folder), name), mode: 0o600)
                entries.append(.init(path: "\(folder)/\(name)", size: copied.size, sha256: copied.sha256, mode: mode))
            }
        }

        let manifest = BackupManifest(format: BackupManifest.currentFormat, softwareVersion: softwareVersion,
                                      createdAt: createdAt, source: dataDir, reports: records.count - deleted.count,
                                      deletedDuringBackup: deleted, files: entries)
        // 4. Read everything back before the manifest marks the backup complete.
        try check(out, manifest)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try writeFile(Array(try encoder.encode(manifest)) + [0x0A], to: join(out, BackupManifest.fileName), mode: 0o600)
        syncFolder(out)
        return manifest
    }

    // MARK: - Verify

    /// Reads `backup.json` of the backup folder `folder` and checks every file it lists (size and
    /// SHA-256), the store's integrity and that every record of the store has its file.
    public static func verify(_ folder: String) throws -> BackupManifest {
        let path = join(folder, BackupManifest.fileName)
        guard let data = FileManager.default.contents(atPath: path) else {
            throw BackupError(.damaged, "\(folder) is not a complete backup: it has no \(BackupManifest.fileName)")
        }
        let manifest: BackupManifest
        do { manifest = try JSONDecoder().decode(BackupManifest.self, from: data) } catch {
            throw BackupError(.damaged, "\(path) cannot be read: \(error)")
        }
        guard manifest.format == BackupManifest.currentFormat else {
            throw BackupError(.refused, "\(path) has format \(manifest.format); this program reads format \(BackupManifest.currentFormat)")
        }
        try check(folder, manifest)
        return manifest
    }

    static func check(_ folder: String, _ manifest: BackupManifest) throws {
        var listed = Set<String>()
        for entry in manifest.files {
            guard isSafe(entry.path) else { throw BackupError(.damaged, "the manifest lists a path outside the backup: \(entry.path)") }
            listed.insert(entry.path)
            let (size, sha256) = try digest(join(folder, entry.path))
            guard size == entry.size, sha256 == entry.sha256 else {
                throw BackupError(.damaged, "\(entry.path) in \(folder) does not match the manifest (size \(size), "
                                  + "SHA-256 \(sha256); listed \(entry.size), \(entry.sha256)): the backup is damaged")
            }
        }
        guard listed.contains(storeFile) else { throw BackupError(.damaged, "the manifest lists no \(storeFile)") }
        let copy = try openCopy(join(folder, storeFile), readOnly: true)
        defer { try? copy.close() }
        let integrity: String
        do { integrity = try copy.read { db in try String.fetchOne(db, sql: "PRAGMA integrity_check") ?? "no answer" } } catch {
            throw BackupError(.damaged, "the store of the backup cannot be read: \(ReportsStore.describe(error))")
        }
        guard integrity == "ok" else { throw BackupError(.damaged, "the store of the backup fails its integrity check: \(integrity)") }
        let records = try reportFiles(copy)
        guard records.count == manifest.reports else {
            throw BackupError(.damaged, "the store of the backup holds \(records.count) reports; the manifest says \(manifest.reports)")
        }
        let sums = Dictionary(manifest.files.map { ($0.path, $0.sha256) }, uniquingKeysWith: { first, _ in first })
        for record in records where sums["reports/\(record.fileName)"] != record.sha256 {
            throw BackupError(.damaged, "report \(record.id) of the backup has no file, or not the recorded one")
        }
    }

    // MARK: - Restore

    public struct RestoreSummary: Sendable, Equatable {
        public var manifest: BackupManifest
        /// Where what the folder held before was moved (`--force`), or nil.
        public var setAside: String?
    }

    /// Restores the backup `folder` into the data folder `dataDir` of a stopped service. Refuses
    /// when a responder runs on it; refuses a folder that holds a store or files unless `force`,
    /// which moves them into `<dataDir>/.before-restore-<time>/` first (never deletes them). When
    /// run as root, the restored files get the owner of `dataDir` and the group of their folder,
    /// so that the service user can use them.
    public static func restore(from folder: String, into dataDir: String, force: Bool, now: Date = Date()) throws -> RestoreSummary {
        let manifest = try verify(folder)
        try makeFolder(dataDir, mode: 0o751)
        let lock = try DataFolderLock(dataDir: dataDir)
        guard lock.tryExclusive() else {
            throw BackupError(.inUse, "\(dataDir) is in use: a responder or a backup runs on it. Stop the service first "
                              + "(systemctl stop isofind-reports.socket isofind-reports.service), or wait for the backup")
        }
        defer { lock.unlock() }

        let present = try existingContent(dataDir)
        var setAside: String?
        if !present.isEmpty {
            guard force else {
                throw BackupError(.notEmpty, "\(dataDir) already holds \(present.prefix(5).joined(separator: ", "))"
                                  + (present.count > 5 ? " and \(present.count - 5) more" : "")
                                  + ": restore into an empty data folder, or give --force to move what is there aside first")
            }
            let aside = join(dataDir, ".before-restore-" + Timestamp.string(now).replacingOccurrences(of: ":", with: ""))
            try makeFolder(aside, mode: 0o700)
            for name in present {
                let target = join(aside, name)
                try makeFolder((target as NSString).deletingLastPathComponent, mode: 0o700)
                guard rename(join(dataDir, name), target) == 0 else {
                    throw BackupError(.failed, "cannot move \(join(dataDir, name)) aside: \(String(cString: strerror(errno)))")
                }
            }
            setAside = aside
        }

        let owner = try? FileManager.default.attributesOfItem(atPath: dataDir)[.ownerAccountID] as? Int
        for folder in folders {
            try makeFolder(join(dataDir, folder), mode: folder == "keys" ? 0o700 : 0o750)
        }
        // The files first, the store last: until its rename, the folder has no store.
        for entry in manifest.files where entry.path != storeFile {
            let target = join(dataDir, entry.path)
            let copied = try copyFile(join(folder, entry.path), to: target, mode: entry.mode & 0o777)
            guard copied.sha256 == entry.sha256 else { throw BackupError(.damaged, "\(entry.path) changed while it was restored") }
            giveAway(target, owner: owner)
        }
        for folder in folders { syncFolder(join(dataDir, folder)) }
        let temporary = join(dataDir, ".\(storeFile).restoring")
        _ = try copyFile(join(folder, storeFile), to: temporary, mode: 0o640)
        giveAway(temporary, owner: owner)
        guard rename(temporary, join(dataDir, storeFile)) == 0 else {
            throw BackupError(.failed, "cannot move the restored store into place: \(String(cString: strerror(errno)))")
        }
        syncFolder(dataDir)
        return RestoreSummary(manifest: manifest, setAside: setAside)
    }

    /// What a restore would overwrite: the store and its WAL files, and every entry of the folders.
    static func existingContent(_ dataDir: String) throws -> [String] {
        var found: [String] = []
        for name in [storeFile, storeFile + "-wal", storeFile + "-shm"] where FileManager.default.fileExists(atPath: join(dataDir, name)) {
            found.append(name)
        }
        for folder in folders {
            let entries = (try? FileManager.default.contentsOfDirectory(atPath: join(dataDir, folder))) ?? []
            found += entries.sorted().map { "\(folder)/\($0)" }
        }
        return found
    }

    // MARK: - Files

    struct RecordedFile { let id: Int; let fileName: String; let size: Int; let sha256: String }

    static func openCopy(_ path: String, readOnly: Bool = false) throws -> DatabaseQueue {
        var configuration = Configuration()
        configuration.readonly = readOnly
        do { return try DatabaseQueue(path: path, configuration: configuration) } catch {
            throw BackupError(.damaged, "the store copy \(path) cannot be opened: \(ReportsStore.describe(error))")
        }
    }

    static func reportFiles(_ copy: DatabaseQueue) throws -> [RecordedFile] {
        let rows: [Row]
        do { rows = try copy.read { db in try Row.fetchAll(db, sql: "SELECT id, file_name, file_size, sha256 FROM reports ORDER BY id") } } catch {
            throw BackupError(.damaged, "the reports of the store copy cannot be read: \(ReportsStore.describe(error))")
        }
        return try rows.map { row in
            let record = RecordedFile(id: row["id"], fileName: row["file_name"], size: row["file_size"], sha256: row["sha256"])
            guard !record.fileName.isEmpty, !record.fileName.contains("/"), !record.fileName.hasPrefix(".") else {
                throw BackupError(.damaged, "report \(record.id) names the file '\(record.fileName)', which is not a plain file name")
            }
            return record
        }
    }

    static func join(_ folder: String, _ name: String) -> String { (folder as NSString).appendingPathComponent(name) }

    static func isSafe(_ path: String) -> Bool {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        return !path.hasPrefix("/") && !parts.contains { $0.isEmpty || $0 == "." || $0 == ".." }
            && (path == storeFile || (parts.count == 2 && folders.contains(String(parts[0]))))
    }

    static func makeFolder(_ path: String, mode: Int) throws {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw BackupError(.refused, "\(path) exists and is not a folder") }
            return
        }
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: mode])
        } catch {
            throw BackupError(.failed, "cannot create \(path): \(error.localizedDescription)")
        }
    }

    /// The regular files directly in `folder` (none when it does not exist); links and hidden
    /// files (lock files such as `keys/.signing.lock`, temporary files) are skipped.
    static func regularFiles(in folder: String) throws -> [String] {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return [] }
        return entries.sorted().filter { name in
            guard !name.hasPrefix(".") else { return false }
            var info = stat()
            return lstat(join(folder, name), &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG
        }
    }

    static func fileMode(_ path: String) throws -> Int {
        var info = stat()
        guard stat(path, &info) == 0 else { throw BackupError(.failed, "cannot read \(path): \(String(cString: strerror(errno)))") }
        return Int(info.st_mode & 0o7777)
    }

    static func entry(_ folder: String, _ path: String) throws -> BackupManifest.Entry {
        let (size, sha256) = try digest(join(folder, path))
        return .init(path: path, size: size, sha256: sha256, mode: 0o640)
    }

    static func digest(_ path: String) throws -> (size: Int, sha256: String) {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw BackupError(.damaged, "\(path) is missing or cannot be read")
        }
        defer { try? handle.close() }
        var hash = SHA256()
        var size = 0
        do {
            while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
                hash.update(data: chunk)
                size += chunk.count
            }
        } catch {
            throw BackupError(.damaged, "\(path) cannot be read: \(error.localizedDescription)")
        }
        return (size, hash.finalize().map { String(format: "%02x", $0) }.joined())
    }

    /// Copies `source` to `target` (created with `mode`, synced), hashing what it copies.
    static func copyFile(_ source: String, to target: String, mode: Int) throws -> (size: Int, sha256: String) {
        let input = open(source, O_RDONLY | O_CLOEXEC)
        guard input >= 0 else { throw BackupError(.failed, "cannot read \(source): \(String(cString: strerror(errno)))") }
        defer { close(input) }
        let output = open(target, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode_t(mode))
        guard output >= 0 else { throw BackupError(.failed, "cannot create \(target): \(String(cString: strerror(errno)))") }
        var hash = SHA256()
        var size = 0
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        var failure: String?
        copying: while true {
            let count = buffer.withUnsafeMutableBytes { read(input, $0.baseAddress!, $0.count) }
            if count < 0 { if errno == EINTR { continue }; failure = "cannot read \(source)"; break }
            if count == 0 { break }
            hash.update(data: buffer[0..<count])
            var written = 0
            while written < count {
                let step = buffer.withUnsafeBytes { write(output, $0.baseAddress! + written, count - written) }
                if step < 0 { if errno == EINTR { continue }; failure = "cannot write \(target)"; break copying }
                written += step
            }
            size += count
        }
        if failure == nil, fsync(output) != 0 { failure = "cannot sync \(target)" }
        let code = errno
        fchmod(output, mode_t(mode))
        close(output)
        if let failure {
            unlink(target)
            throw BackupError(.failed, "\(failure): \(String(cString: strerror(code)))")
        }
        return (size, hash.finalize().map { String(format: "%02x", $0) }.joined())
    }

    static func writeFile(_ bytes: [UInt8], to path: String, mode: Int) throws {
        let temporary = path + ".tmp"
        guard FileManager.default.createFile(atPath: temporary, contents: Data(bytes), attributes: [.posixPermissions: mode]) else {
            throw BackupError(.failed, "cannot write \(temporary)")
        }
        let fd = open(temporary, O_RDONLY | O_CLOEXEC)
        if fd >= 0 { fsync(fd); close(fd) }
        guard rename(temporary, path) == 0 else { throw BackupError(.failed, "cannot write \(path): \(String(cString: strerror(errno)))") }
    }

    static func syncFolder(_ path: String) {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if fd >= 0 { fsync(fd); close(fd) }
    }

    /// As root, the store's WAL files that opening it may have made get the store's owner and
    /// group: root-owned ones would stop the service from opening its store.
    static func keepOwner(of storePath: String) {
        guard geteuid() == 0 else { return }
        var store = stat()
        guard stat(storePath, &store) == 0 else { return }
        for suffix in ["-wal", "-shm"] {
            _ = chown(storePath + suffix, store.st_uid, store.st_gid)
        }
    }

    /// As root: the data folder's owner, and the group of the file's folder (`reports/` is
    /// www-data's in production), so the service and nginx can use what root restored.
    static func giveAway(_ path: String, owner: Int?) {
        guard geteuid() == 0, let owner else { return }
        var folder = stat()
        guard stat((path as NSString).deletingLastPathComponent, &folder) == 0 else { return }
        _ = chown(path, uid_t(owner), folder.st_gid)
    }
}
