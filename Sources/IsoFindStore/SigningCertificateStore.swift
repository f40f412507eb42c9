import GRDB

/// A certificate the installation has signed reports with.
public struct StoredSigningCertificate: Sendable, Equatable {
    /// SHA-256 of the DER encoding, lower-case hex.
    public var sha256: String
    public var pem: String
    public var subject: String
    /// When the installation first started with it.
    public var firstUsedAt: String

    public init(sha256: String, pem: String, subject: String, firstUsedAt: String) {
        self.sha256 = sha256
        self.pem = pem
        self.subject = subject
        self.firstUsedAt = firstUsedAt
    }
}

extension ReportsStore {
    /// Keeps `certificate` among the installation's signing certificates (once: a certificate
    /// already kept keeps its first date). Returns the certificates now kept.
    @discardableResult
    public func keepSigningCertificate(sha256: String, pem: String, subject: String) throws -> [StoredSigningCertificate] {
        let stamp = timestamp()
        return try write { db in
            try db.execute(sql: """
                INSERT INTO signing_certificates (sha256, pem, subject, first_used_at) VALUES (?, ?, ?, ?)
                ON CONFLICT(sha256) DO NOTHING
                """, arguments: [sha256, pem, subject, stamp])
            return try Self.signingCertificates(db)
        }
    }

    /// Every certificate the installation has signed with, oldest first.
    public func signingCertificates() throws -> [StoredSigningCertificate] {
        try read(Self.signingCertificates)
    }

    static func signingCertificates(_ db: Database) throws -> [StoredSigningCertificate] {
        try Row.fetchAll(db, sql: "SELECT sha256, pem, subject, first_used_at FROM signing_certificates ORDER BY first_used_at, sha256")
            .map { StoredSigningCertificate(sha256: $0["sha256"], pem: $0["pem"], subject: $0["subject"], firstUsedAt: $0["first_used_at"]) }
    }
}
