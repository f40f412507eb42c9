import Foundation
import IsoFindGeneration
import IsoFindStore

/// The reports module, assembled once at start from the configuration: the store and the
/// folders under the data folder, the read-only IsoFind databases, and the generation pipeline
/// with its seams. The HTTP controllers, the CLI's `render` and token commands all take what
/// they need from here. When opening fails, the API answers 503 with the reason.
public final class ReportsService: Sendable {
    public let configuration: ServiceConfiguration
    public let store: ReportsStore
    public let samples: SamplesReader
    public let sessions: NexusSessionsReader
    public let archive: ReportArchive
    public let brandingFolder: BrandingFolder
    public let blocks: ActiveBlocks
    public let generator: ReportGenerator
    // The controllers, made once: the route table holds them for the life of the process.
    let templates: TemplatesController
    let generation: GenerationController
    let history: HistoryController
    let branding: BrandingController
    let matrices: MatricesController
    let catalogue: CatalogueController

    /// `runner` and `signer` are the generation's seams for custom Python blocks and signing.
    public init(configuration: ServiceConfiguration, store: ReportsStore,
                runner: any CustomBlockRunner = CustomBlocksNotEnabled(), signer: any ReportSigner = UnsignedReports()) {
        self.configuration = configuration
        self.store = store
        samples = SamplesReader(path: configuration.samplesDB)
        sessions = NexusSessionsReader(path: configuration.sessionsDB)
        let data = configuration.dataDir as NSString
        archive = ReportArchive(folder: data.appendingPathComponent("reports"))
        brandingFolder = BrandingFolder(path: data.appendingPathComponent("branding"), keysFolder: data.appendingPathComponent("keys"))
        blocks = ActiveBlocks(store: store)
        generator = ReportGenerator(
            settings: .init(licence: configuration.licence, tiles: TilesFolder(path: configuration.tilesDir),
                            samplesDatabase: configuration.samplesDB),
            store: store, samples: samples, sessions: sessions, brandingFolder: brandingFolder, archive: archive,
            runner: runner, signer: signer)
        templates = TemplatesController(store: store, blocks: blocks, defaults: DefaultTemplates())
        generation = GenerationController(generator: generator)
        history = HistoryController(store: store, archive: archive)
        branding = BrandingController(store: store, folder: brandingFolder, licence: configuration.licence)
        matrices = MatricesController(store: store)
        catalogue = CatalogueController(blocks: blocks, sessions: sessions)
    }

    /// Opens the store under the configured data folder, creating the folder layout.
    public static func open(_ configuration: ServiceConfiguration) throws -> ReportsService {
        let fileManager = FileManager.default
        for folder in ["reports", "branding", "keys", "tiles"] {
            let path = (configuration.dataDir as NSString).appendingPathComponent(folder)
            try fileManager.createDirectory(atPath: path, withIntermediateDirectories: true,
                                            attributes: folder == "keys" ? [.posixPermissions: 0o700] : nil)
        }
        return ReportsService(configuration: configuration, store: try ReportsStore(path: configuration.storePath))
    }

    /// Removes report files that no record names (a generation interrupted between the file and
    /// the record). Called once at start.
    public func sweepReportFiles() throws -> Int {
        archive.sweep(keeping: try store.reportFileNames())
    }
}
