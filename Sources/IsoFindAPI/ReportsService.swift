import Foundation
import IsoFindGeneration
import IsoFindMetrics
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
    /// Whether custom blocks' code can be checked: the embedded interpreter, or why there is none.
    public let customBlocks: CustomBlocksAvailability
    /// What final reports are signed with, and the certificates a verification trusts.
    public let signing: ReportSigning
    /// The isolation layers of the Python worker pool that runs custom blocks, by layer name, with
    /// what each one is on this machine (e.g. `"seccomp": "active"`), as found at start. Only
    /// reported (`GET /health`, `custom_blocks.sandbox`); empty when no worker pool was started.
    public let sandboxLayers: [String: String]
    /// Where the generation controller counts and times reports (`serve` hands in the registry
    /// that `GET /metrics` shows).
    public let metrics: ServiceMetrics
    // The controllers, made once: the route table holds them for the life of the process.
    let templates: TemplatesController
    let generation: GenerationController
    let history: HistoryController
    let branding: BrandingController
    let matrices: MatricesController
    let catalogue: CatalogueController
    let customBlockEndpoints: CustomBlocksController
    let signatures: SignaturesController

    /// The default reason custom blocks are unavailable: nobody handed in an interpreter.
    public static let interpreterNotStarted = CustomBlocksAvailability.unavailable(
        reason: "the embedded Python interpreter was not started")

    /// `runner` and `signing` are the generation's seams for custom Python blocks and signing;
    /// `customBlocks` is the compile check of the custom-block endpoints (503 without one), and
    /// `sandboxLayers` what `/health` reports of the worker pool's isolation; `renders` the
    /// bounded pool that previews and generations run on (none: on the request's own thread).
    public init(configuration: ServiceConfiguration, store: ReportsStore,
                runner: any CustomBlockRunner = CustomBlocksNotEnabled(), signing: ReportSigning = .unsigned,
                customBlocks: CustomBlocksAvailability = ReportsService.interpreterNotStarted,
                sandboxLayers: [String: String] = [:], metrics: ServiceMetrics = ServiceMetrics(),
                renders: RenderPool? = nil) {
        self.configuration = configuration
        self.metrics = metrics
        self.store = store
        self.customBlocks = customBlocks
        self.sandboxLayers = sandboxLayers
        self.signing = signing
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
            runner: runner, signer: signing.signer)
        templates = TemplatesController(store: store, blocks: blocks, defaults: DefaultTemplates())
        generation = GenerationController(generator: generator, metrics: metrics, renders: renders)
        history = HistoryController(store: store, archive: archive)
        branding = BrandingController(store: store, folder: brandingFolder, licence: configuration.licence)
        matrices = MatricesController(store: store)
        catalogue = CatalogueController(blocks: blocks, sessions: sessions)
        customBlockEndpoints = CustomBlocksController(store: store, availability: customBlocks)
        signatures = SignaturesController(signing: signing)
    }

    /// Opens the store under the configured data folder, creating the folder layout. With
    /// `signing` (the server), final reports are signed with the configured key or the
    /// installation's own (made on first start): a key that cannot be used throws
    /// `SigningSetupError`. Commands that never make a final report pass false. The other
    /// parameters are passed to `init` as they are.
    public static func open(_ configuration: ServiceConfiguration,
                            runner: any CustomBlockRunner = CustomBlocksNotEnabled(),
                            signing: Bool = true,
                            customBlocks: CustomBlocksAvailability = ReportsService.interpreterNotStarted,
                            sandboxLayers: [String: String] = [:],
                            metrics: ServiceMetrics = ServiceMetrics(),
                            renders: RenderPool? = nil) throws -> ReportsService {
        let fileManager = FileManager.default
        for folder in ["reports", "branding", "keys", "tiles"] {
            let path = (configuration.dataDir as NSString).appendingPathComponent(folder)
            try fileManager.createDirectory(atPath: path, withIntermediateDirectories: true,
                                            attributes: folder == "keys" ? [.posixPermissions: 0o700] : nil)
        }
        let store = try ReportsStore(path: configuration.storePath)
        return ReportsService(configuration: configuration, store: store, runner: runner,
                              signing: signing ? try ReportSigning.setUp(configuration, store: store) : .unsigned,
                              customBlocks: customBlocks, sandboxLayers: sandboxLayers, metrics: metrics,
                              renders: renders)
    }

    /// This responder's hold on the data folder (see `DataFolderLock`), taken by the start-up sweep.
    let membership = DataFolderMembership()

    /// Removes report files that no record names (a generation interrupted between the file and
    /// the record). Called once at start, before the first request; returns how many it removed.
    ///
    /// Several responders may share one data folder, and one of them may have just written a
    /// file whose record is not committed yet. So the sweep first takes the data folder's lock
    /// (`<data_dir>/.isofind-reports.lock`): when it gets it exclusively, no other responder
    /// runs, and every file without a record is removed. Otherwise only files without a record
    /// that are older than `ReportArchive.orphanAge` (an hour) are removed. Either way the lock is
    /// then held shared for the life of the process, which tells the next responder to start
    /// (and `restore`) that this one runs.
    public func sweepReportFiles() throws -> Int {
        var swept = 0
        let alone = try membership.join(dataDir: configuration.dataDir) {
            swept = archive.sweep(keeping: try store.reportFileNames())
        }
        if !alone {
            swept = archive.sweep(keeping: try store.reportFileNames(),
                                  modifiedBefore: Date().addingTimeInterval(-ReportArchive.orphanAge))
        }
        return swept
    }
}
