import Foundation
import IsoFindDomain
import IsoFindJSON
import IsoFindReport
import IsoFindStore
import Logging

/// Owns a report generation end to end, below the HTTP API: the HTTP handlers and the `render`
/// command are thin callers of this one type. The phases run in this order, and data flows one
/// way through them:
///
/// 1. **validate**: the request against the store and the configuration, in the order of the
///    API contract: template (404), block keys (422), simulation result (422), licence (403),
///    Nexus session (404), samples (422), tiles file (422). The result is a `GenerationPlan`.
/// 2. **gather**: the samples, the Nexus result, branding, matrix rules and basemap, into one
///    immutable `ReportContext`. A source that cannot be read degrades the report (the blocks
///    say so, the response warns); it never fails it.
/// 3. **run custom blocks**: each custom block's code, through the `CustomBlockRunner`.
/// 4. **lay out and render**: the PDF, by `ReportRenderer`.
/// 5. **sign** (final reports only): through the `ReportSigner`.
/// 6. **archive**: the file written once, atomically (`ReportArchive`).
/// 7. **record**: the report record, in one transaction; if it fails, the file is removed.
///
/// Knows nothing of HTTP: it throws `GenerationError`, which the API maps to a status. Safe to
/// share between threads; each call runs on its caller's thread and holds no lock of its own.
public final class ReportGenerator: Sendable {
    public struct Settings: Sendable {
        /// The licence of this installation: it decides which blocks may be generated.
        public var licence: Licence
        public var tiles: TilesFolder
        /// The samples database's path; its file name is printed as the source of values.
        public var samplesDatabase: String?
        public var softwareVersion: String
        /// The generation time, epoch seconds: `SOURCE_DATE_EPOCH` when set, else now.
        public var clock: @Sendable () -> Int64

        public init(licence: Licence, tiles: TilesFolder, samplesDatabase: String?, softwareVersion: String = Product.version,
                    clock: @escaping @Sendable () -> Int64 = Settings.generationTime) {
            self.licence = licence
            self.tiles = tiles
            self.samplesDatabase = samplesDatabase
            self.softwareVersion = softwareVersion
            self.clock = clock
        }

        /// `SOURCE_DATE_EPOCH` when set (reproducible output for tests and audits), else now.
        @Sendable public static func generationTime() -> Int64 {
            if let text = ProcessInfo.processInfo.environment["SOURCE_DATE_EPOCH"], let epoch = Int64(text) { return epoch }
            return Int64(Date().timeIntervalSince1970)
        }
    }

    let settings: Settings
    let store: ReportsStore
    let samples: any SamplesSource
    let sessions: any NexusSessionSource
    let brandingFolder: BrandingFolder
    let archive: ReportArchive
    let runner: any CustomBlockRunner
    let signer: any ReportSigner

    public init(settings: Settings, store: ReportsStore, samples: any SamplesSource, sessions: any NexusSessionSource,
                brandingFolder: BrandingFolder, archive: ReportArchive,
                runner: any CustomBlockRunner = CustomBlocksNotEnabled(), signer: any ReportSigner = UnsignedReports()) {
        self.settings = settings
        self.store = store
        self.samples = samples
        self.sessions = sessions
        self.brandingFolder = brandingFolder
        self.archive = archive
        self.runner = runner
        self.signer = signer
    }

    // MARK: - Entry points

    /// A preview: rendered with the PREVIEW mark, never signed, written or recorded.
    public func preview(_ request: GenerateRequest, logger: Logger) throws(GenerationError) -> RenderedReport {
        let plan = try logged(logger) { () throws(GenerationError) in try validate(request, logger: logger) }
        let context = runCustomBlocks(plan, gather(plan, reference: .preview, generatedAt: settings.clock(), logger: logger), logger)
        let rendered = try logged(logger) { () throws(GenerationError) in try render(plan, context) }
        log(rendered, logger, "preview rendered")
        return rendered
    }

    /// A final report: rendered with a reserved id, signed, written once and recorded. Either all
    /// of it happens or none of it does. A request marked `is_preview` is refused: a final report
    /// is never what a client asking for a preview gets.
    public func generate(_ request: GenerateRequest, createdBy: String?, logger: Logger) throws(GenerationError) -> GeneratedReport {
        try logged(logger) { () throws(GenerationError) in
            if request.isPreview {
                throw .invalid([ValidationIssue(
                    loc: [.key("body"), .key("is_preview")],
                    msg: "is_preview is true, but POST /generate makes a final, recorded report; send a preview request to POST /api/reports/preview",
                    type: "value_error")])
            }
            var timings = PhaseTimings()
            let plan = try validate(request, logger: logger)
            let id = try attempt("The report id could not be reserved") { try store.reserveReportID() }
            timings.end("validate")
            let generatedAt = settings.clock()
            let context = runCustomBlocks(plan, gather(plan, reference: .report(id: id), generatedAt: generatedAt, logger: logger), logger)
            timings.end("gather")
            let rendered = try render(plan, context)
            timings.end("render")
            let signed = try sign(rendered, id: id, plan: plan, context: context)
            timings.end("sign")
            let record = ReportRecord(
                id: id, title: plan.title, createdAt: Timestamp.string(Date(timeIntervalSince1970: Double(generatedAt))),
                createdBy: createdBy, templateID: plan.templateID, blocks: plan.blocks.map(\.key.rawValue),
                language: plan.language, mode: plan.mode, sampleIDs: rendered.sampleIDs, pages: rendered.pages,
                fileSize: signed.bytes.count, sha256: ReportRecord.sha256Hex(signed.bytes),
                fileName: ReportRecord.fileName(id: id), warnings: rendered.warnings, signature: signed.signature)
            try archiveAndRecord(signed.bytes, record)
            timings.end("record")
            log(rendered, logger, "report generated", reportID: id)
            return GeneratedReport(record: record, warnings: rendered.warnings, timings: timings)
        }
    }

    // MARK: - 1. Validate

    func validate(_ request: GenerateRequest, logger: Logger) throws(GenerationError) -> GenerationPlan {
        var notes: [String] = []
        // A template or blocks (the request itself guarantees one of them).
        var keys: [String]
        var mode = ReportMode.expert
        var templateLanguage: Language?
        if let id = request.templateID {
            if request.blocks != nil {
                notes.append("Both template_id and blocks were given: the template's blocks were used and blocks was ignored.")
            }
            if let builtin = BuiltinTemplates.template(id: id) {
                keys = builtin.blocks.map(\.rawValue)
                mode = builtin.mode
                templateLanguage = builtin.language
            } else if let stored = try attempt("The template could not be read", { try store.userTemplate(id: id) }) {
                keys = stored.blocks
                mode = stored.mode
                templateLanguage = stored.language
            } else {
                throw .notFound("Template \(id) not found.")
            }
        } else {
            keys = (request.blocks ?? []).map(\.rawValue)
        }

        // Every key names a block of the registry: built-in, or an active custom block.
        let registry = try registry(for: keys)
        let unknown = keys.enumerated().compactMap { position, key in
            registry.unknownKeyIssue(key, at: request.templateID == nil ? [.key("body"), .key("blocks"), .index(position)]
                                                                         : [.key("body"), .key("template_id")])
        }
        if !unknown.isEmpty { throw .invalid(unknown) }
        let blocks = keys.compactMap { registry.block(named: $0) }

        // Simulation blocks need their result; blocks above the server's licence are refused.
        let simulation = blocks.filter(\.definition.requiresSimulation).map(\.key.rawValue)
        if !simulation.isEmpty, request.inputs.simulationResult == nil {
            throw .invalid([ValidationIssue(
                loc: [.key("body"), .key("simulation_result")],
                msg: "simulation_result is required by the block(s) \(simulation.joined(separator: ", "))", type: "missing")])
        }
        let licence = settings.licence
        let locked = blocks.filter { $0.definition.licence > licence }
        if !locked.isEmpty {
            let needed = locked.map(\.definition.licence).max() ?? .pro
            throw .licence("The block(s) \(locked.map(\.key.rawValue).joined(separator: ", ")) need the \(needed.rawValue) licence; this installation has the \(licence.rawValue) licence.")
        }

        // The Nexus session and the samples must exist (when their databases can be read).
        var unavailable: [ReportContext.DataSource: String] = [:]
        var session: (sampleID: Int?, resultJSON: String?)?
        if let id = request.nexusSessionID {
            do {
                guard let found = try sessions.session(id: id) else { throw GenerationError.notFound("Nexus session \(id) not found.") }
                session = found
            } catch let error as GenerationError {
                throw error
            } catch {
                unavailable[.nexusSession] = Self.reason(error, .nexusSession, logger)
            }
        }
        let sampleIDs = request.sampleIDs ?? []
        if !sampleIDs.isEmpty {
            do {
                let missing = Set(try samples.missingIDs(sampleIDs))
                if !missing.isEmpty {
                    throw GenerationError.invalid(sampleIDs.enumerated().filter { missing.contains($0.element) }.map {
                        ValidationIssue(loc: [.key("body"), .key("sample_ids"), .index($0.offset)],
                                        msg: "sample \($0.element) does not exist", type: "value_error")
                    })
                }
            } catch let error as GenerationError {
                throw error
            } catch {
                unavailable[.samples] = Self.reason(error, .samples, logger)
            }
        }

        // The tiles file, resolved once inside the tiles folder.
        var basemapFile: URL?
        if let path = request.mbtilesPath {
            switch settings.tiles.resolve(path) {
            case .success(let file): basemapFile = file
            case .failure(let refusal):
                throw .invalid([ValidationIssue(loc: [.key("body"), .key("mbtiles_path")], msg: refusal.description,
                                                type: "value_error")])
            }
        }

        // Which samples: ids, else the project's, else the Nexus session's sample, else all.
        let selection: SampleSelection
        if !sampleIDs.isEmpty {
            selection = .ids(sampleIDs)
        } else if let project = request.inputs.projectName {
            selection = .project(project)
        } else if let sample = session?.sampleID {
            selection = .ids([sample])
        } else if request.nexusSessionID != nil, unavailable[.nexusSession] != nil {
            // The session that would choose the samples could not be read: no sample rather than
            // every sample of the database.
            selection = .ids([])
        } else {
            selection = .all
        }
        return GenerationPlan(
            title: request.title, templateID: request.templateID, blocks: blocks,
            // The request's language, else the template's, else French (the seed's default).
            language: request.language ?? templateLanguage ?? .fr, mode: mode, selection: selection,
            nexusSessionID: request.nexusSessionID, sessionResult: session?.resultJSON,
            basemapFile: basemapFile, inputs: request.inputs, requestData: request.requestData, notes: notes,
            unavailable: unavailable)
    }

    /// The built-in blocks, plus the active custom blocks when `keys` names a block that is not
    /// built in (the store is read once, and only then).
    func registry(for keys: [String]) throws(GenerationError) -> BlockRegistry {
        try attempt("The custom blocks could not be read") { try ActiveBlocks(store: store).registry(for: keys) }
    }

    // MARK: - 2. Gather

    func gather(_ plan: GenerationPlan, reference: ReportContext.Reference, generatedAt: Int64, logger: Logger) -> ReportContext {
        var unavailable = plan.unavailable

        var inputs = plan.inputs
        if inputs.nexusResult == nil, let text = plan.sessionResult {
            do {
                inputs.nexusResult = LenientObject(try JSONParser.parse(Array(text.utf8))).map(NexusResult.init(lenient:))
                if inputs.nexusResult == nil { throw SessionResultProblem("it is not a JSON object") }
            } catch {
                unavailable[.nexusSession] = "its result_json is not readable: \(Self.reason(error, .nexusSession, logger))"
            }
        }

        var samples: [Sample] = []
        if unavailable[.samples] == nil {
            do {
                samples = try self.samples.samples(plan.selection)
            } catch {
                unavailable[.samples] = Self.reason(error, .samples, logger)
            }
        }

        let (branding, brandingProblem, logoProblem) = gatherBranding(logger: logger)
        unavailable[.branding] = brandingProblem
        unavailable[.logo] = logoProblem

        var matrices = MatrixConfiguration(groups: [], rules: [])
        do {
            matrices = try store.matrixConfiguration()
        } catch {
            unavailable[.matrixRules] = Self.reason(error, .matrixRules, logger)
        }

        var basemap: Basemap?
        if let file = plan.basemapFile, plan.blocks.contains(where: { $0.key == .sampleMap }) {
            let (loaded, problem) = BasemapLoader.basemap(file, samples: samples)
            basemap = loaded
            if let problem {
                logger.warning("source unavailable", metadata: ["source": "basemap", "reason": "\(problem)"])
                unavailable[.basemap] = Self.withoutFolders(problem)
            }
        }
        return ReportContext(
            language: plan.language, title: plan.title, mode: plan.mode, reference: reference, generatedAt: generatedAt,
            licence: settings.licence,
            sources: .init(samplesDatabase: settings.samplesDatabase, nexusSessionID: plan.nexusSessionID,
                           softwareVersion: settings.softwareVersion),
            samples: samples, inputs: inputs, branding: branding, matrices: matrices, basemap: basemap,
            unavailable: unavailable, certification: reference == .preview ? nil : signer.certification)
    }

    /// The branding reports print: the stored name and, when set, the copied logo, checked
    /// again. A branding that cannot be read gives the default name and the reason; a logo that
    /// is missing or no longer valid is left out, and the reason given. (One that passes these
    /// checks but that its library refuses to draw is left out by the renderer, the same way.)
    func gatherBranding(logger: Logger) -> (branding: ReportContext.Branding, unavailable: String?, logoProblem: String?) {
        var branding = ReportContext.Branding(organizationName: StoredBranding.defaultOrganizationName)
        let stored: StoredBranding
        do {
            stored = try store.branding()
        } catch {
            return (branding, Self.reason(error, .branding, logger), nil)
        }
        branding.organizationName = stored.organizationName
        guard let file = stored.logoFile else { return (branding, nil, nil) }
        do {
            let logo = try brandingFolder.logoForReports(file)
            let kind: ReportContext.LogoData.Kind = switch logo.kind {
            case .png: .png
            case .jpeg: .jpeg
            case .svg: .svg
            }
            branding.logo = ReportContext.LogoData(kind: kind, bytes: logo.bytes)
            return (branding, nil, nil)
        } catch {
            return (branding, nil, Self.reason(error, .logo, logger))
        }
    }

    struct SessionResultProblem: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    // MARK: - 3. Run custom blocks

    func runCustomBlocks(_ plan: GenerationPlan, _ context: ReportContext, _ logger: Logger) -> ReportContext {
        let custom = plan.blocks.compactMap { $0 as? CustomBlock }
        guard !custom.isEmpty else { return context }
        var outcomes: [BlockKey: CustomBlockOutcome] = [:]
        // Only the sections some block may see are built, each serialised once for all blocks.
        let data = CustomBlockData.serialized(CustomBlockData.union(of: custom), plan: plan, context: context)
        for block in custom {
            let job = CustomBlockJob(language: context.language, data: CustomBlockData.visible(to: block, from: data))
            let outcome = runner.run(block, job: job, logger: logger)
            if case .failed(let failure) = outcome {
                logger.warning("custom block failed", metadata: ["block": "\(block.key)", "reason": "\(failure)"])
            }
            outcomes[block.key] = outcome
        }
        return context.adding(customBlocks: outcomes)
    }

    // MARK: - 4. Lay out and render

    func render(_ plan: GenerationPlan, _ context: ReportContext) throws(GenerationError) -> RenderedReport {
        let output = try attempt("The report could not be rendered") { try ReportRenderer.render(plan.blocks, context: context) }
        var warnings = plan.notes + output.warnings.map(\.line)
        if output.overflowCount > 0 {
            warnings.append("\(output.overflowCount) element(s) were taller than a page and are shown clipped.")
        }
        return RenderedReport(bytes: output.bytes, pages: output.pageCount, warnings: warnings,
                              sampleIDs: context.samples.map(\.id))
    }

    // MARK: - 5. Sign, 6. archive, 7. record

    func sign(_ rendered: RenderedReport, id: Int, plan: GenerationPlan, context: ReportContext) throws(GenerationError) -> SignedReport {
        do {
            return try signer.sign(rendered.bytes, report: SigningRequest(
                reportID: id, title: plan.title, organization: context.branding.organizationName, generatedAt: context.generatedAt))
        } catch {
            throw .signingFailed(reason: Self.describe(error))
        }
    }

    func archiveAndRecord(_ bytes: [UInt8], _ record: ReportRecord) throws(GenerationError) {
        do {
            try archive.write(bytes, as: record.fileName)
        } catch {
            throw .failed(summary: Self.summary("The report could not be written", error), reason: Self.describe(error))
        }
        do {
            try store.insertReport(record)
        } catch {
            archive.remove(record.fileName)
            throw .failed(summary: Self.summary("The report could not be recorded", error), reason: Self.describe(error))
        }
    }

    // MARK: - Helpers

    /// Runs `body`, turning any error into `.failed` with `what` for the client and the error's
    /// description for the log.
    func attempt<T>(_ what: String, _ body: () throws -> T) throws(GenerationError) -> T {
        do { return try body() } catch { throw .failed(summary: Self.summary(what, error), reason: Self.describe(error)) }
    }

    /// The client's sentence for a failure: `what`, and when the server's disk is full, that too
    /// (the one cause an operator must hear about from the client, since the log may not be
    /// written either). Never a path.
    static func summary(_ what: String, _ error: any Error) -> String {
        let outOfSpace: Bool = switch error {
        case let error as ReportArchive.ArchiveError: error.isOutOfSpace
        case StoreError.outOfSpace: true
        default: false
        }
        return outOfSpace ? "\(what): the server's disk is full (no space left for the report or its record; nothing was recorded)" : what
    }

    /// Runs a phase; a refusal or failure is logged (with the request id the logger carries).
    func logged<T>(_ logger: Logger, _ body: () throws(GenerationError) -> T) throws(GenerationError) -> T {
        do {
            return try body()
        } catch {
            switch error {
            case .failed, .signingFailed: logger.error("generation failed", metadata: ["error": "\(error.explanation)"])
            case .invalid, .notFound, .licence: logger.info("generation refused", metadata: ["error": "\(error.explanation)"])
            }
            throw error
        }
    }

    func log(_ rendered: RenderedReport, _ logger: Logger, _ message: Logger.Message, reportID: Int? = nil) {
        var metadata: Logger.Metadata = ["pages": "\(rendered.pages)", "warnings": "\(rendered.warnings.count)"]
        if let reportID { metadata["report_id"] = "\(reportID)" }
        logger.info(message, metadata: metadata)
        for warning in rendered.warnings {
            logger.info("generation warning", metadata: ["warning": "\(warning)"])
        }
    }

    static func describe(_ error: any Error) -> String {
        String(describing: error)
    }

    /// Why a source could not be read, as the report and the response print it: the error's
    /// description with every absolute path cut to its file name, so that a report sent to a
    /// client never shows the server's folders. The whole description goes to the log.
    static func reason(_ error: any Error, _ source: ReportContext.DataSource, _ logger: Logger) -> String {
        let full = describe(error)
        logger.warning("source unavailable", metadata: ["source": "\(source.rawValue)", "reason": "\(full)"])
        return withoutFolders(full)
    }

    static func withoutFolders(_ text: String) -> String {
        text.replacingOccurrences(of: #"(?<![\w.])/(?:[^\s/:()'"]+/)+(?=[^\s/:()'"])"#, with: "", options: .regularExpression)
    }
}
