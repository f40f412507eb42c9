import Foundation
import Synchronization
import IsoFindDomain
import IsoFindJSON
import IsoFindStore

// Branding (`api.md`, "Branding (3)"): GET, PUT (Pro licence, admin role) and DELETE /branding.
//
// The logo file checks, the copy into `<data_dir>/branding/` and the clean-up are
// `BrandingFolder`'s (IsoFindStore). The response's `logo_path` names that copy, not the path
// the administrator gave: it is the file reports actually print, and it stays valid for as long
// as the branding does. It is relative to the data folder (`branding/logo-<digest>.png`), so the
// server's own paths are not shown to every reader. The original path is kept in the store
// (`logo_source_path`) for the record only.

/// The branding object of `api.md`.
enum BrandingJSON {
    static func object(_ branding: StoredBranding, brandingFolder: String) -> JSONValue {
        [
            "organization_name": .string(branding.organizationName),
            // The copied file, relative to the data folder (see the comment at the top), or null.
            "logo_path": JSONValue(branding.logoFile.map { (brandingFolder as NSString).lastPathComponent + "/" + $0 }),
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
              "The service's copy of the logo, the file reports print, relative to the data folder (branding/logo-<digest>.<ext>); null for no logo."),
        Field("is_default", .boolean, required: true, "True when no branding is stored (the default IsoFind branding)."),
        Field("updated_at", .nullable(.string(StringRules(format: "date-time"))), required: true,
              "When the branding was last saved; null for the default."),
    ])))
}

/// Branding (3): `GET`, `PUT` (Pro licence, admin role) and `DELETE /branding`.
struct BrandingController: Sendable {
    let store: ReportsStore
    let folder: BrandingFolder
    let licence: Licence
    /// PUT and DELETE copy, replace and remove files: one at a time in this process, so a
    /// clean-up never removes the copy another request is about to save.
    let updates = Updates()

    final class Updates: Sendable {
        private let lock = Mutex<Void>(())
        func run<T>(_ body: () throws -> T) throws -> T { try lock.withLock { _ in try body() } }
    }

    static func routes(_ controller: Self?) -> [Route] {
        [
            Route("GET", "/branding", access: .role(.reader), doc: OperationDoc(
                "getBranding", tag: "Branding", summary: "The organisation name and logo printed on reports",
                responses: [.init(200, "The branding.", .json(BrandingSchemas.branding))]), controller, Self.get),
            Route("PUT", "/branding", access: .role(.admin), doc: OperationDoc(
                "putBranding", tag: "Branding", summary: "Set the organisation name and logo (Pro licence)",
                description: "logo_path must name an existing PNG, JPEG or SVG file on the server (400 otherwise); it is validated and copied into the data folder, and the answer's logo_path is the copy's.",
                body: BrandingSchemas.update,
                responses: [.init(200, "The saved branding.", .json(BrandingSchemas.branding)),
                            .init(400, "The logo file is missing, of an unsupported type, or not what its extension says.", .json(.ref("HTTPError", .any)))]),
                controller, Self.put),
            Route("DELETE", "/branding", access: .role(.admin), doc: OperationDoc(
                "deleteBranding", tag: "Branding", summary: "Restore the default IsoFind branding",
                responses: [.init(200, "The default branding.", .json(BrandingSchemas.branding))]), controller, Self.delete),
        ]
    }

    func get(_ context: RouteContext) throws -> Response {
        .json(BrandingJSON.object(try store.branding(), brandingFolder: folder.path))
    }

    func put(_ context: RouteContext) throws -> Response {
        let fields = try context.body(BrandingSchemas.update)
        guard licence >= .pro else {
            throw APIError.refused(403, "Branding needs the pro licence; this installation has the \(licence.rawValue) licence.")
        }
        return try updates.run {
            let current = try store.branding()
            let name = fields["organization_name"]?.stringValue ?? current.organizationName
            var logoFile = current.logoFile
            var logoSource = current.logoSourcePath
            if let logo = fields["logo_path"] {
                if let path = logo.stringValue {
                    let checked: BrandingFolder.CheckedLogo
                    do { checked = try folder.check(path) } catch let refusal as BrandingFolder.Refusal {
                        throw APIError.refused(400, refusal.description)
                    }
                    logoFile = try folder.copy(checked)
                    logoSource = path
                } else {
                    logoFile = nil
                    logoSource = nil
                }
            }
            let saved = try store.saveBranding(organizationName: name, logoFile: logoFile, logoSourcePath: logoSource)
            folder.removeUnreferenced(keeping: saved.logoFile)
            return .json(BrandingJSON.object(saved, brandingFolder: folder.path))
        }
    }

    func delete(_ context: RouteContext) throws -> Response {
        try updates.run {
            let branding = try store.resetBranding()
            folder.removeUnreferenced(keeping: nil)
            return .json(BrandingJSON.object(branding, brandingFolder: folder.path))
        }
    }
}
