import Foundation
import IsoFindDomain
import IsoFindStore
import IsoFindJSON

// Branding (`api.md`, "Branding (3)"): GET, PUT (Pro licence, admin role) and DELETE /branding.
//
// The logo file checks, the copy into `<data_dir>/branding/` and the clean-up are
// `BrandingFolder`'s (IsoFindStore). The response's `logo_path` is the path of that copy, not the
// path the administrator gave: it is the file reports actually print, and it stays valid for as
// long as the branding does. The original path is kept in the store (`logo_source_path`) for the
// record only.

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

extension ReportsModule {
    func getBranding(_ context: RouteContext) throws -> Response {
        .json(BrandingJSON.object(try store.branding(), brandingFolder: brandingFolder.path))
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
                let checked: BrandingFolder.CheckedLogo
                do { checked = try brandingFolder.check(path) } catch { throw APIError.refused(400, error.description) }
                logoFile = try brandingFolder.copy(checked)
                logoSource = path
            } else {
                logoFile = nil
                logoSource = nil
            }
        }
        let saved = try store.saveBranding(organizationName: name, logoFile: logoFile, logoSourcePath: logoSource)
        brandingFolder.removeUnreferenced(keeping: saved.logoFile)
        return .json(BrandingJSON.object(saved, brandingFolder: brandingFolder.path))
    }

    func deleteBranding(_ context: RouteContext) throws -> Response {
        brandingUpdates.lock()
        defer { brandingUpdates.unlock() }
        let branding = try store.resetBranding()
        brandingFolder.removeUnreferenced(keeping: nil)
        return .json(BrandingJSON.object(branding, brandingFolder: brandingFolder.path))
    }
}
