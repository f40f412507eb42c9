// The read-only built-in templates of domain.md.

/// A template defined in code. It cannot be changed or deleted through the API.
public struct BuiltinTemplate: Sendable, Equatable {
    /// Stable forever: reports and clients refer to it. Always in `1...BuiltinTemplates.maxReservedID`.
    public let id: Int
    public let name: String
    public let description: String
    /// Block keys, in rendering order.
    public let blocks: [BlockKey]
    public let language: Language
    public let mode: ReportMode

    public init(id: Int, name: String, description: String, blocks: [BlockKey], language: Language, mode: ReportMode) {
        self.id = id
        self.name = name
        self.description = description
        self.blocks = blocks
        self.language = language
        self.mode = mode
    }
}

/// The built-in templates.
///
/// Their language is `en`: their names and descriptions are written in English, so a template
/// that announced `fr` would contradict its own label. The language is only a default: a
/// generation request names the report's language and may choose `fr` with any template.
public enum BuiltinTemplates {
    /// User template ids start above this value, so built-in ids (1...9 today, room for more
    /// later) never collide with user templates.
    public static let maxReservedID: Int = 1000

    /// The nine templates of domain.md, ids 1...9 in the table's order.
    public static let all: [BuiltinTemplate] = [
        BuiltinTemplate(
            id: 1, name: "Source attribution (concise)",
            description: "A short client-facing report that attributes a contamination to its most likely source: samples and map, isotope signatures, δ–δ plot and ranked source matches, closed by limitations and certification.",
            blocks: [.coverPage, .executiveSummary, .projectContext, .sampleInventory, .sampleMap,
                     .isotopeSignatures, .deltaDeltaPlot, .scoringMatches, .limitations, .certification],
            language: .en, mode: .concis),
        BuiltinTemplate(
            id: 2, name: "Source attribution (expert)",
            description: "The full evidential file behind a source attribution: signatures with statistics, methods and quality control, elemental and physicochemical data, source matching, matrix relevance, Nexus processes and a sourced interpretation, with data provenance and a raw-data annex.",
            blocks: [.coverPage, .tableOfContents, .executiveSummary, .projectContext, .sampleInventory,
                     .sampleMap, .isotopeSignatures, .deltaDeltaPlot, .descriptiveStatistics,
                     .analyticalMethods, .qualityControl, .elementalData, .physicochemistry, .scoringMatches,
                     .matrixRelevance, .nexusProcesses, .nexusChain, .interpretation, .limitations,
                     .dataProvenance, .glossary, .certification, .annexRawData],
            language: .en, mode: .expert),
        BuiltinTemplate(
            id: 3, name: "Nexus report",
            description: "Documents a Nexus session: the geochemical context, the fractionation processes applied and the chain from the initial to the predicted signature, with a cautious interpretation.",
            blocks: [.coverPage, .tableOfContents, .executiveSummary, .sampleInventory, .isotopeSignatures,
                     .autoContext, .nexusProcesses, .nexusChain, .interpretation, .limitations,
                     .dataProvenance, .certification],
            language: .en, mode: .expert),
        BuiltinTemplate(
            id: 4, name: "Exploratory report",
            description: "A first look at a data set before any attribution: sample inventory and map, isotope signatures, δ–δ plot and descriptive statistics, with no matching and no interpretation.",
            blocks: [.coverPage, .executiveSummary, .sampleInventory, .sampleMap, .isotopeSignatures,
                     .deltaDeltaPlot, .descriptiveStatistics, .limitations],
            language: .en, mode: .concis),
        BuiltinTemplate(
            id: 5, name: "Analytical services delivery",
            description: "A laboratory's delivery of results to its client: methods, isotope, elemental, physicochemical and pollutant data with descriptive statistics and data provenance, and no interpretation.",
            blocks: [.coverPage, .tableOfContents, .projectContext, .sampleInventory, .analyticalMethods,
                     .isotopeSignatures, .elementalData, .physicochemistry, .pollutantInventory,
                     .descriptiveStatistics, .limitations, .dataProvenance, .certification],
            language: .en, mode: .concis),
        BuiltinTemplate(
            id: 6, name: "Drilling and hydrogeology",
            description: "For boreholes, piezometers and groundwater studies: site context and sample map, field physicochemistry, elemental data, vertical profiles against depth and cross-sections.",
            blocks: [.coverPage, .tableOfContents, .projectContext, .sampleInventory, .sampleMap,
                     .physicochemistry, .elementalData, .verticalProfiles, .crossSections, .limitations,
                     .certification],
            language: .en, mode: .expert),
        BuiltinTemplate(
            id: 7, name: "Regulatory and traceability",
            description: "For authorities and audits: full traceability of samples, methods and quality control; isotope, elemental and pollutant data checked against regulatory thresholds; matrix relevance, data provenance and the raw-data annex.",
            blocks: [.coverPage, .tableOfContents, .executiveSummary, .projectContext, .sampleInventory,
                     .sampleMap, .analyticalMethods, .qualityControl, .isotopeSignatures, .elementalData,
                     .pollutantInventory, .regulatoryCompliance, .matrixRelevance, .limitations,
                     .dataProvenance, .glossary, .certification, .annexRawData],
            language: .en, mode: .expert),
        BuiltinTemplate(
            id: 8, name: "CSIA simulation (concise)",
            description: "A short report on a compound-specific isotope analysis (CSIA) simulation: the Rayleigh degradation model and the key figures of the plume.",
            blocks: [.coverPage, .executiveSummary, .projectContext, .simCSIA, .simPlume, .limitations,
                     .certification],
            language: .en, mode: .concis),
        BuiltinTemplate(
            id: 9, name: "CSIA simulation (expert)",
            description: "The full CSIA modelling file: field isotope signatures, geochemical context, Rayleigh and redox simulations, plume, scenario comparison and a sourced interpretation.",
            blocks: [.coverPage, .tableOfContents, .executiveSummary, .projectContext, .sampleInventory,
                     .isotopeSignatures, .autoContext, .simCSIA, .simRedox, .simPlume,
                     .scenarioComparison, .interpretation, .limitations, .dataProvenance, .glossary,
                     .certification],
            language: .en, mode: .expert),
    ]

    private static let byID: [Int: BuiltinTemplate] = Dictionary(uniqueKeysWithValues: all.map { ($0.id, $0) })

    /// The built-in template with this id, or nil.
    public static func template(id: Int) -> BuiltinTemplate? { byID[id] }

    /// Whether an id belongs to the range reserved for built-in templates.
    public static func isReserved(_ id: Int) -> Bool { (1...maxReservedID).contains(id) }
}
