import Crypto
import GRDB

/// The branding as stored (one row, `id = 1`), or the default when there is no row.
public struct StoredBranding: Sendable, Equatable {
    /// The organisation name printed on reports.
    public var organizationName: String
    /// The copied logo's file name inside `<data_dir>/branding/` (never a path), or nil for no logo.
    public var logoFile: String?
    /// The path the logo was copied from, as the administrator gave it (for the record only:
    /// reports read the copy).
    public var logoSourcePath: String?
    /// True when nothing is stored: the default IsoFind branding.
    public var isDefault: Bool
    /// When the branding was last saved; nil for the default.
    public var updatedAt: String?

    public init(organizationName: String, logoFile: String?, logoSourcePath: String?, isDefault: Bool, updatedAt: String?) {
        self.organizationName = organizationName
        self.logoFile = logoFile
        self.logoSourcePath = logoSourcePath
        self.isDefault = isDefault
        self.updatedAt = updatedAt
    }

    public static let defaultOrganizationName = "IsoFind"

    /// `{"organization_name": "IsoFind", "logo_path": null, "is_default": true}`.
    public static let `default` = StoredBranding(organizationName: defaultOrganizationName, logoFile: nil,
                                                 logoSourcePath: nil, isDefault: true, updatedAt: nil)
}

extension ReportsStore {
    /// The stored branding, or the default when none is stored.
    public func branding() throws -> StoredBranding {
        try readStatement { db in
            try Row.fetchOne(db.cachedStatement(sql: """
                SELECT organization_name, logo_file, logo_source_path, updated_at FROM branding WHERE id = 1
                """)).map(StoredBranding.init(row:))
        } ?? .default
    }

    /// Stores the branding (insert or replace the one row) in one transaction and returns it.
    public func saveBranding(organizationName: String, logoFile: String?, logoSourcePath: String?) throws -> StoredBranding {
        let stamp = timestamp()
        return try write { db in
            try db.execute(sql: """
                INSERT INTO branding (id, organization_name, logo_file, logo_source_path, updated_at)
                VALUES (1, ?, ?, ?, ?)
                ON CONFLICT(id) DO UPDATE SET organization_name = excluded.organization_name,
                    logo_file = excluded.logo_file, logo_source_path = excluded.logo_source_path,
                    updated_at = excluded.updated_at
                """, arguments: [organizationName, logoFile, logoSourcePath, stamp])
            return StoredBranding(organizationName: organizationName, logoFile: logoFile, logoSourcePath: logoSourcePath,
                                  isDefault: false, updatedAt: stamp)
        }
    }

    /// Deletes the stored branding, so the default applies again, and returns the default.
    public func resetBranding() throws -> StoredBranding {
        try write { db in
            try db.execute(sql: "DELETE FROM branding WHERE id = 1")
        }
        return .default
    }

    /// The prefix of every copied logo's file name; nothing else in `branding/` starts with it
    /// except temporary files (`.logo-…`), so clean-up can tell copies from anything else.
    public static let logoFilePrefix = "logo-"

    /// A content-derived file name for a copied logo: `logo-<first 32 hex digits of SHA-256>.<ext>`
    /// (`ext` lower-cased). The same bytes always get the same name, different bytes a different one.
    public static func contentName(for bytes: [UInt8], extension ext: String) -> String {
        let digest = SHA256.hash(data: bytes)
        let hex = digest.prefix(16).map { byte in
            let digits = Array("0123456789abcdef")
            return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]])
        }.joined()
        return logoFilePrefix + hex + "." + ext.lowercased()
    }
}

extension StoredBranding {
    init(row: Row) {
        self.init(organizationName: row["organization_name"], logoFile: row["logo_file"],
                  logoSourcePath: row["logo_source_path"], isDefault: false, updatedAt: row["updated_at"])
    }
}
