import Foundation
import IsoFindDomain
import IsoFindGeneration
import IsoFindReport
import IsoFindStore
import IsoFindJSON

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
            "download_url": .string("\(Routes.prefix)/download/\(record.id)"),
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
        ])))), required: true, "The signature of the file; null for a report recorded unsigned."),
        Field("download_url", .string(), required: true),
        Field("warnings", .array(.string()), "Only in the answer to POST /generate."),
    ])))

    static let list = Schema.object(ObjectSchema("ReportList", [
        Field("success", .boolean, required: true), Field("reports", .array(schema), required: true),
        Field("count", .integer(minimum: 0), required: true), Field("total", .integer(minimum: 0), required: true),
    ]))
}

extension ReportsModule {
    /// Removes report files that no record names (a generation interrupted between the file and
    /// the record). Called once at start.
    public func sweepReportFiles() throws -> Int {
        archive.sweep(keeping: try store.reportFileNames())
    }

    /// `POST /generate`: the pipeline renders, signs, writes and records the report, or nothing.
    func generate(_ context: RouteContext) throws -> Response {
        let request = try GenerateRequest(body: context.request.body)
        let generated = try generator.generate(request, createdBy: context.identity.role == nil ? nil : context.identity.subject,
                                               logger: context.logger)
        guard case .object(var body) = ReportJSON.record(generated.record) else { return .detail(500, "Unexpected record shape.") }
        body["warnings"] = JSONValue(strings: generated.warnings)
        var response = Response.json(.object(body))
        response.logFields = [("report_id", String(generated.record.id)), ("pages", String(generated.record.pages))]
        return response
    }

    func listReports(_ context: RouteContext) throws -> Response {
        var issues: [ValidationIssue] = []
        func parameter(_ name: String, default value: Int, range: ClosedRange<Int>) -> Int {
            guard let text = context.request.queryItems.first(where: { $0.name == name })?.value else { return value }
            guard let number = Int(text) else {
                issues.append(ValidationIssue(loc: [.key("query"), .key(name)], msg: "Input should be a valid integer, unable to parse string as an integer", type: "int_parsing"))
                return value
            }
            guard range.contains(number) else {
                issues.append(ValidationIssue(loc: [.key("query"), .key(name)],
                                              msg: number < range.lowerBound ? "Input should be greater than or equal to \(range.lowerBound)" : "Input should be less than or equal to \(range.upperBound)",
                                              type: number < range.lowerBound ? "greater_than_equal" : "less_than_equal"))
                return value
            }
            return number
        }
        let limit = parameter("limit", default: 100, range: 1...1000)
        let offset = parameter("offset", default: 0, range: 0...Int(Int32.max))
        guard issues.isEmpty else { throw APIError.validation(issues) }
        let (reports, total) = try store.reports(limit: limit, offset: offset)
        return .json(["success": true, "reports": .array(reports.map(ReportJSON.record)),
                      "count": .int(Int64(reports.count)), "total": .int(Int64(total))])
    }

    func getReport(_ context: RouteContext) throws -> Response {
        let id = try context.integerParameter("id")
        guard let record = try store.report(id: id) else { throw APIError.notFound("Report \(id) not found.") }
        return .json(ReportJSON.record(record))
    }

    /// `GET /download/{id}`: headers only; nginx serves the file from its internal location, so
    /// Range, ETag and Last-Modified work. The path comes from the record, never from the request.
    func downloadReport(_ context: RouteContext) throws -> Response {
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

    func deleteReport(_ context: RouteContext) throws -> Response {
        let id = try context.integerParameter("id")
        guard let fileName = try store.deleteReport(id: id) else { throw APIError.notFound("Report \(id) not found.") }
        archive.remove(fileName)
        var response = Response.json(deletedJSON(id))
        response.logFields = [("report_id", String(id))]
        return response
    }
}
