import Crypto
import Foundation
import GRDB
import IsoFindDomain

/// The signature of a final report, as recorded and served (`signature` of the report record):
/// what signed it, with which certificate, and when.
public struct ReportSignature: Sendable, Equatable, Codable {
    public var algorithm: String
    public var signer: String
    public var certificateSHA256: String
    /// ISO 8601 UTC.
    public var signedAt: String

    enum CodingKeys: String, CodingKey {
        case algorithm, signer
        case certificateSHA256 = "certificate_sha256"
        case signedAt = "signed_at"
    }

    public init(algorithm: String, signer: String, certificateSHA256: String, signedAt: String) {
        self.algorithm = algorithm
        self.signer = signer
        self.certificateSHA256 = certificateSHA256
        self.signedAt = signedAt
    }
}

/// A generated report as recorded: what `GET /api/reports/{id}` and `/list` return.
public struct ReportRecord: Sendable, Equatable {
    public var id: Int
    public var title: String
    public var createdAt: String
    public var createdBy: String?
    public var templateID: Int?
    public var blocks: [String]
    public var language: Language
    public var mode: ReportMode
    public var sampleIDs: [Int]
    public var pages: Int
    public var fileSize: Int
    public var sha256: String
    /// The PDF's file name inside the data folder's `reports/`.
    public var fileName: String
    public var warnings: [String]
    /// The signature of the file, or nil for a report recorded unsigned.
    public var signature: ReportSignature?

    public init(id: Int, title: String, createdAt: String, createdBy: String?, templateID: Int?, blocks: [String],
                language: Language, mode: ReportMode, sampleIDs: [Int], pages: Int, fileSize: Int, sha256: String,
                fileName: String, warnings: [String], signature: ReportSignature? = nil) {
        self.id = id
        self.title = title
        self.createdAt = createdAt
        self.createdBy = createdBy
        self.templateID = templateID
        self.blocks = blocks
        self.language = language
        self.mode = mode
        self.sampleIDs = sampleIDs
        self.pages = pages
        self.fileSize = fileSize
        self.sha256 = sha256
        self.fileName = fileName
        self.warnings = warnings
        self.signature = signature
    }

    /// The file name of report `id`: derived from the id only, never from anything a client sent.
    public static func fileName(id: Int) -> String { "report-\(id).pdf" }

    public static func sha256Hex(_ bytes: [UInt8]) -> String {
        SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
    }
}

extension ReportsStore {
    /// A new report id, reserved before rendering (the PDF prints it).
    public func reserveReportID() throws -> Int {
        try write { db in
            try db.execute(sql: "INSERT INTO report_ids (reserved_at) VALUES (?)", arguments: [timestamp()])
            return Int(db.lastInsertedRowID)
        }
    }

    /// Records a report whose file is already written and synced.
    public func insertReport(_ record: ReportRecord) throws {
        try write { db in
            try db.execute(sql: """
                INSERT INTO reports (id, title, created_at, created_by, template_id, blocks, language, mode, sample_ids,
                                     pages, file_size, sha256, file_name, signature, warnings)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [record.id, record.title, record.createdAt, record.createdBy, record.templateID,
                                 try JSONColumn.encode(record.blocks), record.language.rawValue, record.mode.rawValue,
                                 try JSONColumn.encode(record.sampleIDs), record.pages, record.fileSize, record.sha256,
                                 record.fileName, try record.signature.map(JSONColumn.encode),
                                 try JSONColumn.encode(record.warnings)])
        }
    }

    public func report(id: Int) throws -> ReportRecord? {
        try readStatement { db in
            try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM reports WHERE id = ?"), arguments: [id]).map(ReportRecord.init(row:))
        }
    }

    /// Newest first, with the total count.
    public func reports(limit: Int, offset: Int) throws -> (reports: [ReportRecord], total: Int) {
        try read { db in
            let total = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM reports") ?? 0
            let rows = try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM reports ORDER BY id DESC LIMIT ? OFFSET ?"),
                                        arguments: [limit, offset])
            return (try rows.map(ReportRecord.init(row:)), total)
        }
    }

    /// Deletes the record and returns its file name (the caller removes the file); nil when absent.
    public func deleteReport(id: Int) throws -> String? {
        try write { db in
            guard let name = try String.fetchOne(db, sql: "SELECT file_name FROM reports WHERE id = ?", arguments: [id]) else { return nil }
            try db.execute(sql: "DELETE FROM reports WHERE id = ?", arguments: [id])
            return name
        }
    }

    /// Every file name a record names (for the start-up sweep).
    public func reportFileNames() throws -> Set<String> {
        try read { db in Set(try String.fetchAll(db, sql: "SELECT file_name FROM reports")) }
    }
}

extension ReportRecord {
    init(row: Row) throws {
        let languageCode: String = row["language"]
        let modeName: String = row["mode"]
        let signature: String? = row["signature"]
        self.init(id: row["id"], title: row["title"], createdAt: row["created_at"], createdBy: row["created_by"],
                  templateID: row["template_id"], blocks: try JSONColumn.decode([String].self, row["blocks"]),
                  language: Language(rawValue: languageCode) ?? .fr, mode: ReportMode(rawValue: modeName) ?? .concis,
                  sampleIDs: try JSONColumn.decode([Int].self, row["sample_ids"]), pages: row["pages"], fileSize: row["file_size"],
                  sha256: row["sha256"], fileName: row["file_name"], warnings: try JSONColumn.decode([String].self, row["warnings"]),
                  signature: try signature.map { try JSONColumn.decode(ReportSignature.self, $0) })
    }
}
