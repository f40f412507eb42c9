import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The folder of final PDFs (`<data_dir>/reports`). A file is written under a temporary name in
/// the same folder, synced, renamed into place and the folder synced, so a crash leaves either
/// no file or a whole one; the start-up sweep removes files that no record names.
public struct ReportArchive: Sendable {
    public let folder: String

    public init(folder: String) { self.folder = folder }

    public func path(of fileName: String) -> String { (folder as NSString).appendingPathComponent(fileName) }

    public func write(_ bytes: [UInt8], as fileName: String) throws {
        let temporary = path(of: ".\(fileName).tmp")
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o640)
        guard fd >= 0 else { throw ArchiveError("cannot create \(temporary): \(String(cString: strerror(errno)))") }
        var written = 0
        let ok: Bool = bytes.withUnsafeBytes { buffer in
            while written < buffer.count {
                let count = Glibc.write(fd, buffer.baseAddress! + written, buffer.count - written)
                if count < 0 { if errno == EINTR { continue }; return false }
                written += count
            }
            return fsync(fd) == 0
        }
        let failure = ok ? nil : String(cString: strerror(errno))
        close(fd)
        guard ok else {
            unlink(temporary)
            throw ArchiveError("cannot write \(temporary): \(failure ?? "unknown error")")
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

    /// Removes files that no record names (interrupted generations); returns how many.
    public func sweep(keeping names: Set<String>) -> Int {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return 0 }
        var removed = 0
        for entry in entries where !names.contains(entry) {
            let isReport = entry.hasSuffix(".pdf") || entry.hasSuffix(".pdf.tmp")
            if isReport, unlink(path(of: entry)) == 0 { removed += 1 }
        }
        return removed
    }

    public struct ArchiveError: Error, CustomStringConvertible {
        public let description: String
        public init(_ description: String) { self.description = description }
    }
}
