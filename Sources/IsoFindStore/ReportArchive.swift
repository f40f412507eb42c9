import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The folder of final PDFs (`<data_dir>/reports`). A file is written under a temporary name in
/// the same folder, synced, renamed into place and the folder synced, so a crash leaves either
/// no file or a whole one (a write that fails, e.g. on a full disk, removes its temporary file);
/// the start-up sweep removes files that no record names.
public struct ReportArchive: Sendable {
    public let folder: String

    public init(folder: String) { self.folder = folder }

    public func path(of fileName: String) -> String { (folder as NSString).appendingPathComponent(fileName) }

    public func write(_ bytes: [UInt8], as fileName: String) throws {
        let temporary = path(of: ".\(fileName).tmp")
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o640)
        guard fd >= 0 else {
            let code = errno
            throw ArchiveError("cannot create \(temporary): \(String(cString: strerror(code)))",
                               isOutOfSpace: code == ENOSPC || code == EDQUOT)
        }
        var written = 0
        let ok: Bool = bytes.withUnsafeBytes { buffer in
            while written < buffer.count {
                let count = Glibc.write(fd, buffer.baseAddress! + written, buffer.count - written)
                if count < 0 { if errno == EINTR { continue }; return false }
                written += count
            }
            return fsync(fd) == 0
        }
        let code = ok ? 0 : errno
        // close can report a delayed write error (NFS, some quota setups): then nothing is kept.
        let closed = close(fd) == 0 || !ok
        let closeCode = closed ? 0 : errno
        guard ok, closed else {
            unlink(temporary)
            let failure = ok ? closeCode : code
            throw ArchiveError("cannot write \(temporary): \(String(cString: strerror(failure)))",
                               isOutOfSpace: failure == ENOSPC || failure == EDQUOT)
        }
        guard rename(temporary, path(of: fileName)) == 0 else {
            let message = String(cString: strerror(errno))
            unlink(temporary)
            throw ArchiveError("cannot move the report into place: \(message)")
        }
        let directory = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if directory >= 0 {
            fsync(directory)
            close(directory)
        }
    }

    public func remove(_ fileName: String) { unlink(path(of: fileName)) }

    public func exists(_ fileName: String) -> Bool {
        var info = stat()
        return stat(path(of: fileName), &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG
    }

    /// How old a report file with no record must be before a sweep removes it while other
    /// responders share the folder. A generation writes its file and commits its record within a
    /// second or so (the store's busy timeout is 10 s); an hour leaves no doubt that nobody is
    /// about to record it.
    public static let orphanAge: TimeInterval = 3600

    /// Removes report files (`*.pdf`, `*.pdf.tmp`) that no record names: files of generations
    /// interrupted between the file and the record. With `modifiedBefore`, only files last
    /// modified before that date (the sweep of a responder that is not alone on the folder: see
    /// `DataFolderLock`). Returns how many were removed.
    ///
    /// `names` must be read from the store before the folder is listed: a file written and
    /// recorded after the read is then either not listed, or young.
    public func sweep(keeping names: Set<String>, modifiedBefore cutoff: Date? = nil) -> Int {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return 0 }
        var removed = 0
        for entry in entries where !names.contains(entry) {
            guard entry.hasSuffix(".pdf") || entry.hasSuffix(".pdf.tmp") else { continue }
            var info = stat()
            guard lstat(path(of: entry), &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { continue }
            if let cutoff, Double(info.st_mtim.tv_sec) >= cutoff.timeIntervalSince1970 { continue }
            if unlink(path(of: entry)) == 0 { removed += 1 }
        }
        return removed
    }

    public struct ArchiveError: Error, CustomStringConvertible {
        public let description: String
        /// The file system had no room left (ENOSPC or EDQUOT).
        public let isOutOfSpace: Bool
        public init(_ description: String, isOutOfSpace: Bool = false) {
            self.description = description
            self.isOutOfSpace = isOutOfSpace
        }
    }
}
