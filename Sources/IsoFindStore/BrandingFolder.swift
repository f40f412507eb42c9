import Foundation
import IsoFindDomain
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The folder of the organisation's logo (`<data_dir>/branding/`).
///
/// A logo is given as a path on the server. It is checked (an existing regular file, symbolic
/// links resolved; extension png, jpg, jpeg or svg in any case; at most 5 MiB; content really of
/// that format) and then COPIED here under a content-derived name, so reports keep their logo
/// when the original moves or is deleted. Reports read the copy, checked again when read.
///
/// Security: the caller is an administrator, and the service reads the named file with its own
/// rights. Whatever the file, a refusal only says whether it is a valid PNG, JPEG or SVG image
/// (and, for images, why not); its bytes are never echoed, and only a file that passed the check
/// is copied. Directories, device files, FIFOs and sockets are refused before anything is read
/// (checked on the resolved path, then again on the open descriptor), and the service's private
/// keys folder is refused outright.
public struct BrandingFolder: Sendable {
    /// Largest logo accepted, any format.
    public static let maxLogoBytes = 5 * 1024 * 1024
    public static let logoExtensions = ["png", "jpg", "jpeg", "svg"]

    public let path: String
    /// The service's private keys folder, which no logo path may name.
    public let keysFolder: String

    public init(path: String, keysFolder: String) {
        self.path = path
        self.keysFolder = keysFolder
    }

    /// The path of a copied logo.
    public func file(_ name: String) -> String { (path as NSString).appendingPathComponent(name) }

    /// A logo that passed every check: its bytes and its lower-cased extension.
    public struct CheckedLogo: Sendable {
        public let bytes: [UInt8]
        public let fileExtension: String
    }

    /// Why a logo path was refused: one sentence for the administrator (a 400).
    public struct Refusal: Error, Sendable, CustomStringConvertible {
        public let description: String
        init(_ description: String) { self.description = description }
    }

    /// The logo at `path`, checked.
    public func check(_ path: String) throws(Refusal) -> CheckedLogo {
        guard path.hasPrefix("/") else { throw Refusal("logo_path must be an absolute path on the server: \(path)") }
        // Symbolic links and `..` resolved: every later check applies to the file actually read.
        let (real, errorNumber) = Self.realPath(path)
        guard let resolved = real else {
            if errorNumber == EACCES { throw Refusal("Logo file cannot be read: \(path)") }
            throw Refusal("Logo file not found: \(path)")
        }
        var info = stat()
        guard stat(resolved, &info) == 0 else { throw Refusal("Logo file not found: \(path)") }
        guard info.st_mode & S_IFMT == S_IFREG else { throw Refusal("Logo path is not a regular file: \(path)") }
        let ext = (path as NSString).pathExtension
        guard Self.logoExtensions.contains(ext.lowercased()) else {
            let named = ext.isEmpty ? "no extension" : "extension '.\(ext)'"
            throw Refusal("Unsupported logo file \(named): \(path). Accepted extensions: .png, .jpg, .jpeg, .svg (any case).")
        }
        let keys = Self.canonical(keysFolder)
        if resolved == keys || resolved.hasPrefix(keys + "/") {
            throw Refusal("logo_path may not name a file in the service's keys folder: \(path)")
        }
        let bytes: [UInt8]
        do {
            bytes = try Self.readRegularFile(atPath: resolved)
        } catch {
            switch error {
            case .tooLarge(let size): throw Refusal("Logo file is too large (\(size) bytes; the limit is 5 MiB): \(path)")
            case .notRegular: throw Refusal("Logo path is not a regular file: \(path)")
            case .unreadable: throw Refusal("Logo file cannot be read: \(path)")
            }
        }
        let family = ext.lowercased() == "jpeg" ? "jpg" : ext.lowercased()
        if family == "svg" {
            if let problem = Self.svgProblem(bytes) {
                throw Refusal("Logo file is not a valid SVG image (\(problem)): \(path)")
            }
        } else {
            let expected: ImageKind = family == "png" ? .png : .jpeg
            let label = expected == .png ? "PNG" : "JPEG"
            do {
                let image = try DecodedImage(validating: bytes)
                guard image.kind == expected else {
                    let actual = image.kind == .png ? "PNG" : "JPEG"
                    throw Refusal("Logo file is not a valid \(label) image (its content is a \(actual) image; the extension must match): \(path)")
                }
            } catch let error as ImageFormatError {
                let reason = switch error {
                case .notPNGOrJPEG: "its content is not a \(label) image"
                case .invalidPNG(let detail), .invalidJPEG(let detail): detail
                }
                throw Refusal("Logo file is not a valid \(label) image (\(reason)): \(path)")
            } catch let refusal as Refusal {
                throw refusal
            } catch {
                throw Refusal("Logo file is not a valid \(label) image: \(path)")
            }
        }
        return CheckedLogo(bytes: bytes, fileExtension: ext.lowercased())
    }

    /// Copies a checked logo here under its content-derived name (written to a temporary file in
    /// this folder, then renamed into place) and returns the name.
    public func copy(_ logo: CheckedLogo) throws -> String {
        let name = ReportsStore.contentName(for: logo.bytes, extension: logo.fileExtension)
        let temporary = file(".logo-\(UUID().uuidString).tmp")
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            try Data(logo.bytes).write(to: URL(fileURLWithPath: temporary))
            guard rename(temporary, file(name)) == 0 else { throw CocoaError(.fileWriteUnknown) }
        } catch {
            unlink(temporary)
            throw StoreError.failure("cannot copy the logo into \(path): \(error)")
        }
        return name
    }

    /// Removes copied logos (and leftover temporary files) other than `keeping`. Failures are
    /// ignored: an orphan file is harmless and the next update tries again.
    public func removeUnreferenced(keeping: String?) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: path) else { return }
        for name in names where name != keeping {
            guard name.hasPrefix(ReportsStore.logoFilePrefix) || (name.hasPrefix(".logo-") && name.hasSuffix(".tmp")) else { continue }
            unlink(file(name))
        }
    }

    /// A copied logo as reports print it: its bytes and format, checked again now.
    public struct LogoFile: Sendable {
        public enum Kind: Sendable { case png, jpeg, svg }
        public let kind: Kind
        public let bytes: [UInt8]
    }

    /// Reads the copy named `name` for a report; throws with a sentence (naming the file, not
    /// its folder) when it is missing, unreadable or no longer a valid image.
    public func logoForReports(_ name: String) throws(Refusal) -> LogoFile {
        guard !name.contains("/"), name != "..", name != "." else { throw Refusal("the stored logo name \(name) is not a file name") }
        let bytes: [UInt8]
        do {
            bytes = try Self.readRegularFile(atPath: file(name))
        } catch {
            throw Refusal("the logo file \(name) cannot be read")
        }
        if (name as NSString).pathExtension.lowercased() == "svg" {
            if let problem = Self.svgProblem(bytes) { throw Refusal("the logo file \(name) is not a valid SVG image (\(problem))") }
            return LogoFile(kind: .svg, bytes: bytes)
        }
        guard let image = try? DecodedImage(validating: bytes) else {
            throw Refusal("the logo file \(name) is not a valid PNG or JPEG image")
        }
        return LogoFile(kind: image.kind == .png ? .png : .jpeg, bytes: bytes)
    }

    // MARK: - Files

    enum ReadProblem: Error {
        case tooLarge(Int)
        case notRegular
        case unreadable
    }

    /// `realpath(3)`: the absolute path with every symbolic link, `.` and `..` resolved, or errno.
    static func realPath(_ path: String) -> (path: String?, errorNumber: Int32) {
        guard let resolved = realpath(path, nil) else { return (nil, errno) }
        defer { free(resolved) }
        return (String(cString: resolved), 0)
    }

    /// `path` resolved when possible, else standardised (for comparisons with resolved paths).
    static func canonical(_ path: String) -> String {
        if let real = realPath(path).path { return real }
        return (path as NSString).standardizingPath
    }

    /// Reads a regular file of at most `maxLogoBytes` bytes. The descriptor is opened without
    /// following a final symbolic link and without blocking (a FIFO swapped in cannot hang the
    /// request), and checked again with `fstat` before anything is read.
    static func readRegularFile(atPath path: String) throws(ReadProblem) -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else { throw .unreadable }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw .unreadable }
        guard info.st_mode & S_IFMT == S_IFREG else { throw .notRegular }
        guard info.st_size <= maxLogoBytes else { throw .tooLarge(Int(info.st_size)) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw .unreadable
            }
            if count == 0 { break }
            bytes.append(contentsOf: buffer[0..<count])
            // The file may have grown since fstat.
            if bytes.count > maxLogoBytes { throw .tooLarge(bytes.count) }
        }
        return bytes
    }

    /// Why `bytes` are not an SVG document, or nil. A cheap structural check, not a full XML
    /// parse: UTF-8 text (a BOM allowed) whose first element, after an optional XML declaration,
    /// comments, processing instructions and a doctype, is `<svg`, and which closes it. A doctype
    /// with an internal subset (entity declarations) is refused: the renderer need not expand
    /// entities from an uploaded file.
    static func svgProblem(_ bytes: [UInt8]) -> String? {
        var body = bytes[...]
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        guard let text = String(validating: body, as: UTF8.self) else { return "it is not UTF-8 text" }
        var rest = text[...]
        func skipSpace() { rest = rest.drop { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" } }
        while true {
            skipSpace()
            if rest.hasPrefix("<?") {
                guard let end = rest.range(of: "?>") else { return "an unterminated processing instruction" }
                rest = rest[end.upperBound...]
            } else if rest.hasPrefix("<!--") {
                guard let end = rest.range(of: "-->") else { return "an unterminated comment" }
                rest = rest[end.upperBound...]
            } else if rest.hasPrefix("<!DOCTYPE") || rest.hasPrefix("<!doctype") {
                guard let end = rest.firstIndex(of: ">") else { return "an unterminated doctype" }
                if rest[..<end].contains("[") { return "a doctype with an internal subset is not accepted" }
                rest = rest[rest.index(after: end)...]
            } else {
                break
            }
        }
        guard rest.hasPrefix("<svg") else { return "the root element is not <svg>" }
        let afterName = rest.dropFirst(4).first
        guard let afterName, afterName == ">" || afterName == "/" || afterName.isWhitespace else {
            return "the root element is not <svg>"
        }
        guard let tagEnd = rest.firstIndex(of: ">") else { return "the <svg> tag is not closed" }
        let selfClosing = rest[..<tagEnd].hasSuffix("/")
        if !selfClosing && rest.range(of: "</svg") == nil { return "the <svg> element is not closed" }
        return nil
    }
}
