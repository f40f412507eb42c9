import IsoFindDomain
import IsoFindGeneration
import IsoFindReport
import IsoFindStore
import IsoFindJSON

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

/// `{"success": true, "id": id}`, the answer to every DELETE.
func deletedJSON(_ id: Int) -> JSONValue { ["success": true, "id": .int(Int64(id))] }

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

extension ReportsModule {
    func listTemplates(_ context: RouteContext) throws -> Response {
        guard context.identity.role != nil else { return .json(TemplateJSON.list(cache.defaultTemplates)) }
        let stored = try store.userTemplates()
        let registry = try self.registry(for: stored.flatMap(\.blocks))
        return .json(TemplateJSON.list(cache.defaultTemplates + stored.map { TemplateJSON.stored($0, registry: registry) }))
    }

    func getTemplate(_ context: RouteContext) throws -> Response {
        let id = try context.integerParameter("id")
        if let builtin = cache.defaultTemplate[id] { return .json(builtin) }
        guard let stored = try store.userTemplate(id: id) else { throw APIError.notFound("Template \(id) not found.") }
        return .json(TemplateJSON.stored(stored, registry: try registry(for: stored.blocks)))
    }

    func createTemplate(_ context: RouteContext) throws -> Response {
        let registry = try self.registry()
        let fields = try context.body(TemplateSchemas.create, semantics: registry.unknownBlocks)
        let blocks = fields["blocks"]!.arrayValue!.compactMap(\.stringValue)
        let template = NewTemplate(
            name: fields["name"]!.stringValue!,
            description: fields["description"]?.stringValue ?? "",
            blocks: blocks,
            language: fields["language"]?.stringValue.flatMap(Language.init(rawValue:)) ?? .fr,
            mode: fields["mode"]?.stringValue.flatMap(ReportMode.init(rawValue:)) ?? .concis)
        let stored = try store.insertTemplate(template, createdBy: context.identity.subject)
        return .json(TemplateJSON.stored(stored, registry: registry), status: 201)
    }

    func updateTemplate(_ context: RouteContext) throws -> Response {
        let id = try context.integerParameter("id")
        let registry = try self.registry()
        let fields = try context.body(TemplateSchemas.update, semantics: registry.unknownBlocks)
        let blocks = fields["blocks"]?.arrayValue?.compactMap(\.stringValue)
        if BuiltinTemplates.template(id: id) != nil { throw APIError.refused(403, Self.readOnlyMessage(id)) }
        let changes = TemplateChanges(name: fields["name"]?.stringValue, description: fields["description"]?.stringValue,
                                      blocks: blocks)
        guard let stored = try store.updateTemplate(id: id, changes) else { throw APIError.notFound("Template \(id) not found.") }
        return .json(TemplateJSON.stored(stored, registry: registry))
    }

    func deleteTemplate(_ context: RouteContext) throws -> Response {
        let id = try context.integerParameter("id")
        if BuiltinTemplates.template(id: id) != nil { throw APIError.refused(403, Self.readOnlyMessage(id)) }
        guard try store.deleteTemplate(id: id) else { throw APIError.notFound("Template \(id) not found.") }
        return .json(deletedJSON(id))
    }

    static func readOnlyMessage(_ id: Int) -> String {
        "Template \(id) is a default template and is read-only; create your own copy with POST /api/reports/templates."
    }
}
