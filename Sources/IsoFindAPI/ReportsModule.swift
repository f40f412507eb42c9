import Foundation
import IsoFindDomain
import IsoFindStore

/// Everything the `/api/reports/` handlers share: configuration, the store and the read-only
/// IsoFind databases. Built once at start; when that fails the API answers 503 instead.
public final class ReportsModule: Sendable {
    public let configuration: ServiceConfiguration
    public let store: ReportsStore
    public let sessions: NexusSessionsReader
    public let samples: SamplesReader
    let cache = StaticResponses()

    public init(configuration: ServiceConfiguration, store: ReportsStore) {
        self.configuration = configuration
        self.store = store
        sessions = NexusSessionsReader(path: configuration.sessionsDB)
        samples = SamplesReader(path: configuration.samplesDB)
    }

    /// Why `path` may not be used as `mbtiles_path`, or nil when it may: an existing `.mbtiles`
    /// file inside the configured tiles folder (symbolic links resolved, so `..` and links cannot
    /// leave it).
    func tilesProblem(_ path: String) -> String? {
        let folder = URL(fileURLWithPath: configuration.tilesDir).standardizedFileURL.resolvingSymlinksInPath().path
        let requested = (path.hasPrefix("/") ? URL(fileURLWithPath: path) : URL(fileURLWithPath: configuration.tilesDir).appendingPathComponent(path))
        let resolved = requested.standardizedFileURL.resolvingSymlinksInPath().path
        guard resolved.hasPrefix(folder + "/") else { return "mbtiles_path must name a file inside the tiles folder \(configuration.tilesDir)" }
        guard resolved.lowercased().hasSuffix(".mbtiles") else { return "mbtiles_path must name an .mbtiles file" }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: resolved, isDirectory: &isDirectory), !isDirectory.boolValue else {
            return "mbtiles_path names no file: \(path)"
        }
        return nil
    }

    /// Opens the store under the configured data folder, creating the folder layout.
    public static func open(_ configuration: ServiceConfiguration) throws -> ReportsModule {
        let fileManager = FileManager.default
        for folder in ["reports", "branding", "keys", "tiles"] {
            let path = (configuration.dataDir as NSString).appendingPathComponent(folder)
            try fileManager.createDirectory(atPath: path, withIntermediateDirectories: true,
                                            attributes: folder == "keys" ? [.posixPermissions: 0o700] : nil)
        }
        let store = try ReportsStore(path: configuration.storePath)
        return ReportsModule(configuration: configuration, store: store)
    }

    /// Resolves block keys, built-in first, then active custom blocks (read once per request).
    func blockResolver() throws -> BlockResolver {
        BlockResolver(custom: try store.activeCustomBlocks())
    }

    /// The same, reading the custom blocks only when `keys` names a block that is not built in.
    func blockResolver(for keys: [String]) throws -> BlockResolver {
        keys.allSatisfy { BlockCatalogue.builtin($0) != nil } ? BlockResolver(custom: []) : try blockResolver()
    }
}

/// Parts of responses that never change while the process runs (built-in blocks and templates),
/// serialised once.
struct StaticResponses: Sendable {
    let builtinBlocks: [JSONValue]
    let defaultTemplates: [JSONValue]
    let defaultTemplate: [Int: JSONValue]

    init() {
        builtinBlocks = BlockCatalogue.builtin.map { CatalogueJSON.block($0).frozen }
        let resolver = BlockResolver(custom: [])
        defaultTemplates = BuiltinTemplates.all.map { TemplateJSON.builtin($0, resolver: resolver).frozen }
        defaultTemplate = Dictionary(uniqueKeysWithValues: zip(BuiltinTemplates.all.map(\.id), defaultTemplates))
    }
}

/// The block catalogue as one request sees it: built-in blocks plus the active custom blocks.
struct BlockResolver {
    let custom: [String: CustomBlockSummary]

    init(custom: [CustomBlockSummary]) {
        self.custom = Dictionary(custom.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
    }

    func contains(_ key: String) -> Bool { BlockCatalogue.builtin(key) != nil || custom[key] != nil }

    func estimate(_ key: String) -> (estPages: Int, licence: Licence)? {
        if let block = BlockCatalogue.builtin(key) { return (block.estPages, block.licence) }
        if let block = custom[key] { return (1, block.licence) }
        return nil
    }

    /// One issue per well-formed but unknown key of a body's `blocks` list, at its position.
    /// Malformed entries are left to the schema.
    func unknownBlocks(in fields: [String: JSONValue]) -> [ValidationIssue] {
        (fields["blocks"]?.arrayValue ?? []).enumerated().compactMap { position, item in
            guard let key = item.stringValue, BlockKey.isWellFormed(key), !contains(key) else { return nil }
            return ValidationIssue(loc: [.key("blocks"), .index(position)], msg: "unknown block key '\(key)'", type: "value_error")
        }
    }
}
