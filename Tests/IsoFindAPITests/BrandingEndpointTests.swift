import Foundation
import IsoFindDomain
import IsoFindReport
import IsoFindStore
import Logging
import Synchronization
import Testing
@testable import IsoFindAPI
@testable import IsoFindGeneration

/// A reports API over a real temporary data folder (logos are copied into `<data_dir>/branding/`),
/// plus a folder for the administrator's own files.
private final class BrandingFixture: Sendable {
    let root: String
    let dataDir: String
    let files: String
    let module: ReportsService
    let api: ReportsAPI

    init(licence: Licence = .pro) throws {
        root = (NSTemporaryDirectory() as NSString).appendingPathComponent("branding-tests-\(UUID().uuidString)")
        dataDir = (root as NSString).appendingPathComponent("data")
        files = (root as NSString).appendingPathComponent("files")
        try FileManager.default.createDirectory(atPath: files, withIntermediateDirectories: true)
        let configuration = ServiceConfiguration(dataDir: dataDir, samplesDB: "/nonexistent/isofind.db",
                                                 sessionsDB: "/nonexistent/workflows.db", licence: licence, threads: 1,
                                                 tilesDir: "/nonexistent/tiles", logLevel: "info")
        module = try ReportsService.open(configuration)
        api = ReportsAPI(state: .loaded(module), logger: Logger(label: "test"))
        api.markReady()
    }

    deinit { try? FileManager.default.removeItem(atPath: root) }

    var brandingFolder: String { (dataDir as NSString).appendingPathComponent("branding") }

    /// The file that an answer's `logo_path` (relative to the data folder) names.
    func onDisk(_ logoPath: String) -> String { (dataDir as NSString).appendingPathComponent(logoPath) }

    /// Copied logos currently in the branding folder.
    var copiedLogos: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: brandingFolder)) ?? []).filter { $0.hasPrefix("logo-") }.sorted()
    }

    /// Writes one of the administrator's files and returns its path.
    @discardableResult
    func file(_ name: String, _ bytes: [UInt8]) throws -> String {
        let path = (files as NSString).appendingPathComponent(name)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    func call(_ method: String, body: String? = nil, role: Role = .admin) -> (status: Int, json: [String: Any]) {
        let request = Request(method: method, path: "/api/reports/branding", headers: ["content-type": "application/json"],
                              body: Array((body ?? "").utf8),
                              gateway: GatewayInfo(identity: Identity(subject: "a", role: role)))
        let response = api.respond(to: request, requestID: "test-request")
        let json = (try? JSONSerialization.jsonObject(with: Data(response.body))) as? [String: Any] ?? [:]
        return (response.status, json)
    }

    func put(_ fields: [String: Any?]) -> (status: Int, json: [String: Any]) {
        let object = fields.mapValues { $0 ?? NSNull() }
        let data = try! JSONSerialization.data(withJSONObject: object)
        return call("PUT", body: String(decoding: data, as: UTF8.self))
    }
}

// MARK: - Image bytes

private func crc32(_ bytes: [UInt8]) -> UInt32 {
    var crc: UInt32 = 0xFFFF_FFFF
    for byte in bytes {
        crc ^= UInt32(byte)
        for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
    }
    return crc ^ 0xFFFF_FFFF
}

private func be32(_ value: UInt32) -> [UInt8] {
    [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
}

private func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
    let typed = Array(type.utf8) + data
    return be32(UInt32(data.count)) + typed + be32(crc32(typed))
}

/// A real 1×1 RGB PNG of the given colour (a stored zlib block, correct CRCs and Adler-32).
private func png(red: UInt8 = 255, green: UInt8 = 0, blue: UInt8 = 0) -> [UInt8] {
    let raw: [UInt8] = [0, red, green, blue]
    var a: UInt32 = 1, b: UInt32 = 0
    for byte in raw { a = (a + UInt32(byte)) % 65521; b = (b + a) % 65521 }
    let zlib: [UInt8] = [0x78, 0x01, 0x01, 0x04, 0x00, 0xFB, 0xFF] + raw + be32(b << 16 | a)
    let header = be32(1) + be32(1) + [8, 2, 0, 0, 0]
    return [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + chunk("IHDR", header) + chunk("IDAT", zlib) + chunk("IEND", [])
}

/// A baseline JPEG header (SOI, JFIF APP0, SOF0 1×1 greyscale, EOI): what the validator checks.
private let jpeg: [UInt8] = [0xFF, 0xD8,
                             0xFF, 0xE0, 0x00, 0x10, 0x4A, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00,
                             0xFF, 0xC0, 0x00, 0x0B, 0x08, 0x00, 0x01, 0x00, 0x01, 0x01, 0x01, 0x11, 0x00,
                             0xFF, 0xD9]

private let svg = Array("""
    <?xml version="1.0" encoding="UTF-8"?>
    <!-- the organisation's logo -->
    <svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10" fill="#336699"/></svg>
    """.utf8)

@Suite struct BrandingEndpointTests {
    @Test func defaultBranding() throws {
        let fixture = try BrandingFixture()
        let result = fixture.call("GET")
        #expect(result.status == 200)
        #expect(result.json["organization_name"] as? String == "IsoFind")
        #expect(result.json["logo_path"] is NSNull)
        #expect(result.json["is_default"] as? Bool == true)
        #expect(result.json["updated_at"] is NSNull)
        let branding = fixture.module.generator.gatherBranding(logger: Logger(label: "test")).branding
        #expect(branding.organizationName == "IsoFind")
        #expect(branding.logo == nil)
    }

    @Test func nameOnly() throws {
        let fixture = try BrandingFixture()
        let result = fixture.put(["organization_name": "Laboratoire Rhône"])
        #expect(result.status == 200)
        #expect(result.json["organization_name"] as? String == "Laboratoire Rhône")
        #expect(result.json["logo_path"] is NSNull)
        #expect(result.json["is_default"] as? Bool == false)
        #expect(Timestamp.date(result.json["updated_at"] as? String ?? "") != nil)
        let read = fixture.call("GET")
        #expect(read.json["organization_name"] as? String == "Laboratoire Rhône")
        #expect(read.json["is_default"] as? Bool == false)
        #expect(fixture.module.generator.gatherBranding(logger: Logger(label: "test")).branding.organizationName == "Laboratoire Rhône")
        #expect(fixture.module.generator.gatherBranding(logger: Logger(label: "test")).branding.logo == nil)
    }

    @Test(arguments: [("logo.PNG", "png"), ("logo.jpeg", "jpeg"), ("logo.JPG", "jpeg"), ("logo.svg", "svg")])
    func logoIsCopied(name: String, kind: String) throws {
        let fixture = try BrandingFixture()
        #expect(fixture.put(["organization_name": "Hydro Lab"]).status == 200)
        let bytes = kind == "png" ? png() : kind == "jpeg" ? jpeg : svg
        let original = try fixture.file(name, bytes)
        let result = fixture.put(["logo_path": original])
        #expect(result.status == 200, "\(result.json)")
        #expect(result.json["organization_name"] as? String == "Hydro Lab")
        let copy = try #require(result.json["logo_path"] as? String)
        // Relative to the data folder: the server's absolute paths are not shown to readers.
        #expect(copy.hasPrefix("branding/logo-"))
        #expect(!copy.contains(fixture.dataDir))
        #expect(copy.hasSuffix("." + (name as NSString).pathExtension.lowercased()))
        #expect(FileManager.default.contents(atPath: fixture.onDisk(copy)).map(Array.init) == bytes)
        #expect(fixture.copiedLogos.count == 1)

        // The reports keep their logo when the original goes away.
        try FileManager.default.removeItem(atPath: original)
        let branding = fixture.module.generator.gatherBranding(logger: Logger(label: "test")).branding
        #expect(branding.organizationName == "Hydro Lab")
        let logo = try #require(branding.logo)
        #expect(logo.bytes == bytes)
        switch logo.kind {
        case .png: #expect(kind == "png")
        case .jpeg: #expect(kind == "jpeg")
        case .svg: #expect(kind == "svg")
        }
        #expect(fixture.call("GET").json["logo_path"] as? String == copy)
    }

    @Test func symbolicLinksAreResolvedAndTheTargetCopied() throws {
        let fixture = try BrandingFixture()
        let target = try fixture.file("real.png", png(green: 200))
        let link = (fixture.files as NSString).appendingPathComponent("link.png")
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
        let result = fixture.put(["logo_path": link])
        #expect(result.status == 200)
        let copy = try #require(result.json["logo_path"] as? String)
        #expect(try FileManager.default.destinationOfSymbolicLinkOrNil(fixture.onDisk(copy)) == nil)
        #expect(FileManager.default.contents(atPath: fixture.onDisk(copy)).map(Array.init) == png(green: 200))
    }

    @Test func replacingAndRemovingTheLogoRemovesOldCopies() throws {
        let fixture = try BrandingFixture()
        let first = fixture.put(["logo_path": try fixture.file("a.png", png(red: 1))])
        let second = fixture.put(["logo_path": try fixture.file("b.png", png(red: 2))])
        #expect(first.status == 200 && second.status == 200)
        #expect(first.json["logo_path"] as? String != second.json["logo_path"] as? String)
        #expect(fixture.copiedLogos == [((second.json["logo_path"] as? String ?? "") as NSString).lastPathComponent])
        let removed = fixture.put(["logo_path": nil])
        #expect(removed.status == 200)
        #expect(removed.json["logo_path"] is NSNull)
        #expect(removed.json["is_default"] as? Bool == false)
        #expect(fixture.copiedLogos.isEmpty)
        #expect(fixture.module.generator.gatherBranding(logger: Logger(label: "test")).branding.logo == nil)
    }

    @Test func missingFile() throws {
        let fixture = try BrandingFixture()
        let path = (fixture.files as NSString).appendingPathComponent("absent.png")
        let result = fixture.put(["logo_path": path])
        #expect(result.status == 400)
        #expect(result.json["detail"] as? String == "Logo file not found: \(path)")
        let broken = (fixture.files as NSString).appendingPathComponent("dangling.png")
        try FileManager.default.createSymbolicLink(atPath: broken, withDestinationPath: path)
        #expect(fixture.put(["logo_path": broken]).json["detail"] as? String == "Logo file not found: \(broken)")
    }

    @Test func unsupportedExtension() throws {
        let fixture = try BrandingFixture()
        let result = fixture.put(["logo_path": try fixture.file("logo.gif", png())])
        #expect(result.status == 400)
        let detail = result.json["detail"] as? String ?? ""
        #expect(detail.contains(".gif"))
        #expect(detail.contains(".png") && detail.contains(".jpg") && detail.contains(".jpeg") && detail.contains(".svg"))
        let none = fixture.put(["logo_path": try fixture.file("logo", png())])
        #expect(none.status == 400)
        #expect((none.json["detail"] as? String ?? "").contains("no extension"))
        #expect(fixture.copiedLogos.isEmpty)
    }

    @Test func contentMustMatchTheExtension() throws {
        let fixture = try BrandingFixture()
        let cases: [(String, [UInt8])] = [
            ("jpeg-inside.png", jpeg),
            ("text.png", Array("not an image at all".utf8)),
            ("png-inside.jpg", png()),
            ("truncated.png", Array(png().prefix(30))),
            ("page.svg", Array("<html><body>hi</body></html>".utf8)),
            ("binary.svg", png()),
            ("entities.svg", Array(#"<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaa">]><svg>&a;</svg>"#.utf8)),
            ("empty.png", []),
        ]
        for (name, bytes) in cases {
            let path = try fixture.file(name, bytes)
            let result = fixture.put(["logo_path": path])
            #expect(result.status == 400, "\(name)")
            let detail = result.json["detail"] as? String ?? ""
            #expect(detail.hasPrefix("Logo file is not a valid"), "\(name): \(detail)")
            #expect(detail.hasSuffix(path))
        }
        #expect(fixture.copiedLogos.isEmpty)
        #expect(fixture.call("GET").json["is_default"] as? Bool == true)
    }

    @Test func directoriesDevicesAndRelativePathsAreRefused() throws {
        let fixture = try BrandingFixture()
        let folder = (fixture.files as NSString).appendingPathComponent("folder.png")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let directory = fixture.put(["logo_path": folder])
        #expect(directory.status == 400)
        #expect(directory.json["detail"] as? String == "Logo path is not a regular file: \(folder)")
        let device = fixture.put(["logo_path": "/dev/zero"])
        #expect(device.status == 400)
        #expect(device.json["detail"] as? String == "Logo path is not a regular file: /dev/zero")
        #expect(fixture.put(["logo_path": "logo.png"]).status == 400)
        let big = try fixture.file("big.png", png() + [UInt8](repeating: 0, count: 5 * 1024 * 1024))
        let tooLarge = fixture.put(["logo_path": big])
        #expect(tooLarge.status == 400)
        #expect((tooLarge.json["detail"] as? String ?? "").contains("too large"))
    }

    @Test func needsTheProLicence() throws {
        let fixture = try BrandingFixture(licence: .research)
        let result = fixture.put(["organization_name": "Mine"])
        #expect(result.status == 403)
        #expect(result.json["detail"] as? String == "Branding needs the pro licence; this installation has the research licence.")
        #expect(fixture.call("GET").json["is_default"] as? Bool == true)
        #expect(try BrandingFixture(licence: .enterprise).put(["organization_name": "Mine"]).status == 200)
    }

    @Test func invalidBodies() throws {
        let fixture = try BrandingFixture()
        #expect(fixture.call("PUT", body: "{}").status == 422)
        let unknown = fixture.call("PUT", body: #"{"organization_name": "X", "colour": "red"}"#)
        #expect(unknown.status == 422)
        let locs = ((unknown.json["detail"] as? [[String: Any]]) ?? []).map { ($0["loc"] as? [String]) ?? [] }
        #expect(locs == [["body", "colour"]])
        #expect(fixture.call("PUT", body: #"{"organization_name": ""}"#).status == 422)
        #expect(fixture.call("PUT", body: #"{"organization_name": "   "}"#).status == 422)
        #expect(fixture.call("PUT", body: #"{"logo_path": 12}"#).status == 422)
        #expect(fixture.call("PUT", body: "not json").status == 422)
        #expect(fixture.call("GET").json["is_default"] as? Bool == true)
    }

    @Test func deleteRestoresTheDefault() throws {
        let fixture = try BrandingFixture()
        let saved = fixture.put(["organization_name": "Lab", "logo_path": try fixture.file("logo.png", png())])
        #expect(saved.status == 200)
        #expect(fixture.copiedLogos.count == 1)
        let deleted = fixture.call("DELETE")
        #expect(deleted.status == 200)
        #expect(deleted.json["organization_name"] as? String == "IsoFind")
        #expect(deleted.json["logo_path"] is NSNull)
        #expect(deleted.json["is_default"] as? Bool == true)
        #expect(fixture.copiedLogos.isEmpty)
        #expect(fixture.call("GET").json["is_default"] as? Bool == true)
        #expect(fixture.module.generator.gatherBranding(logger: Logger(label: "test")).branding.organizationName == "IsoFind")
        #expect(fixture.call("DELETE").status == 200)
    }

    @Test func aVanishedCopyDoesNotBreakReports() throws {
        let fixture = try BrandingFixture()
        let saved = fixture.put(["organization_name": "Lab", "logo_path": try fixture.file("logo.png", png())])
        try FileManager.default.removeItem(atPath: fixture.onDisk(try #require(saved.json["logo_path"] as? String)))
        let branding = fixture.module.generator.gatherBranding(logger: Logger(label: "test")).branding
        #expect(branding.organizationName == "Lab")
        #expect(branding.logo == nil)
    }

    @Test func concurrentUpdatesLeaveExactlyOneReferencedFile() throws {
        let fixture = try BrandingFixture()
        let paths = try (0..<12).map { try fixture.file("logo\($0).png", png(red: UInt8($0), green: 7, blue: 9)) }
        let statuses = Mutex<[Int]>([])
        DispatchQueue.concurrentPerform(iterations: paths.count * 2) { index in
            let status = index % 3 == 2
                ? fixture.put(["organization_name": "Name \(index)"]).status
                : fixture.put(["logo_path": paths[index % paths.count]]).status
            statuses.withLock { $0.append(status) }
        }
        #expect(statuses.withLock { $0 }.allSatisfy { $0 == 200 })
        let current = try #require(fixture.call("GET").json["logo_path"] as? String)
        #expect(fixture.copiedLogos == [(current as NSString).lastPathComponent])
        let names = (try FileManager.default.contentsOfDirectory(atPath: fixture.brandingFolder))
        #expect(names == [(current as NSString).lastPathComponent])
        #expect(fixture.module.generator.gatherBranding(logger: Logger(label: "test")).branding.logo != nil)
    }

    @Test func contentNames() {
        let a = ReportsStore.contentName(for: png(), extension: "PNG")
        #expect(a == ReportsStore.contentName(for: png(), extension: "png"))
        #expect(a.hasPrefix("logo-") && a.hasSuffix(".png") && a.count == "logo-".count + 32 + 4)
        #expect(a != ReportsStore.contentName(for: png(red: 3), extension: "png"))
    }
}

private extension FileManager {
    func destinationOfSymbolicLinkOrNil(_ path: String) throws -> String? { try? destinationOfSymbolicLink(atPath: path) }
}
