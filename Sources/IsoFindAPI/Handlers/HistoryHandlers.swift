import Foundation
import IsoFindDomain
import IsoFindReport
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
            // Signing is a later step of the engine; until then no report carries a signature.
            "signature": .null,
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
        Field("signature", .nullable(.anyObject(description: "{algorithm, signer, certificate_sha256, signed_at}")), required: true),
        Field("download_url", .string(), required: true),
        Field("warnings", .array(.string()), "Only in the answer to POST /generate."),
    ])))

    static let list = Schema.object(ObjectSchema("ReportList", [
        Field("success", .boolean, required: true), Field("reports", .array(schema), required: true),
        Field("count", .integer(minimum: 0), required: true), Field("total", .integer(minimum: 0), required: true),
    ]))
}

extension ReportsModule {
    var archive: ReportArchive { ReportArchive(folder: (configuration.dataDir as NSString).appendingPathComponent("reports")) }

    /// Removes report files that no record names (a generation interrupted between the file and
    /// the record). Called once at start.
    public func sweepReportFiles() throws -> Int {
        archive.sweep(keeping: try store.reportFileNames())
    }

    /// `POST /generate`: render with a reserved id, write the file (synced, renamed into place),
    /// then record it in one transaction. If anything fails, no record and no file remain.
    func generate(_ context: RouteContext) throws -> Response {
        let fields = try context.body(GenerationSchema.request)
        let plan = try GenerationPlan.make(fields, body: context.request.body, module: self)
        let id = try store.reserveReportID()
        let generatedAt = Self.generationTime()
        let rendered = try render(plan, reference: .report(id: id), generatedAt: generatedAt)
        let record = ReportRecord(
            id: id, title: plan.title, createdAt: Timestamp.string(Date(timeIntervalSince1970: Double(generatedAt))),
            createdBy: context.identity.role == nil ? nil : context.identity.subject, templateID: plan.templateID,
            blocks: plan.blocks, language: plan.language, mode: plan.mode, sampleIDs: rendered.sampleIDs, pages: rendered.pages,
            fileSize: rendered.bytes.count, sha256: ReportRecord.sha256Hex(rendered.bytes),
            fileName: ReportRecord.fileName(id: id), warnings: rendered.warnings)
        do {
            try archive.write(rendered.bytes, as: record.fileName)
        } catch let error as ReportArchive.ArchiveError {
            throw APIError.refused(500, "The report could not be written: \(error.description)")
        }
        do {
            // The signing step goes here, between "written" and "recorded", in the signing issue.
            try store.insertReport(record)
        } catch {
            archive.remove(record.fileName)
            throw error
        }
        guard case .object(var body) = ReportJSON.record(record) else { return .detail(500, "Unexpected record shape.") }
        body["warnings"] = JSONValue(strings: rendered.warnings)
        var response = Response.json(.object(body))
        response.logFields = [("report_id", String(id)), ("pages", String(rendered.pages))]
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
