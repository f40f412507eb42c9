import IsoFindDomain
import IsoFindGeneration
import IsoFindJSON
import IsoFindReport
import IsoFindStore

/// The template object of `api.md`.
enum TemplateJSON {
    /// Built-in templates ship with the software; this is the date of the catalogue they follow.
    static let builtinTimestamp = "2026-04-24T00:00:00Z"

    static func builtin(_ template: BuiltinTemplate, registry: BlockRegistry) -> JSONValue {
        object(id: template.id, name: template.name, description: template.description, blocks: template.blocks.map(\.rawValue),
               language: template.language, mode: template.mode, isDefault: true,
               createdAt: builtinTimestamp, updatedAt: builtinTimestamp, registry: registry)
    }

    static func stored(_ template: StoredTemplate, registry: BlockRegistry) -> JSONValue {
        object(id: template.id, name: template.name, description: template.description, blocks: template.blocks,
               language: template.language, mode: template.mode, isDefault: false,
               createdAt: template.createdAt, updatedAt: template.updatedAt, registry: registry)
    }

    private static func object(id: Int, name: String, description: String, blocks: [String], language: Language,
                               mode: ReportMode, isDefault: Bool, createdAt: String, updatedAt: String,
                               registry: BlockRegistry) -> JSONValue {
        .object([
            "id": .int(Int64(id)),
            "name": .string(name),
            "description": .string(description),
            "blocks": JSONValue(strings: blocks),
            "language": .string(language.rawValue),
            "mode": .string(mode.rawValue),
            "is_default": .bool(isDefault),
            "created_at": .string(createdAt),
            "updated_at": .string(updatedAt),
            "estimated_pages": .int(Int64(registry.estimatedPages(blocks))),
            "min_licence": .string(registry.minimumLicence(blocks).rawValue),
        ])
    }

    static func list(_ templates: [JSONValue]) -> JSONValue {
        ["success": true, "templates": .array(templates), "count": .int(Int64(templates.count))]
    }
}

enum TemplateSchemas {
    /// Block keys: the syntax is checked here; that each names a known block is checked against
    /// the catalogue (built-in and active custom blocks) and reported as `unknown block key`.
    static let blockList = Schema.array(BlockSchemas.key, ArrayRules(minItems: 1, maxItems: 80, uniqueItems: true))
    static let name = Schema.string(StringRules(minLength: 1, maxLength: 200))
    static let description = Schema.string(StringRules(maxLength: 2000))

    static let create = ObjectSchema("TemplateCreate", [
        Field("name", name, required: true, "Template name shown in the interface."),
        Field("blocks", blockList, required: true, "Block keys in report order (1–80 known keys, no repeats)."),
        Field("description", description, default: "", "What the template is for."),
        Field("language", .string(StringRules(oneOf: Language.allCases.map(\.rawValue))), default: "fr", "Report language."),
        Field("mode", .string(StringRules(oneOf: ReportMode.allCases.map(\.rawValue))), default: "concis",
              "'concis' for a short report, 'expert' for the full technical one."),
    ])

    static let update = ObjectSchema("TemplateUpdate", [
        Field("name", name, "New name."),
        Field("blocks", blockList, "New block list."),
        Field("description", description, "New description."),
    ], minProperties: 1)

    static let template = Schema.ref("Template", .object(ObjectSchema("Template", [
        Field("id", .integer(), required: true),
        Field("name", .string(), required: true),
        Field("description", .string(), required: true),
        Field("blocks", .array(.string()), required: true),
        Field("language", .string(StringRules(oneOf: Language.allCases.map(\.rawValue))), required: true),
        Field("mode", .string(StringRules(oneOf: ReportMode.allCases.map(\.rawValue))), required: true),
        Field("is_default", .boolean, required: true),
        Field("created_at", .nullable(.string(StringRules(format: "date-time"))), required: true),
        Field("updated_at", .nullable(.string(StringRules(format: "date-time"))), required: true),
        Field("estimated_pages", .integer(minimum: 0), required: true, "Sum of the blocks' page estimates."),
        Field("min_licence", .string(StringRules(oneOf: Licence.allCases.map(\.rawValue))), required: true,
              "The highest licence any of its blocks needs."),
    ])))

    static let list = Schema.object(ObjectSchema("TemplateList", [
        Field("success", .boolean, required: true),
        Field("templates", .array(template), required: true),
        Field("count", .integer(minimum: 0), required: true),
    ]))
}

/// Templates (5): `GET/POST /templates`, `GET/PUT/DELETE /templates/{id}`. Default templates are
/// defined in code, served from a cache, and read-only.
struct TemplatesController: Sendable {
    let store: ReportsStore
    let blocks: ActiveBlocks
    let defaults: DefaultTemplates

    static func routes(_ controller: Self?) -> [Route] {
        [
            Route("GET", "/templates", access: .open, doc: OperationDoc(
                "listTemplates", tag: "Templates", summary: "List templates",
                description: "Default templates first, then user templates by id. Anonymous callers see the default templates only.",
                responses: [.init(200, "The templates.", .json(TemplateSchemas.list))]), controller, Self.list),
            Route("POST", "/templates", access: .role(.editor), doc: OperationDoc(
                "createTemplate", tag: "Templates", summary: "Create a user template", body: TemplateSchemas.create,
                responses: [.init(201, "The new template.", .json(TemplateSchemas.template))]), controller, Self.create),
            Route("GET", "/templates/{id}", access: Access(requiredRole: { parameters in
                parameters["id"].flatMap(JSONValue.integer(parameterText:))
                    .flatMap(BuiltinTemplates.template(id:)) == nil ? .reader : nil
            }, summary: "public for default templates, reader role or above for user templates", allowsAnonymous: true,
               highestRole: .reader), doc: OperationDoc(
                "getTemplate", tag: "Templates", summary: "Get a template",
                responses: [.init(200, "The template.", .json(TemplateSchemas.template)), .notFound("No such template.")]),
                controller, Self.get),
            Route("PUT", "/templates/{id}", access: .role(.editor), doc: OperationDoc(
                "updateTemplate", tag: "Templates", summary: "Update a user template",
                description: "Only name, description and blocks may change. Default templates are read-only (403).",
                body: TemplateSchemas.update,
                responses: [.init(200, "The updated template.", .json(TemplateSchemas.template)), .notFound("No such template.")]),
                controller, Self.update),
            Route("DELETE", "/templates/{id}", access: .role(.editor), doc: OperationDoc(
                "deleteTemplate", tag: "Templates", summary: "Delete a user template",
                description: "Default templates are read-only (403).",
                responses: [.init(200, "Deleted.", .json(DeletedJSON.schema)), .notFound("No such template.")]),
                controller, Self.delete),
        ]
    }

    func list(_ context: RouteContext) throws -> Response {
        guard context.identity.role != nil else { return .json(TemplateJSON.list(defaults.list)) }
        let stored = try store.userTemplates()
        let registry = try blocks.registry(for: stored.flatMap(\.blocks))
        return .json(TemplateJSON.list(defaults.list + stored.map { TemplateJSON.stored($0, registry: registry) }))
    }

    func get(_ context: RouteContext) throws -> Response {
        let id = try context.integerParameter("id")
        if let builtin = defaults.byID[id] { return .json(builtin) }
        guard let stored = try store.userTemplate(id: id) else { throw APIError.notFound("Template \(id) not found.") }
        return .json(TemplateJSON.stored(stored, registry: try blocks.registry(for: stored.blocks)))
    }

    func create(_ context: RouteContext) throws -> Response {
        let registry = try blocks.registry()
        let fields = try context.body(TemplateSchemas.create, semantics: registry.unknownBlocks)
        let template = NewTemplate(
            name: fields["name"]!.stringValue!,
            description: fields["description"]?.stringValue ?? "",
            blocks: fields["blocks"]!.arrayValue!.compactMap(\.stringValue),
            language: fields["language"]?.stringValue.flatMap(Language.init(rawValue:)) ?? .fr,
            mode: fields["mode"]?.stringValue.flatMap(ReportMode.init(rawValue:)) ?? .concis)
        let stored = try store.insertTemplate(template, createdBy: context.identity.subject)
        return .json(TemplateJSON.stored(stored, registry: registry), status: 201)
    }

    func update(_ context: RouteContext) throws -> Response {
        let id = try context.integerParameter("id")
        let registry = try blocks.registry()
        let fields = try context.body(TemplateSchemas.update, semantics: registry.unknownBlocks)
        if BuiltinTemplates.template(id: id) != nil { throw APIError.refused(403, Self.readOnlyMessage(id)) }
        let changes = TemplateChanges(name: fields["name"]?.stringValue, description: fields["description"]?.stringValue,
                                      blocks: fields["blocks"]?.arrayValue?.compactMap(\.stringValue))
        guard let stored = try store.updateTemplate(id: id, changes) else { throw APIError.notFound("Template \(id) not found.") }
        return .json(TemplateJSON.stored(stored, registry: registry))
    }

    func delete(_ context: RouteContext) throws -> Response {
        let id = try context.integerParameter("id")
        if BuiltinTemplates.template(id: id) != nil { throw APIError.refused(403, Self.readOnlyMessage(id)) }
        guard try store.deleteTemplate(id: id) else { throw APIError.notFound("Template \(id) not found.") }
        return .json(DeletedJSON.object(id))
    }

    static func readOnlyMessage(_ id: Int) -> String {
        "Template \(id) is a default template and is read-only; create your own copy with POST /api/reports/templates."
    }
}

/// The default templates, serialised once (they never change while the process runs).
struct DefaultTemplates: Sendable {
    let list: [JSONValue]
    let byID: [Int: JSONValue]

    init() {
        list = BuiltinTemplates.all.map { TemplateJSON.builtin($0, registry: .builtin).frozen }
        byID = Dictionary(uniqueKeysWithValues: zip(BuiltinTemplates.all.map(\.id), list))
    }
}

extension BlockRegistry {
    /// One issue per well-formed but unknown key of a body's `blocks` list, at its position.
    /// Malformed entries are left to the schema.
    func unknownBlocks(in fields: [String: JSONValue]) -> [ValidationIssue] {
        (fields["blocks"]?.arrayValue ?? []).enumerated().compactMap { position, item in
            guard let key = item.stringValue, BlockKey.isWellFormed(key) else { return nil }
            return unknownKeyIssue(key, at: [.key("blocks"), .index(position)])
        }
    }
}
