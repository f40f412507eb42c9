import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import IsoFindDomain
import IsoFindReport
import IsoFindStore

// Branding (`api.md`, "Branding (3)"): GET, PUT (Pro licence, admin role) and DELETE /branding.
//
// A logo is given as a path on the server (`logo_path`). It is checked (an existing regular file,
// symbolic links resolved; extension png, jpg, jpeg or svg in any case; at most 5 MiB; content
// really of that format) and then COPIED into `<data_dir>/branding/` under a content-derived
// name, so reports keep their logo when the original moves or is deleted.
//
// The response's `logo_path` is the path of that copy, not the path the administrator gave: it
// is the file reports actually print, and it stays valid for as long as the branding does. The
// original path is kept in the store (`logo_source_path`) for the record only.
//
// Security: the caller is an administrator (the router checks the role), and the service reads
// the named file with its own rights. Whatever the file, the response only says whether it is a
// valid PNG, JPEG or SVG image (and, for images, why not); its bytes are never echoed, and only a
// file that passed the check is copied. Directories, device files, FIFOs and sockets are refused
// before anything is read (checked on the resolved path, then again on the open descriptor), and
// the service's private keys folder is refused outright.

/// The branding object of `api.md`.
enum BrandingJSON {
    static func object(_ branding: StoredBranding, brandingFolder: String) -> JSONValue {
        [
            "organization_name": .string(branding.organizationName),
            // The copied file (see the comment at the top of this file), or null.
            "logo_path": JSONValue(branding.logoFile.map { (brandingFolder as NSString).appendingPathComponent($0) }),
            "is_default": .bool(branding.isDefault),
            "updated_at": JSONValue(branding.updatedAt),
        ]
    }
}

enum BrandingSchemas {
    static let organizationName = Schema.string(StringRules(
        minLength: 1, maxLength: 200,
        pattern: (#"\S"#, { !$0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty })))

    static let update = ObjectSchema("BrandingUpdate", [
        Field("organization_name", organizationName,
              "Organisation name printed on the cover page and in page headers and footers; omitted keeps the stored one."),
        Field("logo_path", .nullable(.string(StringRules(minLength: 1, maxLength: 1000))),
              "Absolute path, on the server, of a PNG, JPEG or SVG logo (extension png, jpg, jpeg or svg, any case; at most 5 MiB). The file is checked and copied into the data folder; null removes the logo; omitted keeps the stored one."),
    ], minProperties: 1)

    static let branding = Schema.ref("Branding", .object(ObjectSchema("Branding", [
        Field("organization_name", .string(), required: true),
        Field("logo_path", .nullable(.string()), required: true,
              "Path of the service's copy of the logo (inside <data_dir>/branding/), the file reports print; null for no logo."),
        Field("is_default", .boolean, required: true, "True when no branding is stored (the default IsoFind branding)."),
        Field("updated_at", .nullable(.string(StringRules(format: "date-time"))), required: true,
              "When the branding was last saved; null for the default."),
    ])))
}

/// PUT and DELETE /branding copy, replace and remove files: one at a time in this process, so a
/// clean-up never removes the copy another request is about to save.
private let brandingUpdates = NSLock()

private func posixOpen(_ path: String, _ flags: Int32) -> Int32 { open(path, flags) }

extension ReportsModule {
    /// Largest logo accepted, any format.
    static let maxLogoBytes = 5 * 1024 * 1024
    static let logoExtensions = ["png", "jpg", "jpeg", "svg"]

    var brandingFolder: String { (configuration.dataDir as NSString).appendingPathComponent("branding") }

    func getBranding(_ context: RouteContext) throws -> Response {
        .json(BrandingJSON.object(try store.branding(), brandingFolder: brandingFolder))
    }

    func putBranding(_ context: RouteContext) throws -> Response {
        let fields = try context.body(BrandingSchemas.update)
        guard configuration.licence >= .pro else {
            throw APIError.refused(403, "Branding needs the pro licence; this installation has the \(configuration.licence.rawValue) licence.")
        }
        brandingUpdates.lock()
        defer { brandingUpdates.unlock() }
        let current = try store.branding()
        let name = fields["organization_name"]?.stringValue ?? current.organizationName
        var logoFile = current.logoFile
        var logoSource = current.logoSourcePath
        if let logo = fields["logo_path"] {
            if let path = logo.stringValue {
                let checked = try checkedLogo(at: path)
                logoFile = try copyLogo(checked.bytes, extension: checked.ext)
                logoSource = path
            } else {
                logoFile = nil
                logoSource = nil
            }
        }
        let saved = try store.saveBranding(organizationName: name, logoFile: logoFile, logoSourcePath: logoSource)
        removeUnreferencedLogos(keeping: saved.logoFile)
        return .json(BrandingJSON.object(saved, brandingFolder: brandingFolder))
    }

    func deleteBranding(_ context: RouteContext) throws -> Response {
        brandingUpdates.lock()
        defer { brandingUpdates.unlock() }
        let branding = try store.resetBranding()
        removeUnreferencedLogos(keeping: nil)
        return .json(BrandingJSON.object(branding, brandingFolder: brandingFolder))
    }

    /// What reports print: the stored name and, when set, the copied logo. A logo that is missing,
    /// unreadable or no longer valid is left out: a report never fails for its logo.
    func brandingForReports() -> ReportContext.Branding {
        guard let stored = try? store.branding() else {
            return ReportContext.Branding(organizationName: StoredBranding.defaultOrganizationName)
        }
        var branding = ReportContext.Branding(organizationName: stored.organizationName)
        if let file = stored.logoFile, !file.contains("/"), file != "..", file != ".",
           let bytes = try? Self.readRegularFile(atPath: (brandingFolder as NSString).appendingPathComponent(file)) {
            let ext = (file as NSString).pathExtension.lowercased()
            if ext == "svg" {
                if Self.svgProblem(bytes) == nil { branding.logo = ReportContext.LogoData(kind: .svg, bytes: bytes) }
            } else if let image = try? DecodedImage(validating: bytes) {
                branding.logo = ReportContext.LogoData(kind: image.kind == .png ? .png : .jpeg, bytes: bytes)
            }
        }
        return branding
    }

    // MARK: - Logo checks

    /// The bytes of the logo at `path` and its lower-cased extension, or a 400 saying what is wrong.
    func checkedLogo(at path: String) throws -> (bytes: [UInt8], ext: String) {
        guard path.hasPrefix("/") else {
            throw APIError.refused(400, "logo_path must be an absolute path on the server: \(path)")
        }
        // Symbolic links and `..` resolved: every later check applies to the file actually read.
        let (real, errorNumber) = Self.realPath(path)
        guard let resolved = real else {
            if errorNumber == EACCES { throw APIError.refused(400, "Logo file cannot be read: \(path)") }
            throw APIError.refused(400, "Logo file not found: \(path)")
        }
        var info = stat()
        guard stat(resolved, &info) == 0 else { throw APIError.refused(400, "Logo file not found: \(path)") }
        guard info.st_mode & S_IFMT == S_IFREG else {
            throw APIError.refused(400, "Logo path is not a regular file: \(path)")
        }
        let ext = (path as NSString).pathExtension
        guard Self.logoExtensions.contains(ext.lowercased()) else {
            let named = ext.isEmpty ? "no extension" : "extension '.\(ext)'"
            throw APIError.refused(400, "Unsupported logo file \(named): \(path). Accepted extensions: .png, .jpg, .jpeg, .svg (any case).")
        }
        let keys = Self.canonical((configuration.dataDir as NSString).appendingPathComponent("keys"))
        if resolved == keys || resolved.hasPrefix(keys + "/") {
            throw APIError.refused(400, "logo_path may not name a file in the service's keys folder: \(path)")
        }
        let bytes: [UInt8]
        do {
            bytes = try Self.readRegularFile(atPath: resolved)
        } catch {
            let problem = error
            switch problem {
            case .tooLarge(let size):
                throw APIError.refused(400, "Logo file is too large (\(size) bytes; the limit is 5 MiB): \(path)")
            case .notRegular:
                throw APIError.refused(400, "Logo path is not a regular file: \(path)")
            case .unreadable:
                throw APIError.refused(400, "Logo file cannot be read: \(path)")
            }
        }
        let family = ext.lowercased() == "jpeg" ? "jpg" : ext.lowercased()
        switch family {
        case "svg":
            if let problem = Self.svgProblem(bytes) {
                throw APIError.refused(400, "Logo file is not a valid SVG image (\(problem)): \(path)")
            }
        default:
            let expected: ImageKind = family == "png" ? .png : .jpeg
            let label = expected == .png ? "PNG" : "JPEG"
            do {
                let image = try DecodedImage(validating: bytes)
                guard image.kind == expected else {
                    let actual = image.kind == .png ? "PNG" : "JPEG"
                    throw APIError.refused(400, "Logo file is not a valid \(label) image (its content is a \(actual) image; the extension must match): \(path)")
                }
            } catch let error as ImageFormatError {
                let reason = switch error {
                case .notPNGOrJPEG: "its content is not a \(label) image"
                case .invalidPNG(let detail), .invalidJPEG(let detail): detail
                }
                throw APIError.refused(400, "Logo file is not a valid \(label) image (\(reason)): \(path)")
            }
        }
        return (bytes, ext.lowercased())
    }

    /// Copies validated logo bytes into the branding folder under their content-derived name
    /// (written to a temporary file in that folder, then renamed into place) and returns the name.
    func copyLogo(_ bytes: [UInt8], extension ext: String) throws -> String {
        let folder = brandingFolder
        let name = ReportsStore.contentName(for: bytes, extension: ext)
        let temporary = (folder as NSString).appendingPathComponent(".logo-\(UUID().uuidString).tmp")
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            try Data(bytes).write(to: URL(fileURLWithPath: temporary))
            guard rename(temporary, (folder as NSString).appendingPathComponent(name)) == 0 else {
                throw CocoaError(.fileWriteUnknown)
            }
        } catch {
            unlink(temporary)
            throw APIError.refused(500, "Cannot copy the logo into \(folder): \(error)")
        }
        return name
    }

    /// Removes copied logos (and leftover temporary files) other than `keeping`. Failures are
    /// ignored: an orphan file is harmless and the next update tries again.
    func removeUnreferencedLogos(keeping: String?) {
        let folder = brandingFolder
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
        for name in names where name != keeping {
            guard name.hasPrefix(ReportsStore.logoFilePrefix) || (name.hasPrefix(".logo-") && name.hasSuffix(".tmp")) else { continue }
            unlink((folder as NSString).appendingPathComponent(name))
        }
    }

    // MARK: - Files

    enum LogoReadProblem: Error {
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
    static func readRegularFile(atPath path: String) throws(LogoReadProblem) -> [UInt8] {
        let descriptor = posixOpen(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
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
