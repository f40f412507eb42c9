import IsoFindDocument
import IsoFindDomain
import IsoFindFormat
import IsoFindLayout

/// What one block sees while it renders: the report's gathered data (read-only), the report's
/// other blocks, the page numbers the layout will fill, and the rendering's warning log, to
/// which `warn` adds under this block's key. Made by the composer for one block and one call.
public struct BlockContext {
    public let report: ReportContext
    /// The block being rendered.
    public let key: BlockKey
    /// The report's blocks, in order, and this block's position among them.
    public let blocks: [any ReportBlock]
    public let position: Int
    /// Filled by the layout: anchor id → page (read when drawn, for the table of contents).
    public let pageNumbers: PageNumbers
    /// The organisation's logo, decoded once by the renderer for the page headers; nil when there
    /// is none or it cannot be drawn.
    public let logo: Figure.Content?
    let log: WarningLog

    init(report: ReportContext, key: BlockKey, blocks: [any ReportBlock], position: Int, pageNumbers: PageNumbers,
         logo: Figure.Content?, log: WarningLog) {
        self.report = report
        self.key = key
        self.blocks = blocks
        self.position = position
        self.pageNumbers = pageNumbers
        self.logo = logo
        self.log = log
    }

    // MARK: - The report, read-only

    public var language: Language { report.language }
    public var format: ReportLanguage { report.format }
    public var title: String { report.title }
    public var mode: ReportMode { report.mode }
    public var reference: ReportContext.Reference { report.reference }
    public var generatedAt: Int64 { report.generatedAt }
    public var licence: Licence { report.licence }
    public var sources: ReportContext.DataSources { report.sources }
    public var samples: [Sample] { report.samples }
    public var inputs: ReportInputs { report.inputs }
    public var branding: ReportContext.Branding { report.branding }
    public var matrices: MatrixConfiguration { report.matrices }
    public var basemap: Basemap? { report.basemap }

    public func text(_ localized: Localized) -> String { localized[report.language] }

    /// Why a source could not be read, or nil when it was read (or not needed).
    public func unavailable(_ source: ReportContext.DataSource) -> String? { report.unavailable[source] }

    /// The blocks after this one (what a table of contents lists).
    public var laterBlocks: ArraySlice<any ReportBlock> { blocks[(position + 1)...] }

    /// The name of a block of this report in its language, for the lists of warnings.
    public func name(of key: BlockKey) -> String? {
        blocks.first { $0.key == key }.map { $0.definition.name[report.language] }
    }

    // MARK: - Warnings

    /// Every warning so far: the gathering's, then the blocks' already rendered. A summarising
    /// block (`ReportBlock.summarisesOthers`) sees those of every other block.
    public var warnings: [ReportWarning] { log.warnings }

    /// Adds a warning under this block (once: the same message twice is kept once).
    public func warn(_ message: String) { log.add(ReportWarning(block: key, message: message)) }

    /// Adds a warning unless any block already gave the same message (nexus_processes and
    /// nexus_chain both report an unverified mass balance; the limitations list it once).
    public func warnOnce(_ message: String) {
        if !log.warnings.contains(where: { $0.message == message }) { warn(message) }
    }
}

/// The warnings of one rendering, in the order they were found, without repeats. Owned by one
/// `ReportRenderer.render` call and used on its thread only.
final class WarningLog {
    private(set) var warnings: [ReportWarning] = []

    init(_ initial: [ReportWarning] = []) {
        for warning in initial { add(warning) }
    }

    func add(_ warning: ReportWarning) {
        if !warnings.contains(warning) { warnings.append(warning) }
    }

    /// The warnings in the order of `blocks` (stable within a block; warnings of no block, or of
    /// a block not in the list, last), whatever order the blocks were built in.
    func ordered(by blocks: [BlockKey]) -> [ReportWarning] {
        let position = { (warning: ReportWarning) in warning.block.flatMap(blocks.firstIndex(of:)) ?? Int.max }
        return warnings.enumerated().sorted { (position($0.element), $0.offset) < (position($1.element), $1.offset) }
            .map(\.element)
    }
}
