import IsoFindDomain
import IsoFindStore

/// One entry of `GET /api/reports/blocks`.
struct BlockBody: Encodable {
    let key: String
    let name: Localized
    let description: Localized
    let category: String
    let nature: String
    let est_pages: Int
    let licence: String
    let expert: Bool
    let needs: [String]
    let builtin: Bool

    init(_ block: BlockDefinition) {
        key = block.key
        name = block.name
        description = block.description
        category = block.category.rawValue
        nature = block.nature.rawValue
        est_pages = block.estPages
        licence = block.licence.rawValue
        expert = block.expert
        needs = block.needs.map(\.rawValue)
        builtin = true
    }

    init(_ block: CustomBlockSummary) {
        key = block.key
        name = Localized(fr: block.name, en: block.name)
        description = Localized(fr: block.description, en: block.description)
        category = block.category
        nature = block.nature
        est_pages = 1
        licence = block.licence.rawValue
        expert = block.expert
        needs = []
        builtin = false
    }
}

struct BlockListBody: Encodable {
    let success = true
    let blocks: [BlockBody]
    let count: Int
}

struct SessionListBody: Encodable {
    let success = true
    let sessions: [NexusSessionSummary]
    let count: Int
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
        let blocks = BlockCatalogue.builtin.map(BlockBody.init) + (try store.activeCustomBlocks()).map(BlockBody.init)
        return .json(BlockListBody(blocks: blocks, count: blocks.count))
    }

    func listNexusSessions(_ context: RouteContext) throws -> Response {
        do {
            let sessions = try self.sessions.recentSessions(limit: 50)
            return .json(SessionListBody(sessions: sessions, count: sessions.count))
        } catch let error as StoreError {
            throw APIError.refused(500, error.description)
        }
    }
}
