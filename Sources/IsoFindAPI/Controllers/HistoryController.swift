import Foundation
import IsoFindDomain
import IsoFindJSON
import IsoFindStore

/// The report record of `api.md` (Consultation).
enum ReportJSON {
    static func record(_ record: ReportRecord) -> JSONValue {
        .object([
            "id": .int(Int64(record.id)),
            "title": .string(record.title),
            "created_at": .string(record.createdAt),
            "created_by": JSONValue(record.createdBy),
            "template_id": JSONValue(record.templateID),
            "blocks": JSONValue(strings: record.blocks),
            "language": .string(record.language.rawValue),
            "mode": .string(record.mode.rawValue),
            "sample_ids": .array(record.sampleIDs.map { .int(Int64($0)) }),
            "pages": .int(Int64(record.pages)),
            "file_size": .int(Int64(record.fileSize)),
            "sha256": .string(record.sha256),
            "path": .string("reports/\(record.fileName)"),
            "signature": record.signature.map { signature in
                ["algorithm": .string(signature.algorithm), "signer": .string(signature.signer),
                 "certificate_sha256": .string(signature.certificateSHA256), "signed_at": .string(signature.signedAt)]
            } ?? .null,
            "download_url": .string("\(GatewayPaths.api)/download/\(record.id)"),
        ])
    }

    static let schema = Schema.ref("Report", .object(ObjectSchema("Report", [
        Field("id", .integer(), required: true), Field("title", .string(), required: true),
        Field("created_at", .string(StringRules(format: "date-time")), required: true),
        Field("created_by", .nullable(.string()), required: true), Field("template_id", .nullable(.integer()), required: true),
        Field("blocks", .array(.string()), required: true),
        Field("language", .string(StringRules(oneOf: Language.allCases.map(\.rawValue))), required: true),
        Field("mode", .string(StringRules(oneOf: ReportMode.allCases.map(\.rawValue))), required: true),
        Field("sample_ids", .array(.integer()), required: true), Field("pages", .integer(minimum: 1), required: true),
        Field("file_size", .integer(minimum: 1), required: true), Field("sha256", .string(), required: true),
        Field("path", .string(), required: true, "The PDF's path inside the data folder."),
        Field("signature", .nullable(.ref("ReportSignature", .object(ObjectSchema("ReportSignature", [
            Field("algorithm", .string(), required: true), Field("signer", .string(), required: true),
            Field("certificate_sha256", .string(), required: true),
            Field("signed_at", .string(StringRules(format: "date-time")), required: true),
        ])))), required: true, "The file's certification signature (see POST /verify); null only for a report recorded by a server that did not sign."),
        Field("download_url", .string(), required: true),
        Field("warnings", .array(.string()), "Only in the answer to POST /generate."),
    ])))

    static let list = Schema.object(ObjectSchema("ReportList", [
        Field("success", .boolean, required: true), Field("reports", .array(schema), required: true),
        Field("count", .integer(minimum: 0), required: true), Field("total", .integer(minimum: 0), required: true),
    ]))
}

/// Consultation (4): `GET /list`, `GET /{id}`, `GET /download/{id}` (served by nginx) and
/// `DELETE /{id}`.
struct HistoryController: Sendable {
    let store: ReportsStore
    let archive: ReportArchive

    static func routes(_ controller: Self?) -> [Route] {
        [
            Route("GET", "/list", access: .role(.reader), doc: OperationDoc(
                "listReports", tag: "Consultation", summary: "Generated reports, newest first",
                description: """
                    Newest first (by id). Filters combine (AND); `total` counts every report that matches them, \
                    whatever the page. To walk a long history, prefer keyset paging: pass the last id of a page \
                    as `before_id` to get the next one (stable while reports are added or deleted, and as fast \
                    at the end of the history as at its start). `offset` still works and counts from there.
                    """,
                query: [.init("limit", .integer(minimum: 1, maximum: 1000), "At most this many (default 100)."),
                        .init("offset", .integer(minimum: 0, maximum: Int64(Int32.max)), "Skip this many (default 0)."),
                        .init("before_id", .integer(minimum: 1),
                              "Keyset paging: only reports with an id below this one (the last id of the previous page)."),
                        .init("template_id", .integer(minimum: 1), "Only reports generated from this template."),
                        .init("created_by", .string(StringRules(minLength: 1, maxLength: 200)),
                              "Only reports generated with the token of this name (exact match)."),
                        .init("created_after", HistoryQuery.instantSchema,
                              "Only reports created at or after this instant. \(HistoryQuery.instantHelp)"),
                        .init("created_before", HistoryQuery.instantSchema,
                              "Only reports created before this instant (exclusive). \(HistoryQuery.instantHelp)")],
                responses: [.init(200, "The page of reports, its size (`count`) and how many match the filters (`total`).",
                                  .json(ReportJSON.list))]), controller, Self.list),
            Route("GET", "/{id}", access: .role(.reader), doc: OperationDoc(
                "getReport", tag: "Consultation", summary: "A report's record",
                responses: [.init(200, "The record.", .json(ReportJSON.schema)), .notFound("No such report.")]),
                controller, Self.get),
            Route("GET", "/download/{id}", access: .role(.reader), doc: OperationDoc(
                "downloadReport", tag: "Consultation", summary: "Download a report's PDF",
                description: "Served by nginx from its internal location (X-Accel-Redirect): Range, ETag and Last-Modified work.",
                responses: [.init(200, "The PDF.", .media("application/pdf")), .notFound("No such report, or its file is missing.")]),
                controller, Self.download),
            Route("DELETE", "/{id}", access: .role(.editor), doc: OperationDoc(
                "deleteReport", tag: "Consultation", summary: "Delete a report's record and file",
                responses: [.init(200, "Deleted.", .json(DeletedJSON.schema)), .notFound("No such report.")]),
                controller, Self.delete),
        ]
    }

    func list(_ context: RouteContext) throws -> Response {
        let (reports, total) = try store.reports(try HistoryQuery.parse(context))
        return .json(["success": true, "reports": .array(reports.map(ReportJSON.record)),
                      "count": .int(Int64(reports.count)), "total": .int(Int64(total))])
    }

    func get(_ context: RouteContext) throws -> Response {
        let id = try context.integerParameter("id")
        guard let record = try store.report(id: id) else { throw APIError.notFound("Report \(id) not found.") }
        return .json(ReportJSON.record(record))
    }

    /// `GET /download/{id}`: headers only; nginx serves the file from its internal location, so
    /// Range, ETag and Last-Modified work. The path comes from the record, never from the request.
    func download(_ context: RouteContext) throws -> Response {
        let id = try context.integerParameter("id")
        guard let record = try store.report(id: id) else { throw APIError.notFound("Report \(id) not found.") }
        guard archive.exists(record.fileName) else { throw APIError.notFound("The file of report \(id) is missing.") }
        var response = Response(status: 200, headers: [
            ("Content-Type", "application/pdf"),
            ("Content-Disposition", Self.contentDisposition(title: record.title, id: id)),
            ("X-Accel-Redirect", "/_protected_reports/\(record.fileName)"),
            ("Cache-Control", "private, no-transform"),
        ])
        response.logFields = [("report_id", String(id))]
        return response
    }

    /// `attachment; filename="report-42.pdf"; filename*=UTF-8''<title>-42.pdf` (RFC 6266 / 5987).
    static func contentDisposition(title: String, id: Int) -> String {
        let safeTitle = title.unicodeScalars.map { scalar -> String in
            CharacterSet.alphanumerics.contains(scalar) ? String(scalar) : "-"
        }.joined().split(separator: "-").joined(separator: "-").prefix(80)
        let name = safeTitle.isEmpty ? "report-\(id).pdf" : "\(safeTitle)-\(id).pdf"
        let encoded = name.addingPercentEncoding(withAllowedCharacters: CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._")) ?? "report-\(id).pdf"
        return "attachment; filename=\"report-\(id).pdf\"; filename*=UTF-8''\(encoded)"
    }

    func delete(_ context: RouteContext) throws -> Response {
        let id = try context.integerParameter("id")
        guard let fileName = try store.deleteReport(id: id) else { throw APIError.notFound("Report \(id) not found.") }
        archive.remove(fileName)
        var response = Response.json(DeletedJSON.object(id))
        response.logFields = [("report_id", String(id))]
        return response
    }
}

/// The query of `GET /list`, read at the edge into a `ReportQuery`: the documented parameters by
/// their schemas, then the two instants, every problem in one 422.
enum HistoryQuery {
    static let instantSchema = Schema.string(StringRules(maxLength: 64, format: "date-time"))
    static let instantHelp = """
        ISO 8601: a date (`2026-03-01`, midnight UTC) or a date and time (`2026-03-01T08:30:00Z`, \
        `2026-03-01T09:30:00+01:00`); a time without an offset is UTC.
        """

    static func parse(_ context: RouteContext) throws(APIError) -> ReportQuery {
        var issues: [ValidationIssue] = []
        var values: [String: JSONValue] = [:]
        do {
            values = try context.query()
        } catch {
            guard case .validation(let found) = error else { throw error }
            issues = found
        }
        var instants: [String: Date] = [:]
        for name in ["created_after", "created_before"] {
            // Read even when another parameter was refused, so that one 422 lists every problem.
            let loc: [LocComponent] = [.key("query"), .key(name)]
            guard let text = context.request.queryItems.first(where: { $0.name == name })?.value,
                  !issues.contains(where: { $0.loc == loc }) else { continue }
            if let date = ISOInstant.parse(text) {
                instants[name] = date
            } else {
                issues.append(ValidationIssue(
                    loc: loc,
                    msg: "Input should be an ISO 8601 date or date and time, e.g. 2026-03-01 or 2026-03-01T08:30:00Z",
                    type: "datetime_from_date_parsing"))
            }
        }
        if let after = instants["created_after"], let before = instants["created_before"], before <= after {
            issues.append(ValidationIssue(loc: [.key("query"), .key("created_before")],
                                          msg: "created_before must be later than created_after", type: "value_error"))
        }
        guard issues.isEmpty else { throw .validation(issues) }
        return ReportQuery(templateID: values["template_id"]?.integerValue, createdBy: values["created_by"]?.stringValue,
                           createdAfter: instants["created_after"], createdBefore: instants["created_before"],
                           beforeID: values["before_id"]?.integerValue, limit: values["limit"]?.integerValue ?? 100,
                           offset: values["offset"]?.integerValue ?? 0)
    }
}

/// ISO 8601 / RFC 3339 instants as a query parameter gives them: `YYYY-MM-DD`, optionally followed
/// by `T` (or `t`, or a space) and `hh:mm`, `:ss` and a fraction, and `Z` or an offset `±hh:mm`
/// (`±hhmm`, `±hh`). Without an offset the time is UTC. A leap second (`:60`) is the next second.
enum ISOInstant {
    static func parse(_ text: String) -> Date? {
        var cursor = Cursor(Array(text.utf8))
        guard let year = cursor.digits(4), cursor.take("-"), let month = cursor.digits(2), cursor.take("-"),
              let day = cursor.digits(2), (1...12).contains(month), (1...daysIn(month: month, year: year)).contains(day)
        else { return nil }
        var seconds = Double(daysFromCivil(year: year, month: month, day: day)) * 86_400
        if cursor.atEnd { return Date(timeIntervalSince1970: seconds) }
        guard cursor.take("T") || cursor.take("t") || cursor.take(" "),
              let hour = cursor.digits(2), hour < 24, cursor.take(":"), let minute = cursor.digits(2), minute < 60
        else { return nil }
        seconds += Double(hour * 3600 + minute * 60)
        if cursor.take(":") {
            guard let second = cursor.digits(2), second <= 60 else { return nil }
            seconds += Double(second)
            if cursor.take(".") || cursor.take(",") {
                var fraction = 0.0, scale = 0.1, count = 0
                while let digit = cursor.digits(1) {
                    fraction += Double(digit) * scale
                    scale /= 10
                    count += 1
                }
                guard count > 0 else { return nil }
                seconds += fraction
            }
        }
        if cursor.take("Z") || cursor.take("z") {
            // UTC
        } else if let sign = cursor.sign() {
            guard let hours = cursor.digits(2), hours < 24 else { return nil }
            var minutes = 0
            if cursor.take(":") {
                guard let value = cursor.digits(2) else { return nil }
                minutes = value
            } else if let value = cursor.digits(2) {
                minutes = value
            }
            guard minutes < 60 else { return nil }
            seconds -= Double(sign * (hours * 3600 + minutes * 60))
        }
        return cursor.atEnd ? Date(timeIntervalSince1970: seconds) : nil
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    private struct Cursor {
        let bytes: [UInt8]
        var position = 0

        init(_ bytes: [UInt8]) { self.bytes = bytes }

        var atEnd: Bool { position == bytes.count }

        mutating func take(_ character: Character) -> Bool {
            guard !atEnd, let ascii = character.asciiValue, bytes[position] == ascii else { return false }
            position += 1
            return true
        }

        mutating func digits(_ count: Int) -> Int? {
            guard position + count <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[position..<position + count] {
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            position += count
            return value
        }

        mutating func sign() -> Int? {
            if take("+") { return 1 }
            if take("-") { return -1 }
            return nil
        }
    }
}
