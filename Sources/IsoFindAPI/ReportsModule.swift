import Foundation
import IsoFindDomain
import IsoFindGeneration
import IsoFindJSON
import IsoFindReport
import IsoFindStore

/// Everything the `/api/reports/` handlers share: configuration, the store and the read-only
/// IsoFind databases. Built once at start; when that fails the API answers 503 instead.
public final class ReportsModule: Sendable {
    public let configuration: ServiceConfiguration
    public let store: ReportsStore
    public let sessions: NexusSessionsReader
    public let samples: SamplesReader
    public let archive: ReportArchive
    public let brandingFolder: BrandingFolder
    public let generator: ReportGenerator
    let cache = StaticResponses()

    public init(configuration: ServiceConfiguration, store: ReportsStore) {
        self.configuration = configuration
        self.store = store
        sessions = NexusSessionsReader(path: configuration.sessionsDB)
        samples = SamplesReader(path: configuration.samplesDB)
        let data = configuration.dataDir as NSString
        archive = ReportArchive(folder: data.appendingPathComponent("reports"))
        brandingFolder = BrandingFolder(path: data.appendingPathComponent("branding"), keysFolder: data.appendingPathComponent("keys"))
        generator = ReportGenerator(
            settings: .init(licence: configuration.licence, tiles: TilesFolder(path: configuration.tilesDir),
                            samplesDatabase: configuration.samplesDB),
            store: store, samples: samples, sessions: sessions, brandingFolder: brandingFolder, archive: archive)
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

    /// The registry one request sees: built-in blocks plus the active custom blocks.
    func registry() throws -> BlockRegistry {
        BlockRegistry.builtin.adding(try store.activeCustomBlocks().compactMap(CustomBlock.init(stored:)))
    }

    /// The same, reading the custom blocks only when `keys` names a block that is not built in.
    func registry(for keys: [String]) throws -> BlockRegistry {
        keys.allSatisfy { BlockRegistry.builtin.block(named: $0) != nil } ? .builtin : try registry()
    }
}

/// Parts of responses that never change while the process runs (built-in blocks and templates),
/// serialised once.
struct StaticResponses: Sendable {
    let builtinBlocks: [JSONValue]
    let defaultTemplates: [JSONValue]
    let defaultTemplate: [Int: JSONValue]

    init() {
        builtinBlocks = BlockRegistry.builtin.blocks.map { CatalogueJSON.block($0, builtin: true).frozen }
        defaultTemplates = BuiltinTemplates.all.map { TemplateJSON.builtin($0, registry: .builtin).frozen }
        defaultTemplate = Dictionary(uniqueKeysWithValues: zip(BuiltinTemplates.all.map(\.id), defaultTemplates))
    }
}

extension BlockRegistry {
    /// One issue per well-formed but unknown key of a body's `blocks` list, at its position.
    /// Malformed entries are left to the schema.
    func unknownBlocks(in fields: [String: JSONValue]) -> [ValidationIssue] {
        (fields["blocks"]?.arrayValue ?? []).enumerated().compactMap { position, item in
            guard let key = item.stringValue, BlockKey.isWellFormed(key), block(named: key) == nil else { return nil }
            return ValidationIssue(loc: [.key("blocks"), .index(position)], msg: "unknown block key '\(key)'", type: "value_error")
        }
    }
}
