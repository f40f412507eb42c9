// The result dicts of a generation request: nexus_result, auto_context_result, scoring_result
// and simulation_result. Tolerant like every request dict (RequestData.swift): each field is
// optional and a missing, null or wrong-typed value is nil.

import Foundation
import IsoFindJSON

// MARK: - Vocabularies

/// The class of a match (`scoring_result.matches[].class`, `nexus_result.matches[].class`).
/// Case and surrounding spaces are ignored; any other word is kept as `unknown`.
public enum MatchClass: Sendable, Hashable {
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
}

/// `simulation_result.type`. Case and surrounding spaces are ignored; any other word is kept
/// as `unknown`.
public enum SimulationType: Sendable, Hashable {
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

}

/// `auto_context_result.source`: how the speciation was obtained.
public enum SpeciationSource: Sendable, Hashable {
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

}

// MARK: - nexus_result

/// `nexus_result`: `{element, system, initial, processes, predicted, mass_balance, matches}`.
public struct NexusResult: Sendable, Equatable {
    public var element: String?
    /// The isotope system, e.g. `δ13C` or `87Sr/86Sr`.
    public var system: String?
    public var initial: NexusInitial?
    /// The processes of the chain, in order.
    public var processes: [NexusProcess]?
    public var predicted: NexusPredicted?
    public var massBalance: NexusMassBalance?
    public var matches: [NexusMatch]?

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

    public init(lenient c: LenientObject) {
        element = c.string("element")
        system = c.string("system")
        initial = c.object("initial", NexusInitial.init(lenient:))
        processes = c.array("processes", NexusProcess.init(lenient:))
        predicted = c.object("predicted", NexusPredicted.init(lenient:))
        massBalance = c.object("mass_balance", NexusMassBalance.init(lenient:))
        matches = c.array("matches", NexusMatch.init(lenient:))
    }
}

/// `nexus_result.initial`: the starting signature `{value, uncertainty, unit, sample}`.
public struct NexusInitial: Sendable, Equatable {
    public var value: Double?
    public var uncertainty: Double?
    public var unit: String?
    /// The sample it was measured on, as given (a name, or an id as text).
    public var sample: String?

    public init(value: Double? = nil, uncertainty: Double? = nil, unit: String? = nil, sample: String? = nil) {
        self.value = value
        self.uncertainty = uncertainty
        self.unit = unit
        self.sample = sample
    }

    public init(lenient c: LenientObject) {
        value = c.double("value")
        uncertainty = c.double("uncertainty")
        unit = c.string("unit")
        sample = c.string("sample")
    }
}

/// One process of a Nexus chain: `{name, category, epsilon, uncertainty, model, fraction, reference}`.
public struct NexusProcess: Sendable, Equatable {
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

    public init(lenient c: LenientObject) {
        name = c.string("name")
        category = c.string("category")
        epsilon = c.double("epsilon")
        uncertainty = c.double("uncertainty")
        model = c.string("model")
        fraction = c.double("fraction")
        reference = c.string("reference")
    }
}

/// `nexus_result.predicted`: the signature predicted at the end of the chain.
public struct NexusPredicted: Sendable, Equatable {
    public var value: Double?
    public var uncertainty: Double?

    public init(value: Double? = nil, uncertainty: Double? = nil) {
        self.value = value
        self.uncertainty = uncertainty
    }

    public init(lenient c: LenientObject) {
        value = c.double("value")
        uncertainty = c.double("uncertainty")
    }
}

/// `nexus_result.mass_balance`: `{verified, residual}`.
public struct NexusMassBalance: Sendable, Equatable {
    public var verified: Bool?
    public var residual: Double?

    public init(verified: Bool? = nil, residual: Double? = nil) {
        self.verified = verified
        self.residual = residual
    }

    public init(lenient c: LenientObject) {
        verified = c.bool("verified")
        residual = c.double("residual")
    }
}

/// One reference compared with the predicted signature: `{reference, score, class, distance}`.
public struct NexusMatch: Sendable, Equatable {
    public var reference: String?
    public var score: Double?
    public var matchClass: MatchClass?
    public var distance: Double?

    public init(reference: String? = nil, score: Double? = nil, matchClass: MatchClass? = nil,
                distance: Double? = nil) {
        self.reference = reference
        self.score = score
        self.matchClass = matchClass
        self.distance = distance
    }

    public init(lenient c: LenientObject) {
        reference = c.string("reference")
        score = c.double("score")
        matchClass = c.word("class").map(MatchClass.init(rawValue:))
        distance = c.double("distance")
    }
}

// MARK: - auto_context_result

/// `auto_context_result`: `{element, source, conditions, species, dominant, confidence}`.
public struct AutoContextResult: Sendable, Equatable {
    public var element: String?
    public var source: SpeciationSource?
    public var conditions: GeochemicalConditions?
    /// The species and their fractions, in the order given.
    public var species: [SpeciesFraction]?
    /// The dominant species' name.
    public var dominant: String?
    /// 0…1 as given.
    public var confidence: Double?

    public init(element: String? = nil, source: SpeciationSource? = nil, conditions: GeochemicalConditions? = nil,
                species: [SpeciesFraction]? = nil, dominant: String? = nil, confidence: Double? = nil) {
        self.element = element
        self.source = source
        self.conditions = conditions
        self.species = species
        self.dominant = dominant
        self.confidence = confidence
    }

    public init(lenient c: LenientObject) {
        element = c.string("element")
        source = c.word("source").map(SpeciationSource.init(rawValue:))
        conditions = c.object("conditions", GeochemicalConditions.init(lenient:))
        species = c.array("species", SpeciesFraction.init(lenient:))
        dominant = c.string("dominant")
        confidence = c.double("confidence")
    }
}

/// `auto_context_result.conditions`: `{pH, Eh_mV, temperature_c, ionic_strength}`.
public struct GeochemicalConditions: Sendable, Equatable {
    public var pH: Double?
    /// Redox potential, mV.
    public var ehMV: Double?
    /// °C.
    public var temperatureC: Double?
    /// mol/L.
    public var ionicStrength: Double?

    public init(pH: Double? = nil, ehMV: Double? = nil, temperatureC: Double? = nil, ionicStrength: Double? = nil) {
        self.pH = pH
        self.ehMV = ehMV
        self.temperatureC = temperatureC
        self.ionicStrength = ionicStrength
    }

    public init(lenient c: LenientObject) {
        pH = c.double("pH")
        ehMV = c.double("Eh_mV")
        temperatureC = c.double("temperature_c")
        ionicStrength = c.double("ionic_strength")
    }
}

/// A named fraction: a species of `auto_context_result.species` or a metabolite of
/// `simulation_result.metabolites`, `{name, fraction}`.
public struct SpeciesFraction: Sendable, Equatable {
    public var name: String?
    /// 0…1 as given.
    public var fraction: Double?

    public init(name: String? = nil, fraction: Double? = nil) {
        self.name = name
        self.fraction = fraction
    }

    public init(lenient c: LenientObject) {
        name = c.string("name")
        fraction = c.double("fraction")
    }
}

// MARK: - scoring_result

/// `scoring_result`: `{algorithm, threshold, matches}`.
public struct ScoringResult: Sendable, Equatable {
    public var algorithm: String?
    public var threshold: Double?
    /// In the order given; `ranked` sorts them.
    public var matches: [ScoringMatch]?

    public init(algorithm: String? = nil, threshold: Double? = nil, matches: [ScoringMatch]? = nil) {
        self.algorithm = algorithm
        self.threshold = threshold
        self.matches = matches
    }

    public init(lenient c: LenientObject) {
        algorithm = c.string("algorithm")
        threshold = c.double("threshold")
        matches = c.array("matches", ScoringMatch.init(lenient:))
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
public struct ScoringMatch: Sendable, Equatable {
    public var sampleID: Int?
    public var sampleName: String?
    public var reference: String?
    /// The reference's matrix, for the matrix-relevance rules.
    public var referenceMatrix: String?
    public var score: Double?
    public var matchClass: MatchClass?
    /// The per-system comparisons, in the order given.
    public var ratios: [RatioComparison]?

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

    public init(lenient c: LenientObject) {
        sampleID = c.int("sample_id")
        sampleName = c.string("sample_name")
        reference = c.string("reference")
        referenceMatrix = c.string("reference_matrix")
        score = c.double("score")
        matchClass = c.word("class").map(MatchClass.init(rawValue:))
        ratios = c.array("ratios", RatioComparison.init(lenient:))
    }
}

/// One isotope system compared in a scoring match: `{system, compatible, z}`.
public struct RatioComparison: Sendable, Equatable {
    public var system: String?
    public var compatible: Bool?
    /// The z-score of the difference.
    public var z: Double?

    public init(system: String? = nil, compatible: Bool? = nil, z: Double? = nil) {
        self.system = system
        self.compatible = compatible
        self.z = z
    }

    public init(lenient c: LenientObject) {
        system = c.string("system")
        compatible = c.bool("compatible")
        z = c.double("z")
    }
}

// MARK: - simulation_result

/// `simulation_result`: `{type, compound, element, epsilon, delta0, half_life_days, points,
/// metabolites, redox, plume}`.
public struct SimulationResult: Sendable, Equatable {
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

    public init(lenient c: LenientObject) {
        type = c.word("type").map(SimulationType.init(rawValue:))
        compound = c.string("compound")
        element = c.string("element")
        epsilon = c.double("epsilon")
        delta0 = c.double("delta0")
        halfLifeDays = c.double("half_life_days")
        points = c.array("points", RayleighPoint.init(lenient:))
        metabolites = c.array("metabolites", SpeciesFraction.init(lenient:))
        redox = c.object("redox", RedoxProfile.init(lenient:))
        plume = c.object("plume", PlumeSummary.init(lenient:))
    }
}

/// A point of a Rayleigh curve: `{f, delta}`.
public struct RayleighPoint: Sendable, Equatable {
    /// Remaining fraction, 0…1.
    public var f: Double?
    /// δ, ‰.
    public var delta: Double?

    public init(f: Double? = nil, delta: Double? = nil) {
        self.f = f
        self.delta = delta
    }

    public init(lenient c: LenientObject) {
        f = c.double("f")
        delta = c.double("delta")
    }
}

/// `simulation_result.redox`: `{pH, boundary_pe, points: [{pe, reduced_fraction}]}`.
public struct RedoxProfile: Sendable, Equatable {
    public var pH: Double?
    /// The pe where the oxidised and reduced forms are equal.
    public var boundaryPE: Double?
    public var points: [RedoxPoint]?

    public init(pH: Double? = nil, boundaryPE: Double? = nil, points: [RedoxPoint]? = nil) {
        self.pH = pH
        self.boundaryPE = boundaryPE
        self.points = points
    }

    public init(lenient c: LenientObject) {
        pH = c.double("pH")
        boundaryPE = c.double("boundary_pe")
        points = c.array("points", RedoxPoint.init(lenient:))
    }
}

/// A point of a redox profile: `{pe, reduced_fraction}`.
public struct RedoxPoint: Sendable, Equatable {
    public var pe: Double?
    /// 0…1.
    public var reducedFraction: Double?

    public init(pe: Double? = nil, reducedFraction: Double? = nil) {
        self.pe = pe
        self.reducedFraction = reducedFraction
    }

    public init(lenient c: LenientObject) {
        pe = c.double("pe")
        reducedFraction = c.double("reduced_fraction")
    }
}

/// `simulation_result.plume`: `{max_extent_m, max_concentration, unit, duration_days}`.
public struct PlumeSummary: Sendable, Equatable {
    public var maxExtentM: Double?
    /// In `unit`.
    public var maxConcentration: Double?
    public var unit: String?
    public var durationDays: Double?

    public init(maxExtentM: Double? = nil, maxConcentration: Double? = nil, unit: String? = nil,
                durationDays: Double? = nil) {
        self.maxExtentM = maxExtentM
        self.maxConcentration = maxConcentration
        self.unit = unit
        self.durationDays = durationDays
    }

    public init(lenient c: LenientObject) {
        maxExtentM = c.double("max_extent_m")
        maxConcentration = c.double("max_concentration")
        unit = c.string("unit")
        durationDays = c.double("duration_days")
    }
}
