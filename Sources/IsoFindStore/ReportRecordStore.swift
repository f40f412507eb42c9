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
        try write { db in try Self.insert(record, into: db) }
    }

    static func insert(_ record: ReportRecord, into db: Database) throws {
        try db.cachedStatement(sql: """
            INSERT INTO reports (id, title, created_at, created_by, template_id, blocks, language, mode, sample_ids,
                                 pages, file_size, sha256, file_name, signature, warnings)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [record.id, record.title, record.createdAt, record.createdBy, record.templateID,
                                     try JSONColumn.encode(record.blocks), record.language.rawValue, record.mode.rawValue,
                                     try JSONColumn.encode(record.sampleIDs), record.pages, record.fileSize, record.sha256,
                                     record.fileName, try record.signature.map(JSONColumn.encode),
                                     try JSONColumn.encode(record.warnings)])
    }

    public func report(id: Int) throws -> ReportRecord? {
        try readStatement { db in
            try Row.fetchOne(db.cachedStatement(sql: "SELECT \(ReportRecord.columns) FROM reports WHERE id = ?"), arguments: [id]).map(ReportRecord.init(row:))
        }
    }

    /// Newest first, with the total count.
    public func reports(limit: Int, offset: Int) throws -> (reports: [ReportRecord], total: Int) {
        try reports(ReportQuery(limit: limit, offset: offset))
    }

    /// One page of the history, newest first (by id), and how many reports match the filters
    /// (`total` ignores `beforeID`, `offset` and `limit`). Both are read in one transaction.
    ///
    /// The page's ids come from a covering index (see the `v4-history-indexes` migration), so an
    /// offset skips index entries, never whole records; the records are then read by id. An offset
    /// past the middle is counted from the oldest end instead (the total, read in the same
    /// transaction, says where that is), so the last page costs what the first one does.
    public func reports(_ query: ReportQuery) throws -> (reports: [ReportRecord], total: Int) {
        let filter = query.filterSQL()
        var page = filter
        if let beforeID = query.beforeID {
            page.conditions.append("id < ?")
            page.arguments += [beforeID]
        }
        return try read { db in
            let total = try Int.fetchOne(db.cachedStatement(sql: "SELECT COUNT(*) FROM reports\(filter.whereClause)"),
                                         arguments: filter.arguments) ?? 0
            var oldestFirst = false
            if query.beforeID == nil, query.offset > total / 2 {
                // Positions offset..<offset+limit from the newest are, from the oldest,
                // total-offset-count..<total-offset.
                let count = min(query.limit, total - query.offset)
                guard count > 0 else { return ([], total) }
                page.arguments += [count, total - query.offset - count]
                oldestFirst = true
            } else {
                page.arguments += [query.limit, query.offset]
            }
            let rows = try Row.fetchAll(db.cachedStatement(sql: ReportQuery.pageSQL(page.whereClause, oldestFirst: oldestFirst)),
                                        arguments: page.arguments)
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

// MARK: - Seeded history (development and benchmarks only)

extension ReportRecord {
    /// A seeded record names a file that is never written, `seeded-<id>.pdf`, so it can never be
    /// taken for a report: it is unsigned, its download is a 404 (file missing), and
    /// `ReportsStore.deleteSeededReports()` finds it by this name.
    public static let seededFilePrefix = "seeded-"

    public static func seededFileName(id: Int) -> String { "\(seededFilePrefix)\(id).pdf" }

    public var isSeeded: Bool { fileName.hasPrefix(Self.seededFilePrefix) }
}

extension ReportsStore {
    /// Inserts `count` made-up records for development and benchmarks (`isofind-reports
    /// seed-history`), `batchSize` to a transaction. Each id is reserved like a real one, so later
    /// generations continue the numbering. `make` receives the record's position (0 for the first,
    /// oldest) and its id, and returns the record, whose id, file name (`seeded-<id>.pdf`) and
    /// signature (none) are then forced. Returns the ids used.
    public func insertSeededReports(count: Int, batchSize: Int = 10_000,
                                    _ make: (_ position: Int, _ id: Int) -> ReportRecord) throws -> ClosedRange<Int>? {
        var first: Int?
        var last: Int?
        var position = 0
        while position < count {
            let size = min(count - position, max(batchSize, 1))
            try write { db in
                let reserve = try db.cachedStatement(sql: "INSERT INTO report_ids (reserved_at) VALUES (?)")
                let reservedAt = timestamp()
                for _ in 0..<size {
                    try reserve.execute(arguments: [reservedAt])
                    let id = Int(db.lastInsertedRowID)
                    var record = make(position, id)
                    position += 1
                    record.id = id
                    record.fileName = ReportRecord.seededFileName(id: id)
                    record.signature = nil
                    try Self.insert(record, into: db)
                    first = first ?? id
                    last = id
                }
            }
        }
        guard let first, let last else { return nil }
        return first...last
    }

    /// Deletes every seeded record (their files never existed); returns how many.
    public func deleteSeededReports() throws -> Int {
        try write { db in
            try db.execute(sql: "DELETE FROM reports WHERE file_name GLOB ?", arguments: [ReportRecord.seededFilePrefix + "*"])
            return db.changesCount
        }
    }

    /// How many records are real reports and how many are seeded.
    public func reportCounts() throws -> (real: Int, seeded: Int) {
        try read { db in
            let all = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM reports") ?? 0
            let seeded = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM reports WHERE file_name GLOB ?",
                                          arguments: [ReportRecord.seededFilePrefix + "*"]) ?? 0
            return (all - seeded, seeded)
        }
    }
}

extension ReportRecord {
    /// The columns `init(row:)` reads, in its order (by position: a page of 100 records reads
    /// 1 500 values, and a lookup by name costs a lowercased copy of the name each time).
    static let columns = """
        id, title, created_at, created_by, template_id, blocks, language, mode, sample_ids, pages, file_size, sha256, \
        file_name, warnings, signature
        """

    init(row: Row) throws {
        let languageCode: String = row[6]
        let modeName: String = row[7]
        let signature: String? = row[14]
        self.init(id: row[0], title: row[1], createdAt: row[2], createdBy: row[3], templateID: row[4],
                  blocks: try ListColumn.strings(row[5]), language: Language(rawValue: languageCode) ?? .fr,
                  mode: ReportMode(rawValue: modeName) ?? .concis, sampleIDs: try ListColumn.integers(row[8]),
                  pages: row[9], fileSize: row[10], sha256: row[11], fileName: row[12], warnings: try ListColumn.strings(row[13]),
                  signature: try signature.map { try JSONColumn.decode(ReportSignature.self, $0) })
    }
}

/// The list columns of a report record (`blocks`, `sample_ids`, `warnings`), decoded without
/// `JSONDecoder` in the usual case: as `JSONColumn.encode` writes them, `[1,2]` and `["a","b"]`.
/// Anything else (an escape, a space) goes to `JSONColumn.decode`, so every valid column reads the
/// same. A listing decodes 300 of these per page; `JSONDecoder` made a third of its time.
enum ListColumn {
    static func integers(_ text: String?) throws -> [Int] {
        guard let text else { return try JSONColumn.decode([Int].self, text) }
        let fast: [Int]? = text.utf8.withContiguousStorageIfAvailable { bytes in
            guard bytes.count >= 2, bytes.first == UInt8(ascii: "["), bytes.last == UInt8(ascii: "]") else { return nil }
            var values: [Int] = []
            var index = 1
            let end = bytes.count - 1
            if index == end { return values }
            while true {
                var negative = false
                if bytes[index] == UInt8(ascii: "-") {
                    negative = true
                    index += 1
                }
                var value = 0, digits = 0
                while index < end, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]), digits < 18 {
                    value = value * 10 + Int(bytes[index] - UInt8(ascii: "0"))
                    index += 1
                    digits += 1
                }
                // No digits, or a leading zero (not JSON): let JSONDecoder decide.
                guard digits > 0, digits == 1 || bytes[index - digits] != UInt8(ascii: "0") else { return nil }
                values.append(negative ? -value : value)
                if index == end { return values }
                guard bytes[index] == UInt8(ascii: ","), index + 1 < end else { return nil }
                index += 1
            }
        } ?? nil
        if let fast { return fast }
        return try JSONColumn.decode([Int].self, text)
    }

    static func strings(_ text: String?) throws -> [String] {
        guard let text else { return try JSONColumn.decode([String].self, text) }
        let fast: [String]? = text.utf8.withContiguousStorageIfAvailable { bytes in
            guard bytes.count >= 2, bytes.first == UInt8(ascii: "["), bytes.last == UInt8(ascii: "]") else { return nil }
            var values: [String] = []
            var index = 1
            let end = bytes.count - 1
            if index == end { return values }
            while true {
                guard bytes[index] == UInt8(ascii: "\"") else { return nil }
                let start = index + 1
                index = start
                while index < end, bytes[index] != UInt8(ascii: "\""), bytes[index] != UInt8(ascii: "\\"), bytes[index] >= 0x20 {
                    index += 1
                }
                guard index < end, bytes[index] == UInt8(ascii: "\"") else { return nil }
                values.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self))
                index += 1
                if index == end { return values }
                guard bytes[index] == UInt8(ascii: ","), index + 1 < end else { return nil }
                index += 1
            }
        } ?? nil
        if let fast { return fast }
        return try JSONColumn.decode([String].self, text)
    }
}

/// What `GET /list` asks of the history: filters, then a page of the newest-first order.
public struct ReportQuery: Sendable, Equatable {
    public var templateID: Int?
    /// Exact match on the name of the token that generated the report.
    public var createdBy: String?
    /// Reports created at or after this instant (inclusive).
    public var createdAfter: Date?
    /// Reports created before this instant (exclusive), so that consecutive ranges never overlap.
    public var createdBefore: Date?
    /// Keyset paging: only reports whose id is below this one.
    public var beforeID: Int?
    public var limit: Int
    public var offset: Int

    public init(templateID: Int? = nil, createdBy: String? = nil, createdAfter: Date? = nil, createdBefore: Date? = nil,
                beforeID: Int? = nil, limit: Int = 100, offset: Int = 0) {
        self.templateID = templateID
        self.createdBy = createdBy
        self.createdAfter = createdAfter
        self.createdBefore = createdBefore
        self.beforeID = beforeID
        self.limit = limit
        self.offset = offset
    }

    struct Clause {
        var conditions: [String] = []
        var arguments: StatementArguments = []
        var whereClause: String { conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ") }
    }

    /// The filters as SQL. `created_at` holds second-precision UTC ISO 8601 text, which sorts as
    /// time does; a bound with a fraction of a second is rounded up to the next whole second, which
    /// selects the same records.
    func filterSQL() -> Clause {
        var clause = Clause()
        if let templateID {
            clause.conditions.append("template_id = ?")
            clause.arguments += [templateID]
        }
        if let createdBy {
            clause.conditions.append("created_by = ?")
            clause.arguments += [createdBy]
        }
        if let createdAfter {
            clause.conditions.append("created_at >= ?")
            clause.arguments += [Self.bound(createdAfter)]
        }
        if let createdBefore {
            clause.conditions.append("created_at < ?")
            clause.arguments += [Self.bound(createdBefore)]
        }
        return clause
    }

    /// The bound as stored text, rounded up to a whole second and kept within the years 1–9999
    /// (the text comparison needs four-digit years).
    static func bound(_ date: Date) -> String {
        let seconds = min(max(date.timeIntervalSince1970.rounded(.up), -62_135_596_800), 253_402_300_799)
        return Timestamp.string(Date(timeIntervalSince1970: seconds))
    }

    /// The ids of the page from an index (counted from the newest, or from the oldest), then their
    /// records, newest first.
    static func pageSQL(_ whereClause: String, oldestFirst: Bool = false) -> String {
        """
        SELECT \(ReportRecord.columns) FROM reports \
        WHERE id IN (SELECT id FROM reports\(whereClause) ORDER BY id \(oldestFirst ? "ASC" : "DESC") LIMIT ? OFFSET ?) \
        ORDER BY id DESC
        """
    }
}
