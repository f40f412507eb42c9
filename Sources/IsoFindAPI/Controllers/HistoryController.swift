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
                query: [.init("limit", .integer(minimum: 1, maximum: 1000), "At most this many (default 100)."),
                        .init("offset", .integer(minimum: 0, maximum: Int64(Int32.max)), "Skip this many (default 0).")],
                responses: [.init(200, "The reports and the total count.", .json(ReportJSON.list))]), controller, Self.list),
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
        let query = try context.query()
        let limit = query["limit"]?.integerValue ?? 100
        let offset = query["offset"]?.integerValue ?? 0
        let (reports, total) = try store.reports(limit: limit, offset: offset)
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
