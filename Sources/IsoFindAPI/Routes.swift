import IsoFindDomain
import IsoFindGeneration
import IsoFindJSON

/// The route table: every operation under `/api/reports/` with its access rule and documentation.
/// The router, the auth subrequest and the OpenAPI document all read this one table.
enum Routes {
    typealias Handler = @Sendable (ReportsModule, RouteContext) throws -> Response

    static let prefix = "/api/reports"

    /// `/health` and `/api/ready`: public, answered even when the reports module is not loaded.
    static func service(_ status: ServiceStatus) -> [Route] {
        let health = Schema.object(ObjectSchema("Health", [
            Field("status", .string(StringRules(oneOf: ["healthy", "degraded"])), required: true),
            Field("version", .string(), required: true),
            Field("reasons", .array(.string()), required: true, "Why the service is degraded."),
        ]))
        let readiness = Schema.object(ObjectSchema("Readiness", [
            Field("status", .string(StringRules(oneOf: ["ready", "starting", "not ready"])), required: true),
            Field("detail", .string()),
        ]))
        return [
            Route("GET", "/health", access: .open, doc: OperationDoc(
                "health", tag: "Service", summary: "Liveness and module health",
                responses: [.init(200, "Healthy.", .json(health)), .init(503, "Degraded: the reasons are listed.", .json(health))])) { _ in
                status.health()
            },
            Route("GET", "/api/ready", access: .open, doc: OperationDoc(
                "ready", tag: "Service", summary: "Readiness: 200 once start-up has finished",
                responses: [.init(200, "Ready.", .json(readiness)), .init(503, "Starting, or the module is not loaded.", .json(readiness))])) { _ in
                status.readiness()
            },
        ]
    }

    static func all(module: @escaping @Sendable () throws -> ReportsModule, openAPI: @escaping @Sendable () -> Response) -> [Route] {
        func route(_ method: String, _ path: String, _ access: Access, _ doc: OperationDoc, _ handler: @escaping Handler) -> Route {
            Route(method, prefix + path, access: access, doc: doc) { context in try handler(try module(), context) }
        }
        let deleted = Schema.object(ObjectSchema("Deleted", [
            Field("success", .boolean, required: true), Field("id", .integer(), required: true),
        ]))
        let matrixConfiguration = Schema.ref("MatrixConfiguration", .object(MatrixSchemas.configuration))
        return [
            // Templates (5)
            route("GET", "/templates", .open, OperationDoc(
                "listTemplates", tag: "Templates", summary: "List templates",
                description: "Default templates first, then user templates by id. Anonymous callers see the default templates only.",
                responses: [.init(200, "The templates.", .json(TemplateSchemas.list))]), { try $0.listTemplates($1) }),
            route("POST", "/templates", .role(.editor), OperationDoc(
                "createTemplate", tag: "Templates", summary: "Create a user template", body: TemplateSchemas.create,
                responses: [.init(201, "The new template.", .json(TemplateSchemas.template))]), { try $0.createTemplate($1) }),
            route("GET", "/templates/{id}", Access(requiredRole: { parameters in
                Int(parameters["id"] ?? "").flatMap(BuiltinTemplates.template(id:)) == nil ? .reader : nil
            }, summary: "public for default templates, reader role or above for user templates", allowsAnonymous: true,
               highestRole: .reader), OperationDoc(
                "getTemplate", tag: "Templates", summary: "Get a template",
                responses: [.init(200, "The template.", .json(TemplateSchemas.template)), .init(404, "No such template.", .json(.ref("HTTPError", .any)))]),
                { try $0.getTemplate($1) }),
            route("PUT", "/templates/{id}", .role(.editor), OperationDoc(
                "updateTemplate", tag: "Templates", summary: "Update a user template",
                description: "Only name, description and blocks may change. Default templates are read-only (403).",
                body: TemplateSchemas.update,
                responses: [.init(200, "The updated template.", .json(TemplateSchemas.template)),
                            .init(404, "No such template.", .json(.ref("HTTPError", .any)))]), { try $0.updateTemplate($1) }),
            route("DELETE", "/templates/{id}", .role(.editor), OperationDoc(
                "deleteTemplate", tag: "Templates", summary: "Delete a user template",
                description: "Default templates are read-only (403).",
                responses: [.init(200, "Deleted.", .json(deleted)), .init(404, "No such template.", .json(.ref("HTTPError", .any)))]),
                { try $0.deleteTemplate($1) }),

            // Generation
            route("POST", "/preview", .role(.editor), OperationDoc(
                "previewReport", tag: "Generation", summary: "Render a preview PDF (not stored, not signed)",
                description: "Same validation as /generate, in the order of the contract: a template or blocks (422), the template (404), known block keys (422), simulation_result for sim_* blocks (422), the licence (403), the Nexus session (404), the samples (422), then mbtiles_path, snapshots and scenarios (422). Headers X-Report-Pages and X-Report-Warnings give the page and warning counts.",
                body: GenerateRequest.schema,
                responses: [.init(200, "The preview PDF.", .media("application/pdf")),
                            .init(404, "No such template or Nexus session.", .json(.ref("HTTPError", .any)))]), { try $0.preview($1) }),

            route("POST", "/generate", .role(.editor), OperationDoc(
                "generateReport", tag: "Generation", summary: "Generate, store and record a final report",
                description: "Validated like /preview. The PDF is written (synced, renamed into place) and recorded in one step: either all of it happens or none of it does.",
                body: GenerateRequest.schema,
                responses: [.init(200, "The report record, with the generation warnings.", .json(ReportJSON.schema)),
                            .init(404, "No such template or Nexus session.", .json(.ref("HTTPError", .any)))]), { try $0.generate($1) }),

            // Consultation (4)
            route("GET", "/list", .role(.reader), OperationDoc(
                "listReports", tag: "Consultation", summary: "Generated reports, newest first",
                query: [.init("limit", .integer(minimum: 1, maximum: 1000), "At most this many (default 100)."),
                        .init("offset", .integer(minimum: 0), "Skip this many (default 0).")],
                responses: [.init(200, "The reports and the total count.", .json(ReportJSON.list))]), { try $0.listReports($1) }),
            route("GET", "/{id}", .role(.reader), OperationDoc(
                "getReport", tag: "Consultation", summary: "A report's record",
                responses: [.init(200, "The record.", .json(ReportJSON.schema)),
                            .init(404, "No such report.", .json(.ref("HTTPError", .any)))]), { try $0.getReport($1) }),
            route("GET", "/download/{id}", .role(.reader), OperationDoc(
                "downloadReport", tag: "Consultation", summary: "Download a report's PDF",
                description: "Served by nginx from its internal location (X-Accel-Redirect): Range, ETag and Last-Modified work.",
                responses: [.init(200, "The PDF.", .media("application/pdf")),
                            .init(404, "No such report, or its file is missing.", .json(.ref("HTTPError", .any)))]), { try $0.downloadReport($1) }),
            route("DELETE", "/{id}", .role(.editor), OperationDoc(
                "deleteReport", tag: "Consultation", summary: "Delete a report's record and file",
                responses: [.init(200, "Deleted.", .json(deleted)), .init(404, "No such report.", .json(.ref("HTTPError", .any)))]),
                { try $0.deleteReport($1) }),

            // Branding (3)
            route("GET", "/branding", .role(.reader), OperationDoc(
                "getBranding", tag: "Branding", summary: "The organisation name and logo printed on reports",
                responses: [.init(200, "The branding.", .json(BrandingSchemas.branding))]), { try $0.getBranding($1) }),
            route("PUT", "/branding", .role(.admin), OperationDoc(
                "putBranding", tag: "Branding", summary: "Set the organisation name and logo (Pro licence)",
                description: "logo_path must name an existing PNG, JPEG or SVG file on the server (400 otherwise); it is validated and copied into the data folder, and the answer's logo_path is the copy's.",
                body: BrandingSchemas.update,
                responses: [.init(200, "The saved branding.", .json(BrandingSchemas.branding)),
                            .init(400, "The logo file is missing, of an unsupported type, or not what its extension says.", .json(.ref("HTTPError", .any)))]),
                { try $0.putBranding($1) }),
            route("DELETE", "/branding", .role(.admin), OperationDoc(
                "deleteBranding", tag: "Branding", summary: "Restore the default IsoFind branding",
                responses: [.init(200, "The default branding.", .json(BrandingSchemas.branding))]), { try $0.deleteBranding($1) }),

            // Nexus sessions (1)
            route("GET", "/nexus-sessions", .role(.reader), OperationDoc(
                "listNexusSessions", tag: "Nexus sessions", summary: "List the 50 most recent Nexus sessions",
                description: "Read from the configured sessions database, newest first. No database configured or present: an empty list.",
                responses: [.init(200, "The sessions.", .json(CatalogueSchemas.sessionList))]), { try $0.listNexusSessions($1) }),

            // Matrices (3)
            route("GET", "/matrix-groups", .role(.reader), OperationDoc(
                "getMatrixGroups", tag: "Matrices", summary: "Matrix groups and relevance rules",
                responses: [.init(200, "The configuration.", .json(matrixConfiguration))]), { try $0.getMatrixGroups($1) }),
            route("PUT", "/matrix-groups", .role(.admin), OperationDoc(
                "putMatrixGroups", tag: "Matrices", summary: "Replace matrix groups and rules",
                description: "Full replace in one transaction. Refused (422) when group ids are missing or repeated, a colour is not #RRGGBB, a matrix belongs to two groups (French and English names are the same matrix), a rule names an unknown group, or a (from, to) pair repeats.",
                body: MatrixSchemas.configuration,
                responses: [.init(200, "The saved configuration.", .json(matrixConfiguration))]), { try $0.putMatrixGroups($1) }),
            route("GET", "/matrix-groups/check", .role(.reader), OperationDoc(
                "checkMatrices", tag: "Matrices", summary: "Is comparing matrix_a with matrix_b relevant?",
                query: [.init("matrix_a", .string(StringRules(minLength: 1)), required: true, "A matrix name (French or English)."),
                        .init("matrix_b", .string(StringRules(minLength: 1)), required: true, "Another matrix name.")],
                responses: [.init(200, "The verdict.", .json(MatrixSchemas.check))]), { try $0.checkMatrices($1) }),

            // Catalogue and contract
            route("GET", "/blocks", .open, OperationDoc(
                "listBlocks", tag: "Catalogue", summary: "The block catalogue",
                description: "Built-in blocks and active custom blocks with their metadata (FAIH nature, licence, page estimate, data needed).",
                responses: [.init(200, "The catalogue.", .json(CatalogueSchemas.blockList))]), { try $0.listBlocks($1) }),
            Route("GET", prefix + "/openapi.json", access: .open, doc: OperationDoc(
                "openAPI", tag: "Catalogue", summary: "This OpenAPI 3.1 document",
                responses: [.init(200, "The document.", .json(.anyObject(description: "OpenAPI 3.1")))])) { _ in openAPI() },
        ]
    }
}
