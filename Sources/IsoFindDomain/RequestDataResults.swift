// The result dicts of a generation request: nexus_result, auto_context_result, scoring_result
// and simulation_result. Tolerant like every request dict (RequestData.swift): each field is
// optional and a missing, null or wrong-typed value is nil.

import Foundation

// MARK: - Vocabularies

/// The class of a match (`scoring_result.matches[].class`, `nexus_result.matches[].class`).
/// Case and surrounding spaces are ignored; any other word is kept as `unknown`.
public enum MatchClass: Sendable, Hashable, Decodable {
    case full
    case partial
    case incompatible
    case unknown(String)

    public init(rawValue: String) {
        switch rawValue.trimmingCharacters(in: .whitespacesAndNewlines).lowercased() {
        case "full": self = .full
        case "partial": self = .partial
        case "incompatible": self = .incompatible
        default: self = .unknown(rawValue)
        }
    }

    public var rawValue: String {
        switch self {
        case .full: "full"
        case .partial: "partial"
        case .incompatible: "incompatible"
        case .unknown(let raw): raw
        }
    }

    /// Throws when the value is not a string (the field then decodes to nil).
    public init(from decoder: any Decoder) throws {
        self.init(rawValue: try decoder.singleValueContainer().decode(String.self))
    }
}

/// `simulation_result.type`. Case and surrounding spaces are ignored; any other word is kept
/// as `unknown`.
public enum SimulationType: Sendable, Hashable, Decodable {
    /// Compound-specific isotope analysis: Rayleigh fractionation of a degrading compound.
    case csia
    /// Redox speciation along a pe gradient.
    case redox
    case unknown(String)

    public init(rawValue: String) {
        switch rawValue.trimmingCharacters(in: .whitespacesAndNewlines).lowercased() {
        case "csia": self = .csia
        case "redox": self = .redox
        default: self = .unknown(rawValue)
        }
    }

    public var rawValue: String {
        switch self {
        case .csia: "csia"
        case .redox: "redox"
        case .unknown(let raw): raw
        }
    }

    public init(from decoder: any Decoder) throws {
        self.init(rawValue: try decoder.singleValueContainer().decode(String.self))
    }
}

/// `auto_context_result.source`: how the speciation was obtained.
public enum SpeciationSource: Sendable, Hashable, Decodable {
    case mlSpeciation
    case thermodynamic
    case unknown(String)

    public init(rawValue: String) {
        switch rawValue.trimmingCharacters(in: .whitespacesAndNewlines).lowercased() {
        case "ml_speciation": self = .mlSpeciation
        case "thermodynamic": self = .thermodynamic
        default: self = .unknown(rawValue)
        }
    }

    public var rawValue: String {
        switch self {
        case .mlSpeciation: "ml_speciation"
        case .thermodynamic: "thermodynamic"
        case .unknown(let raw): raw
        }
    }

    public init(from decoder: any Decoder) throws {
        self.init(rawValue: try decoder.singleValueContainer().decode(String.self))
    }
}

// MARK: - nexus_result

/// `nexus_result`: `{element, system, initial, processes, predicted, mass_balance, matches}`.
public struct NexusResult: Sendable, Equatable, Decodable {
    public var element: String?
    /// The isotope system, e.g. `δ13C` or `87Sr/86Sr`.
    public var system: String?
    public var initial: NexusInitial?
    /// The processes of the chain, in order.
    public var processes: [NexusProcess]?
    public var predicted: NexusPredicted?
    public var massBalance: NexusMassBalance?
    public var matches: [NexusMatch]?

    enum CodingKeys: String, CodingKey {
        case element, system, initial, processes, predicted
        case massBalance = "mass_balance"
        case matches
    }

    public init(element: String? = nil, system: String? = nil, initial: NexusInitial? = nil,
                processes: [NexusProcess]? = nil, predicted: NexusPredicted? = nil,
                massBalance: NexusMassBalance? = nil, matches: [NexusMatch]? = nil) {
        self.element = element
        self.system = system
        self.initial = initial
        self.processes = processes
        self.predicted = predicted
        self.massBalance = massBalance
        self.matches = matches
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        element = c.lenient(String.self, forKey: .element)
        system = c.lenient(String.self, forKey: .system)
        initial = c.lenientObject(NexusInitial.self, forKey: .initial)
        processes = c.lenientArray(NexusProcess.self, forKey: .processes)
        predicted = c.lenientObject(NexusPredicted.self, forKey: .predicted)
        massBalance = c.lenientObject(NexusMassBalance.self, forKey: .massBalance)
        matches = c.lenientArray(NexusMatch.self, forKey: .matches)
    }
}

/// `nexus_result.initial`: the starting signature `{value, uncertainty, unit, sample}`.
public struct NexusInitial: Sendable, Equatable, Decodable {
    public var value: Double?
    public var uncertainty: Double?
    public var unit: String?
    /// The sample it was measured on, as given (a name, or an id as text).
    public var sample: String?

    enum CodingKeys: String, CodingKey {
        case value, uncertainty, unit, sample
    }

    public init(value: Double? = nil, uncertainty: Double? = nil, unit: String? = nil, sample: String? = nil) {
        self.value = value
        self.uncertainty = uncertainty
        self.unit = unit
        self.sample = sample
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        value = c.lenient(Double.self, forKey: .value)
        uncertainty = c.lenient(Double.self, forKey: .uncertainty)
        unit = c.lenient(String.self, forKey: .unit)
        sample = c.lenient(String.self, forKey: .sample)
    }
}

/// One process of a Nexus chain: `{name, category, epsilon, uncertainty, model, fraction, reference}`.
public struct NexusProcess: Sendable, Equatable, Decodable {
    public var name: String?
    public var category: String?
    /// Enrichment factor ε, ‰.
    public var epsilon: Double?
    public var uncertainty: Double?
    /// E.g. `rayleigh`, `equilibrium`, `mixing`.
    public var model: String?
    /// The fraction involved (remaining fraction f, or mixing fraction), 0…1.
    public var fraction: Double?
    /// The literature reference of ε.
    public var reference: String?

    enum CodingKeys: String, CodingKey {
        case name, category, epsilon, uncertainty, model, fraction, reference
    }

    public init(name: String? = nil, category: String? = nil, epsilon: Double? = nil, uncertainty: Double? = nil,
                model: String? = nil, fraction: Double? = nil, reference: String? = nil) {
        self.name = name
        self.category = category
        self.epsilon = epsilon
        self.uncertainty = uncertainty
        self.model = model
        self.fraction = fraction
        self.reference = reference
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = c.lenient(String.self, forKey: .name)
        category = c.lenient(String.self, forKey: .category)
        epsilon = c.lenient(Double.self, forKey: .epsilon)
        uncertainty = c.lenient(Double.self, forKey: .uncertainty)
        model = c.lenient(String.self, forKey: .model)
        fraction = c.lenient(Double.self, forKey: .fraction)
        reference = c.lenient(String.self, forKey: .reference)
    }
}

/// `nexus_result.predicted`: the signature predicted at the end of the chain.
public struct NexusPredicted: Sendable, Equatable, Decodable {
    public var value: Double?
    public var uncertainty: Double?

    enum CodingKeys: String, CodingKey {
        case value, uncertainty
    }

    public init(value: Double? = nil, uncertainty: Double? = nil) {
        self.value = value
        self.uncertainty = uncertainty
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        value = c.lenient(Double.self, forKey: .value)
        uncertainty = c.lenient(Double.self, forKey: .uncertainty)
    }
}

/// `nexus_result.mass_balance`: `{verified, residual}`.
public struct NexusMassBalance: Sendable, Equatable, Decodable {
    public var verified: Bool?
    public var residual: Double?

    enum CodingKeys: String, CodingKey {
        case verified, residual
    }

    public init(verified: Bool? = nil, residual: Double? = nil) {
        self.verified = verified
        self.residual = residual
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        verified = c.lenient(Bool.self, forKey: .verified)
        residual = c.lenient(Double.self, forKey: .residual)
    }
}

/// One reference compared with the predicted signature: `{reference, score, class, distance}`.
public struct NexusMatch: Sendable, Equatable, Decodable {
    public var reference: String?
    public var score: Double?
    public var matchClass: MatchClass?
    public var distance: Double?

    enum CodingKeys: String, CodingKey {
        case reference, score
        case matchClass = "class"
        case distance
    }

    public init(reference: String? = nil, score: Double? = nil, matchClass: MatchClass? = nil,
                distance: Double? = nil) {
        self.reference = reference
        self.score = score
        self.matchClass = matchClass
        self.distance = distance
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        reference = c.lenient(String.self, forKey: .reference)
        score = c.lenient(Double.self, forKey: .score)
        matchClass = c.lenientObject(MatchClass.self, forKey: .matchClass)
        distance = c.lenient(Double.self, forKey: .distance)
    }
}

// MARK: - auto_context_result

/// `auto_context_result`: `{element, source, conditions, species, dominant, confidence}`.
public struct AutoContextResult: Sendable, Equatable, Decodable {
    public var element: String?
    public var source: SpeciationSource?
    public var conditions: GeochemicalConditions?
    /// The species and their fractions, in the order given.
    public var species: [SpeciesFraction]?
    /// The dominant species' name.
    public var dominant: String?
    /// 0…1 as given.
    public var confidence: Double?

    enum CodingKeys: String, CodingKey {
        case element, source, conditions, species, dominant, confidence
    }

    public init(element: String? = nil, source: SpeciationSource? = nil, conditions: GeochemicalConditions? = nil,
                species: [SpeciesFraction]? = nil, dominant: String? = nil, confidence: Double? = nil) {
        self.element = element
        self.source = source
        self.conditions = conditions
        self.species = species
        self.dominant = dominant
        self.confidence = confidence
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        element = c.lenient(String.self, forKey: .element)
        source = c.lenientObject(SpeciationSource.self, forKey: .source)
        conditions = c.lenientObject(GeochemicalConditions.self, forKey: .conditions)
        species = c.lenientArray(SpeciesFraction.self, forKey: .species)
        dominant = c.lenient(String.self, forKey: .dominant)
        confidence = c.lenient(Double.self, forKey: .confidence)
    }
}

/// `auto_context_result.conditions`: `{pH, Eh_mV, temperature_c, ionic_strength}`.
public struct GeochemicalConditions: Sendable, Equatable, Decodable {
    public var pH: Double?
    /// Redox potential, mV.
    public var ehMV: Double?
    /// °C.
    public var temperatureC: Double?
    /// mol/L.
    public var ionicStrength: Double?

    enum CodingKeys: String, CodingKey {
        case pH
        case ehMV = "Eh_mV"
        case temperatureC = "temperature_c"
        case ionicStrength = "ionic_strength"
    }

    public init(pH: Double? = nil, ehMV: Double? = nil, temperatureC: Double? = nil, ionicStrength: Double? = nil) {
        self.pH = pH
        self.ehMV = ehMV
        self.temperatureC = temperatureC
        self.ionicStrength = ionicStrength
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        pH = c.lenient(Double.self, forKey: .pH)
        ehMV = c.lenient(Double.self, forKey: .ehMV)
        temperatureC = c.lenient(Double.self, forKey: .temperatureC)
        ionicStrength = c.lenient(Double.self, forKey: .ionicStrength)
    }
}

/// A named fraction: a species of `auto_context_result.species` or a metabolite of
/// `simulation_result.metabolites`, `{name, fraction}`.
public struct SpeciesFraction: Sendable, Equatable, Decodable {
    public var name: String?
    /// 0…1 as given.
    public var fraction: Double?

    enum CodingKeys: String, CodingKey {
        case name, fraction
    }

    public init(name: String? = nil, fraction: Double? = nil) {
        self.name = name
        self.fraction = fraction
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = c.lenient(String.self, forKey: .name)
        fraction = c.lenient(Double.self, forKey: .fraction)
    }
}

// MARK: - scoring_result

/// `scoring_result`: `{algorithm, threshold, matches}`.
public struct ScoringResult: Sendable, Equatable, Decodable {
    public var algorithm: String?
    public var threshold: Double?
    /// In the order given; `ranked` sorts them.
    public var matches: [ScoringMatch]?

    enum CodingKeys: String, CodingKey {
        case algorithm, threshold, matches
    }

    public init(algorithm: String? = nil, threshold: Double? = nil, matches: [ScoringMatch]? = nil) {
        self.algorithm = algorithm
        self.threshold = threshold
        self.matches = matches
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        algorithm = c.lenient(String.self, forKey: .algorithm)
        threshold = c.lenient(Double.self, forKey: .threshold)
        matches = c.lenientArray(ScoringMatch.self, forKey: .matches)
    }

    /// The matches by descending score; equal scores keep their given order, and matches without
    /// a score come last, in their given order. Empty when there are no matches.
    public var ranked: [ScoringMatch] {
        (matches ?? []).enumerated().sorted { lhs, rhs in
            switch (lhs.element.score, rhs.element.score) {
            case let (l?, r?) where l != r: return l > r
            case (_?, nil): return true
            case (nil, _?): return false
            default: return lhs.offset < rhs.offset
            }
        }.map(\.element)
    }
}

/// One receptor–reference pair scored: `{sample_id, sample_name, reference, reference_matrix,
/// score, class, ratios}`.
public struct ScoringMatch: Sendable, Equatable, Decodable {
    public var sampleID: Int?
    public var sampleName: String?
    public var reference: String?
    /// The reference's matrix, for the matrix-relevance rules.
    public var referenceMatrix: String?
    public var score: Double?
    public var matchClass: MatchClass?
    /// The per-system comparisons, in the order given.
    public var ratios: [RatioComparison]?

    enum CodingKeys: String, CodingKey {
        case sampleID = "sample_id"
        case sampleName = "sample_name"
        case reference
        case referenceMatrix = "reference_matrix"
        case score
        case matchClass = "class"
        case ratios
    }

    public init(sampleID: Int? = nil, sampleName: String? = nil, reference: String? = nil,
                referenceMatrix: String? = nil, score: Double? = nil, matchClass: MatchClass? = nil,
                ratios: [RatioComparison]? = nil) {
        self.sampleID = sampleID
        self.sampleName = sampleName
        self.reference = reference
        self.referenceMatrix = referenceMatrix
        self.score = score
        self.matchClass = matchClass
        self.ratios = ratios
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        sampleID = c.lenient(Int.self, forKey: .sampleID)
        sampleName = c.lenient(String.self, forKey: .sampleName)
        reference = c.lenient(String.self, forKey: .reference)
        referenceMatrix = c.lenient(String.self, forKey: .referenceMatrix)
        score = c.lenient(Double.self, forKey: .score)
        matchClass = c.lenientObject(MatchClass.self, forKey: .matchClass)
        ratios = c.lenientArray(RatioComparison.self, forKey: .ratios)
    }
}

/// One isotope system compared in a scoring match: `{system, compatible, z}`.
public struct RatioComparison: Sendable, Equatable, Decodable {
    public var system: String?
    public var compatible: Bool?
    /// The z-score of the difference.
    public var z: Double?

    enum CodingKeys: String, CodingKey {
        case system, compatible, z
    }

    public init(system: String? = nil, compatible: Bool? = nil, z: Double? = nil) {
        self.system = system
        self.compatible = compatible
        self.z = z
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        system = c.lenient(String.self, forKey: .system)
        compatible = c.lenient(Bool.self, forKey: .compatible)
        z = c.lenient(Double.self, forKey: .z)
    }
}

// MARK: - simulation_result

/// `simulation_result`: `{type, compound, element, epsilon, delta0, half_life_days, points,
/// metabolites, redox, plume}`.
public struct SimulationResult: Sendable, Equatable, Decodable {
    public var type: SimulationType?
    public var compound: String?
    public var element: String?
    /// Enrichment factor ε, ‰.
    public var epsilon: Double?
    /// Initial δ, ‰.
    public var delta0: Double?
    public var halfLifeDays: Double?
    /// The Rayleigh curve: δ against the remaining fraction f, in the order given.
    public var points: [RayleighPoint]?
    public var metabolites: [SpeciesFraction]?
    public var redox: RedoxProfile?
    public var plume: PlumeSummary?

    enum CodingKeys: String, CodingKey {
        case type, compound, element, epsilon, delta0
        case halfLifeDays = "half_life_days"
        case points, metabolites, redox, plume
    }

    public init(type: SimulationType? = nil, compound: String? = nil, element: String? = nil,
                epsilon: Double? = nil, delta0: Double? = nil, halfLifeDays: Double? = nil,
                points: [RayleighPoint]? = nil, metabolites: [SpeciesFraction]? = nil,
                redox: RedoxProfile? = nil, plume: PlumeSummary? = nil) {
        self.type = type
        self.compound = compound
        self.element = element
        self.epsilon = epsilon
        self.delta0 = delta0
        self.halfLifeDays = halfLifeDays
        self.points = points
        self.metabolites = metabolites
        self.redox = redox
        self.plume = plume
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        type = c.lenientObject(SimulationType.self, forKey: .type)
        compound = c.lenient(String.self, forKey: .compound)
        element = c.lenient(String.self, forKey: .element)
        epsilon = c.lenient(Double.self, forKey: .epsilon)
        delta0 = c.lenient(Double.self, forKey: .delta0)
        halfLifeDays = c.lenient(Double.self, forKey: .halfLifeDays)
        points = c.lenientArray(RayleighPoint.self, forKey: .points)
        metabolites = c.lenientArray(SpeciesFraction.self, forKey: .metabolites)
        redox = c.lenientObject(RedoxProfile.self, forKey: .redox)
        plume = c.lenientObject(PlumeSummary.self, forKey: .plume)
    }
}

/// A point of a Rayleigh curve: `{f, delta}`.
public struct RayleighPoint: Sendable, Equatable, Decodable {
    /// Remaining fraction, 0…1.
    public var f: Double?
    /// δ, ‰.
    public var delta: Double?

    enum CodingKeys: String, CodingKey {
        case f, delta
    }

    public init(f: Double? = nil, delta: Double? = nil) {
        self.f = f
        self.delta = delta
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        f = c.lenient(Double.self, forKey: .f)
        delta = c.lenient(Double.self, forKey: .delta)
    }
}

/// `simulation_result.redox`: `{pH, boundary_pe, points: [{pe, reduced_fraction}]}`.
public struct RedoxProfile: Sendable, Equatable, Decodable {
    public var pH: Double?
    /// The pe where the oxidised and reduced forms are equal.
    public var boundaryPE: Double?
    public var points: [RedoxPoint]?

    enum CodingKeys: String, CodingKey {
        case pH
        case boundaryPE = "boundary_pe"
        case points
    }

    public init(pH: Double? = nil, boundaryPE: Double? = nil, points: [RedoxPoint]? = nil) {
        self.pH = pH
        self.boundaryPE = boundaryPE
        self.points = points
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        pH = c.lenient(Double.self, forKey: .pH)
        boundaryPE = c.lenient(Double.self, forKey: .boundaryPE)
        points = c.lenientArray(RedoxPoint.self, forKey: .points)
    }
}

/// A point of a redox profile: `{pe, reduced_fraction}`.
public struct RedoxPoint: Sendable, Equatable, Decodable {
    public var pe: Double?
    /// 0…1.
    public var reducedFraction: Double?

    enum CodingKeys: String, CodingKey {
        case pe
        case reducedFraction = "reduced_fraction"
    }

    public init(pe: Double? = nil, reducedFraction: Double? = nil) {
        self.pe = pe
        self.reducedFraction = reducedFraction
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        pe = c.lenient(Double.self, forKey: .pe)
        reducedFraction = c.lenient(Double.self, forKey: .reducedFraction)
    }
}

/// `simulation_result.plume`: `{max_extent_m, max_concentration, unit, duration_days}`.
public struct PlumeSummary: Sendable, Equatable, Decodable {
    public var maxExtentM: Double?
    /// In `unit`.
    public var maxConcentration: Double?
    public var unit: String?
    public var durationDays: Double?

    enum CodingKeys: String, CodingKey {
        case maxExtentM = "max_extent_m"
        case maxConcentration = "max_concentration"
        case unit
        case durationDays = "duration_days"
    }

    public init(maxExtentM: Double? = nil, maxConcentration: Double? = nil, unit: String? = nil,
                durationDays: Double? = nil) {
        self.maxExtentM = maxExtentM
        self.maxConcentration = maxConcentration
        self.unit = unit
        self.durationDays = durationDays
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        maxExtentM = c.lenient(Double.self, forKey: .maxExtentM)
        maxConcentration = c.lenient(Double.self, forKey: .maxConcentration)
        unit = c.lenient(String.self, forKey: .unit)
        durationDays = c.lenient(Double.self, forKey: .durationDays)
    }
}
