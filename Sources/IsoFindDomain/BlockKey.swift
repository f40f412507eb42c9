/// The key of a block, built-in or custom: a lower-case letter, then 2–49 lower-case letters,
/// digits or underscores (`api.md`, custom blocks). A value of this type is always well formed:
/// it is made from text only through `init?(_:)`, at the edge where a request or the store is
/// read. The 32 built-in keys are the constants below; blocks, templates and the composer name
/// blocks by these constants, never by string literals.
public struct BlockKey: Hashable, Comparable, Sendable, CustomStringConvertible {
    public static let pattern = "^[a-z][a-z0-9_]{2,49}$"

    public let rawValue: String

    /// Nil unless `text` is a well-formed key.
    public init?(_ text: String) {
        guard Self.isWellFormed(text) else { return nil }
        rawValue = text
    }

    private init(builtin text: StaticString) {
        rawValue = "\(text)"
        precondition(Self.isWellFormed(rawValue), "malformed built-in block key \(rawValue)")
    }

    public var description: String { rawValue }

    public static func < (lhs: BlockKey, rhs: BlockKey) -> Bool { lhs.rawValue < rhs.rawValue }

    public static func isWellFormed(_ key: String) -> Bool {
        let bytes = Array(key.utf8)
        guard (3...50).contains(bytes.count), (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(bytes[0]) else { return false }
        return bytes.dropFirst().allSatisfy { byte in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                || byte == UInt8(ascii: "_")
        }
    }

    /// `sim_*` blocks refuse to render without a `simulation_result` (422 instead of a notice).
    public var requiresSimulation: Bool { rawValue.hasPrefix("sim_") }

    // MARK: - The built-in keys (domain.md), in the catalogue's order

    public static let coverPage = BlockKey(builtin: "cover_page")
    public static let tableOfContents = BlockKey(builtin: "table_of_contents")
    public static let executiveSummary = BlockKey(builtin: "executive_summary")
    public static let projectContext = BlockKey(builtin: "project_context")
    public static let glossary = BlockKey(builtin: "glossary")
    public static let sampleInventory = BlockKey(builtin: "sample_inventory")
    public static let sampleMap = BlockKey(builtin: "sample_map")
    public static let isotopeSignatures = BlockKey(builtin: "isotope_signatures")
    public static let deltaDeltaPlot = BlockKey(builtin: "delta_delta_plot")
    public static let descriptiveStatistics = BlockKey(builtin: "descriptive_statistics")
    public static let analyticalMethods = BlockKey(builtin: "analytical_methods")
    public static let qualityControl = BlockKey(builtin: "quality_control")
    public static let pollutantInventory = BlockKey(builtin: "pollutant_inventory")
    public static let regulatoryCompliance = BlockKey(builtin: "regulatory_compliance")
    public static let elementalData = BlockKey(builtin: "elemental_data")
    public static let physicochemistry = BlockKey(builtin: "physicochemistry")
    public static let verticalProfiles = BlockKey(builtin: "vertical_profiles")
    public static let crossSections = BlockKey(builtin: "cross_sections")
    public static let scoringMatches = BlockKey(builtin: "scoring_matches")
    public static let matrixRelevance = BlockKey(builtin: "matrix_relevance")
    public static let autoContext = BlockKey(builtin: "auto_context")
    public static let nexusProcesses = BlockKey(builtin: "nexus_processes")
    public static let nexusChain = BlockKey(builtin: "nexus_chain")
    public static let interpretation = BlockKey(builtin: "interpretation")
    public static let simCSIA = BlockKey(builtin: "sim_csia")
    public static let simRedox = BlockKey(builtin: "sim_redox")
    public static let simPlume = BlockKey(builtin: "sim_plume")
    public static let scenarioComparison = BlockKey(builtin: "scenario_comparison")
    public static let limitations = BlockKey(builtin: "limitations")
    public static let dataProvenance = BlockKey(builtin: "data_provenance")
    public static let certification = BlockKey(builtin: "certification")
    public static let annexRawData = BlockKey(builtin: "annex_raw_data")
}
