// What a report block is, independently of how it is rendered.

/// The section of the catalogue a block belongs to. User-written blocks default to `custom`.
public enum BlockCategory: String, Codable, Sendable, CaseIterable {
    case header, samples, methods, molecules, geochem, results, nexus, interpretation, simulation, closing, custom
}

/// A piece of data a block draws on. A block lists what it needs; when none of it is
/// available the block renders a "not provided" notice and a warning (except `sim_*`, whose
/// missing `simulation_result` is a 422). Raw values are the words used in the JSON catalogue.
public enum DataNeed: String, Codable, Sendable, CaseIterable {
    /// Samples from the samples database.
    case samples
    /// Samples with latitude and longitude.
    case samplesWithCoordinates = "samples_with_coordinates"
    /// Isotope measurements (`sample_isotope`).
    case isotopeData = "isotope_data"
    /// Isotope data in at least two systems (for a δ–δ plot).
    case twoIsotopeSystems = "two_isotope_systems"
    /// Dissolved molecules and ions (`sample_molecules`).
    case molecules
    /// Molecules that carry a regulatory threshold.
    case moleculesWithThresholds = "molecules_with_thresholds"
    /// Elemental concentrations (`sample_geochem`).
    case geochem
    /// Physico-chemical parameters (`sample_physicochemistry`).
    case physico
    /// Any measurement with a depth.
    case depthData = "depth_data"
    /// Section images in `snapshots.section`.
    case sectionSnapshots = "snapshots.section"
    /// The request's `scoring_result`.
    case scoringResult = "scoring_result"
    /// The request's `auto_context_result`.
    case autoContextResult = "auto_context_result"
    /// A `nexus_result`, given directly or loaded from a Nexus session.
    case nexusResult = "nexus_result"
    /// The request's `simulation_result` (mandatory for `sim_*` blocks).
    case simulationResult = "simulation_result"
    /// The request's `scenarios`.
    case scenarios
    /// `project_data`, or at least a `project` name.
    case project = "project"
    /// At least one of the result dicts (scoring, Nexus, auto-context, simulation).
    case anyResult = "any_result"
    /// Anything at all: samples or any result.
    case anyData = "any"
}

/// The metadata of one block, built-in or custom, as served by `GET /api/reports/blocks` and
/// used by validation, templates' estimates and licences.
public struct BlockDefinition: Sendable, Equatable {
    public let key: BlockKey
    public let name: Localized
    public let description: Localized
    public let category: BlockCategory
    public let nature: Nature
    /// Upper estimate of the pages the block takes, 1...3.
    public let estPages: Int
    public let licence: Licence
    /// An expert block; in a `concis` template it still renders, with a warning.
    public let expert: Bool
    public let needs: [DataNeed]

    public init(
        key: BlockKey, name: Localized, description: Localized, category: BlockCategory,
        nature: Nature, estPages: Int, licence: Licence, expert: Bool = false, needs: [DataNeed]
    ) {
        precondition((1...3).contains(estPages), "est_pages of '\(key)' must be 1...3")
        self.key = key
        self.name = name
        self.description = description
        self.category = category
        self.nature = nature
        self.estPages = estPages
        self.licence = licence
        self.expert = expert
        self.needs = needs
    }

    /// `sim_*` blocks refuse to render without a `simulation_result` (422 instead of a notice).
    public var requiresSimulation: Bool { key.requiresSimulation }
}
