import IsoFindDocument
import IsoFindDomain
import IsoFindFormat
import IsoFindLayout

/// The 32 built-in blocks, in the catalogue's order (domain.md).
enum BuiltinBlocks {
    static let all: [any ReportBlock] = BuiltinDefinitions.all.map { definition in
        switch definition.key {
        case .coverPage: return LegacyBlock(definition, drawsOwnHeading: true, CoverPage.render)
        case .tableOfContents: return LegacyBlock(definition, drawsOwnHeading: true, TableOfContentsBlock.render)
        default: return LegacyBlock(definition, summarises: [.executiveSummary, .limitations].contains(definition.key),
                                    renderers[definition.key]!)
        }
    }

    static let renderers: [BlockKey: @Sendable (BlockContext) -> [any Drawable]] = [
        .sampleInventory: SampleBlocks.inventory,
        .isotopeSignatures: SampleBlocks.isotopeSignatures,
        .limitations: ClosingBlocks.limitations,
        .scoringMatches: ResultsBlocks.scoringMatches,
        .autoContext: ResultsBlocks.autoContextBlock,
        .nexusProcesses: ResultsBlocks.nexusProcesses,
        .nexusChain: ResultsBlocks.nexusChain,
        .interpretation: ResultsBlocks.interpretationBlock,
        .simCSIA: ResultsBlocks.simCSIA,
        .simRedox: ResultsBlocks.simRedox,
        .simPlume: ResultsBlocks.simPlume,
        .scenarioComparison: ResultsBlocks.scenarioComparison,
        .crossSections: ResultsBlocks.crossSections,
        .certification: ResultsBlocks.certificationBlock,
        .projectContext: MethodsBlocks.projectContext,
        .executiveSummary: MethodsBlocks.executiveSummary,
        .analyticalMethods: MethodsBlocks.analyticalMethods,
        .qualityControl: MethodsBlocks.qualityControl,
        .pollutantInventory: MethodsBlocks.pollutantInventory,
        .regulatoryCompliance: MethodsBlocks.regulatoryCompliance,
        .glossary: MethodsBlocks.glossary,
        .dataProvenance: MethodsBlocks.dataProvenance,
        .matrixRelevance: MethodsBlocks.matrixRelevance,
        .deltaDeltaPlot: GeochemBlocks.deltaDeltaPlot,
        .descriptiveStatistics: GeochemBlocks.descriptiveStatistics,
        .elementalData: GeochemBlocks.elementalData,
        .physicochemistry: GeochemBlocks.physicochemistry,
        .verticalProfiles: GeochemBlocks.verticalProfiles,
        .annexRawData: GeochemBlocks.annexRawData,
        .sampleMap: MapBlock.render,
    ]
}

/// TEMPORARY: a block made of a definition and a render function, until each block is a type.
struct LegacyBlock: ReportBlock {
    let definition: BlockDefinition
    let drawsOwnHeading: Bool
    let summarisesOthers: Bool
    let renderer: @Sendable (BlockContext) -> [any Drawable]

    init(_ definition: BlockDefinition, drawsOwnHeading: Bool = false, summarises: Bool = false,
         _ renderer: @escaping @Sendable (BlockContext) -> [any Drawable]) {
        self.definition = definition
        self.drawsOwnHeading = drawsOwnHeading
        summarisesOthers = summarises
        self.renderer = renderer
    }

    func render(_ context: BlockContext) -> [any Drawable] { renderer(context) }
}

/// `table_of_contents`: every later block with its page number, each entry a link.
enum TableOfContentsBlock {
    static func render(_ context: BlockContext) -> [any Drawable] {
        let language = context.language
        let entries = context.laterBlocks.filter { $0.key != .coverPage && $0.key != .tableOfContents }
            .map { ReportComposer.anchor($0.definition, language) }
        return [Heading(markup: Markup.escape(Strings.contents[language]),
                        anchor: Anchor(id: BlockKey.tableOfContents.rawValue, title: Strings.contents[language])),
                TableOfContents(entries: entries, numbers: context.pageNumbers)]
    }
}
