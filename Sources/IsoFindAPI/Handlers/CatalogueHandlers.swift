import IsoFindDomain
import IsoFindStore

/// Entries of `GET /api/reports/blocks` and `GET /api/reports/nexus-sessions`.
enum CatalogueJSON {
    static func block(_ block: BlockDefinition) -> JSONValue {
        .object([
            "key": .string(block.key),
            "name": ["fr": .string(block.name.fr), "en": .string(block.name.en)],
            "description": ["fr": .string(block.description.fr), "en": .string(block.description.en)],
            "category": .string(block.category.rawValue),
            "nature": .string(block.nature.rawValue),
            "est_pages": .int(Int64(block.estPages)),
            "licence": .string(block.licence.rawValue),
            "expert": .bool(block.expert),
            "needs": JSONValue(strings: block.needs.map(\.rawValue)),
            "builtin": true,
        ])
    }

    static func block(_ block: CustomBlockSummary) -> JSONValue {
        .object([
            "key": .string(block.key),
            "name": ["fr": .string(block.name), "en": .string(block.name)],
            "description": ["fr": .string(block.description), "en": .string(block.description)],
            "category": .string(block.category),
            "nature": .string(block.nature),
            "est_pages": 1,
            "licence": .string(block.licence.rawValue),
            "expert": .bool(block.expert),
            "needs": [],
            "builtin": false,
        ])
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
        Field("key", .string(), required: true),
        Field("name", localized, required: true),
        Field("description", localized, required: true),
        Field("category", .string(), required: true),
        Field("nature", .string(StringRules(oneOf: Nature.allCases.map(\.rawValue))), required: true, "FAIH nature"),
        Field("est_pages", .integer(minimum: 1, maximum: 3), required: true),
        Field("licence", .string(StringRules(oneOf: Licence.allCases.map(\.rawValue))), required: true),
        Field("expert", .boolean, required: true),
        Field("needs", .array(.string()), required: true, "The data the block renders."),
        Field("builtin", .boolean, required: true, "false for custom Python blocks"),
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

extension ReportsModule {
    func listBlocks(_ context: RouteContext) throws -> Response {
        let blocks = cache.builtinBlocks + (try store.activeCustomBlocks()).map(CatalogueJSON.block)
        return .json(["success": true, "blocks": .array(blocks), "count": .int(Int64(blocks.count))])
    }

    func listNexusSessions(_ context: RouteContext) throws -> Response {
        do {
            let sessions = try self.sessions.recentSessions(limit: 50)
            return .json(["success": true, "sessions": .array(sessions.map(CatalogueJSON.session)),
                          "count": .int(Int64(sessions.count))])
        } catch let error as StoreError {
            throw APIError.refused(500, error.description)
        }
    }
}
