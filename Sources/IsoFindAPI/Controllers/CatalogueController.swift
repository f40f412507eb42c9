import IsoFindDomain
import IsoFindGeneration
import IsoFindReport
import IsoFindStore
import IsoFindJSON

/// Entries of `GET /api/reports/blocks` and `GET /api/reports/nexus-sessions`.
enum CatalogueJSON {
    /// A catalogue entry: the definition of a built-in or custom block.
    static func block(_ block: any ReportBlock, builtin: Bool) -> JSONValue {
        let definition = block.definition
        var entry: [String: JSONValue] = [
            "key": .string(definition.key.rawValue),
            "name": ["fr": .string(definition.name.fr), "en": .string(definition.name.en)],
            "description": ["fr": .string(definition.description.fr), "en": .string(definition.description.en)],
            "category": .string(definition.category.rawValue),
            "nature": .string(definition.nature.rawValue),
            "est_pages": .int(Int64(definition.estPages)),
            "licence": .string(definition.licence.rawValue),
            "expert": .bool(definition.expert),
            "needs": JSONValue(strings: definition.needs.map(\.rawValue)),
            "builtin": .bool(builtin),
        ]
        if let custom = block as? CustomBlock { entry["icon"] = .string(custom.icon) }
        return .object(entry)
    }

    static func session(_ session: NexusSessionSummary) -> JSONValue {
        .object([
            "id": .int(Int64(session.id)),
            "name": .string(session.name),
            "sample_id": JSONValue(session.sampleID),
            "sample_name": JSONValue(session.sampleName),
            "element": JSONValue(session.element),
            "created_at": JSONValue(session.createdAt),
        ])
    }
}

enum CatalogueSchemas {
    static let localized = Schema.ref("Localized", .object(ObjectSchema("Localized", [
        Field("fr", .string(), required: true), Field("en", .string(), required: true),
    ])))

    static let block = Schema.ref("Block", .object(ObjectSchema("Block", [
        Field("key", BlockSchemas.key, required: true),
        Field("name", localized, required: true),
        Field("description", localized, required: true),
        Field("category", .string(), required: true),
        Field("nature", .string(StringRules(oneOf: Nature.allCases.map(\.rawValue))), required: true, "FAIH nature"),
        Field("est_pages", .integer(minimum: 1, maximum: 3), required: true),
        Field("licence", .string(StringRules(oneOf: Licence.allCases.map(\.rawValue))), required: true),
        Field("expert", .boolean, required: true),
        Field("needs", .array(.string()), required: true, "The data the block renders."),
        Field("builtin", .boolean, required: true, "false for custom Python blocks"),
        Field("icon", .string(), "A custom block's icon: two capitals or digits."),
    ])))

    static let blockList = Schema.object(ObjectSchema("BlockList", [
        Field("success", .boolean, required: true), Field("blocks", .array(block), required: true),
        Field("count", .integer(minimum: 0), required: true),
    ]))

    static let session = Schema.ref("NexusSession", .object(ObjectSchema("NexusSession", [
        Field("id", .integer(), required: true),
        Field("name", .string(), required: true),
        Field("sample_id", .nullable(.integer())),
        Field("sample_name", .nullable(.string())),
        Field("element", .nullable(.string())),
        Field("created_at", .nullable(.string())),
    ])))

    static let sessionList = Schema.object(ObjectSchema("NexusSessionList", [
        Field("success", .boolean, required: true), Field("sessions", .array(session), required: true),
        Field("count", .integer(minimum: 0), required: true),
    ]))
}

/// The catalogue: `GET /blocks` (built-in and active custom blocks) and `GET /nexus-sessions`.
struct CatalogueController: Sendable {
    let blocks: ActiveBlocks
    let sessions: NexusSessionsReader
    /// The built-in blocks' entries, serialised once.
    let builtinEntries: [JSONValue] = BlockRegistry.builtin.blocks.map { CatalogueJSON.block($0, builtin: true).frozen }

    static func routes(_ controller: Self?) -> [Route] {
        [
            Route("GET", "/blocks", access: .open, doc: OperationDoc(
                "listBlocks", tag: "Catalogue", summary: "The block catalogue",
                description: "Built-in blocks and active custom blocks with their metadata (FAIH nature, licence, page estimate, data needed).",
                responses: [.init(200, "The catalogue.", .json(CatalogueSchemas.blockList))]), controller, Self.listBlocks),
            Route("GET", "/nexus-sessions", access: .role(.reader), doc: OperationDoc(
                "listNexusSessions", tag: "Nexus sessions", summary: "List the 50 most recent Nexus sessions",
                description: "Read from the configured sessions database, newest first. No database configured or present: an empty list.",
                responses: [.init(200, "The sessions.", .json(CatalogueSchemas.sessionList)),
                            .init(500, "The sessions database cannot be opened or read (damaged, not SQLite); the detail says which and why.",
                                  .json(.ref("HTTPError", .any))),
                            .init(503, "Another program holds a lock on the sessions database; the Retry-After header says when to try again.",
                                  .json(.ref("HTTPError", .any)))]), controller, Self.listNexusSessions),
        ]
    }

    func listBlocks(_ context: RouteContext) throws -> Response {
        let custom = try blocks.registry().blocks.filter { !BlockRegistry.builtin.contains($0.key) }
        let entries = builtinEntries + custom.map { CatalogueJSON.block($0, builtin: false) }
        return .json(["success": true, "blocks": .array(entries), "count": .int(Int64(entries.count))])
    }

    func listNexusSessions(_ context: RouteContext) throws -> Response {
        do {
            let sessions = try self.sessions.recentSessions(limit: 50)
            return .json(["success": true, "sessions": .array(sessions.map(CatalogueJSON.session)),
                          "count": .int(Int64(sessions.count))])
        } catch StoreError.busy(let message) {
            // Another program is writing the sessions database: a passing state, so 503 with a
            // retry hint, like the render queue's.
            var response = Response.detail(503, message)
            response.headers.append(("Retry-After", "2"))
            return response
        } catch let error as StoreError {
            throw APIError.refused(500, error.description)
        }
    }
}
