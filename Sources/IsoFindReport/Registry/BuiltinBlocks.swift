import IsoFindDomain

/// The 32 built-in blocks, in the catalogue's order (domain.md). Each block is a type of its own
/// under `Blocks/<Category>/`, its definition at the top of its file.
///
/// The definitions' French strings follow French typography: typographic apostrophe (’), a
/// no-break space (U+00A0) before a colon, a narrow no-break space (U+202F) before a semicolon.
enum BuiltinBlocks {
    static let all: [any ReportBlock] = [
        // header
        CoverPage(), TableOfContentsBlock(), ExecutiveSummary(), ProjectContext(), Glossary(),
        // samples
        SampleInventory(), SampleMap(), IsotopeSignatures(), DeltaDeltaPlot(), DescriptiveStatistics(),
        // methods
        AnalyticalMethods(), QualityControl(),
        // molecules
        PollutantInventory(), RegulatoryCompliance(),
        // geochem
        ElementalData(), Physicochemistry(), VerticalProfiles(), CrossSections(),
        // results
        ScoringMatches(), MatrixRelevance(),
        // nexus
        AutoContext(), NexusProcesses(), NexusChain(),
        // interpretation
        Interpretation(),
        // simulation
        SimCSIA(), SimRedox(), SimPlume(), ScenarioComparison(),
        // closing
        Limitations(), DataProvenance(), Certification(), AnnexRawData(),
    ]
}
