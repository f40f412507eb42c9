import Foundation

/// `backup.json`, the manifest of a backup folder: what is in it, each file's size and SHA-256.
/// `restore` checks every entry before it writes anything.
public struct BackupManifest: Codable, Sendable, Equatable {
    public struct Entry: Codable, Sendable, Equatable {
        /// Relative to the backup folder: `reports.db`, `reports/report-7.pdf`, `keys/signing-key.pem`.
        public var path: String
        public var size: Int
        public var sha256: String
        /// Permission bits, restored as they were (keys stay 0600).
        public var mode: Int
    }

    /// The layout of the folder; a restore refuses a format it does not know.
    public var format: Int
    public var softwareVersion: String
    /// ISO 8601 UTC: when the store was copied.
    public var createdAt: String
    /// The data folder it was made from (for the operator; a restore may go elsewhere).
    public var source: String
    /// How many report records the copied store holds; each has its file under `reports/`.
    public var reports: Int
    /// Ids recorded when the store was copied whose file was deleted before it could be copied
    /// (`DELETE /api/reports/{id}` during the backup): their records were dropped from the copy.
    public var deletedDuringBackup: [Int]
    /// Every file of the backup but this manifest, the store first.
    public var files: [Entry]

    public static let fileName = "backup.json"
    public static let currentFormat = 1

    enum CodingKeys: String, CodingKey {
        case format, source, reports, files
        case softwareVersion = "software_version", createdAt = "created_at", deletedDuringBackup = "deleted_during_backup"
    }
}
