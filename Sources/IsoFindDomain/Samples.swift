// Samples and their measurements as IsoFind's samples database (`isofind.db`) holds them.
// docs/data-sources.md describes every column: its meaning, its unit and when it may be NULL.
// Every value is kept as stored: a NULL stays nil ("not provided", or "< LOD" for a concentration),
// never 0; formatting is the renderer's job.

import Foundation

/// The role a sample plays in a provenance study, from its `classification`.
public enum SampleRole: String, Codable, Sendable, CaseIterable {
    /// A candidate origin: ore, slag, fertilizer, industrial source or geogenic background end-member.
    case source
    /// A receptor (IsoFind writes `fille` or `daughter`; both mean the same).
    case receptor
    /// No classification, or one this version does not know.
    case unknown

    /// The role a stored `classification` denotes: `source` → `.source`; `fille` or `daughter` →
    /// `.receptor`; anything else, or NULL, → `.unknown`. Case and surrounding spaces are ignored.
    public init(classification: String?) {
        switch classification?.trimmingCharacters(in: .whitespacesAndNewlines).lowercased() {
        case "source": self = .source
        case "fille", "daughter": self = .receptor
        default: self = .unknown
        }
    }
}

/// One physical sample (a row of `samples`) with all its measurements.
public struct Sample: Sendable, Equatable {
    public var id: Int
    /// Field name, unique in the database, e.g. `GW-P03-2026-04`.
    public var name: String
    /// The role derived from `classificationRaw`.
    public var classification: SampleRole
    /// `classification` as stored (`source`, `fille`, `daughter`, or anything IsoFind wrote).
    public var classificationRaw: String?
    /// What was sampled, free text (`groundwater`, `stream sediment`, `galena`…).
    public var materialType: String?
    /// The matrix the matrix-relevance rules use (`water`, `soil`, `sediment`, `ore`, `slag`,
    /// `fertilizer`, or a French name such as `eau`).
    public var matrix: String?
    public var sector: String?
    public var project: String?
    /// WGS 84, decimal degrees.
    public var latitude: Double?
    /// WGS 84, decimal degrees.
    public var longitude: Double?
    /// Metres above sea level.
    public var altitudeM: Double?
    /// `YYYY-MM-DD`.
    public var collectionDate: String?
    public var collector: String?
    public var description: String?

    /// Rows of `sample_isotope`, by ascending id.
    public var isotopes: [IsotopeMeasurement]
    /// Rows of `sample_geochem`, by ascending id.
    public var geochem: [GeochemMeasurement]
    /// Rows of `sample_physicochemistry`, by ascending id.
    public var physico: [PhysicoMeasurement]
    /// Rows of `sample_molecules`, by ascending id.
    public var molecules: [MoleculeMeasurement]

    /// A sample; `classification` is derived from `classificationRaw`.
    public init(id: Int, name: String, classificationRaw: String? = nil, materialType: String? = nil,
                matrix: String? = nil, sector: String? = nil, project: String? = nil,
                latitude: Double? = nil, longitude: Double? = nil, altitudeM: Double? = nil,
                collectionDate: String? = nil, collector: String? = nil, description: String? = nil,
                isotopes: [IsotopeMeasurement] = [], geochem: [GeochemMeasurement] = [],
                physico: [PhysicoMeasurement] = [], molecules: [MoleculeMeasurement] = []) {
        self.id = id
        self.name = name
        self.classification = SampleRole(classification: classificationRaw)
        self.classificationRaw = classificationRaw
        self.materialType = materialType
        self.matrix = matrix
        self.sector = sector
        self.project = project
        self.latitude = latitude
        self.longitude = longitude
        self.altitudeM = altitudeM
        self.collectionDate = collectionDate
        self.collector = collector
        self.description = description
        self.isotopes = isotopes
        self.geochem = geochem
        self.physico = physico
        self.molecules = molecules
    }

    /// Latitude and longitude when both are present and finite.
    public var coordinates: (latitude: Double, longitude: Double)? {
        guard let latitude, let longitude, latitude.isFinite, longitude.isFinite else { return nil }
        return (latitude, longitude)
    }

    /// Whether the sample can be placed on a map.
    public var hasCoordinates: Bool { coordinates != nil }

    public var isSource: Bool { classification == .source }

    public var isReceptor: Bool { classification == .receptor }

    /// Number of measurement rows of every kind.
    public var measurementCount: Int { isotopes.count + geochem.count + physico.count + molecules.count }
}

/// One row of `sample_isotope`: a ratio (± 2SE) or a δ value (± 2SD), rarely both.
public struct IsotopeMeasurement: Sendable, Equatable {
    public var id: Int
    public var sampleID: Int
    /// `Sr`, `Pb`, `C`, `S`, `Zn`…
    public var element: String?
    /// The ratio measured, e.g. `87Sr/86Sr`; a compound-specific one names its compound
    /// (`13C/12C (TCE)`), and is not comparable with the bulk system.
    public var system: String?
    /// The isotope ratio (radiogenic systems); nil for δ-reported systems.
    public var ratio: Double?
    /// 2 standard errors of `ratio`; nil when not published.
    public var ratio2SE: Double?
    /// `δ13C`, `δ13C-TCE`, `δ34S`, `δ66Zn`…; nil for ratio systems.
    public var deltaNotation: String?
    /// δ in ‰ relative to `standard`.
    public var deltaValue: Double?
    /// 2 standard deviations of `deltaValue`, ‰.
    public var delta2SD: Double?
    public var standard: String?
    public var instrument: String?
    /// `YYYY-MM-DD`.
    public var sessionDate: String?
    public var depthM: Double?
    public var notes: String?

    public init(id: Int, sampleID: Int, element: String? = nil, system: String? = nil, ratio: Double? = nil,
                ratio2SE: Double? = nil, deltaNotation: String? = nil, deltaValue: Double? = nil,
                delta2SD: Double? = nil, standard: String? = nil, instrument: String? = nil,
                sessionDate: String? = nil, depthM: Double? = nil, notes: String? = nil) {
        self.id = id
        self.sampleID = sampleID
        self.element = element
        self.system = system
        self.ratio = ratio
        self.ratio2SE = ratio2SE
        self.deltaNotation = deltaNotation
        self.deltaValue = deltaValue
        self.delta2SD = delta2SD
        self.standard = standard
        self.instrument = instrument
        self.sessionDate = sessionDate
        self.depthM = depthM
        self.notes = notes
    }

    /// Whether the row carries an isotope ratio.
    public var isRatio: Bool { ratio != nil }

    /// Whether the row carries a δ value.
    public var isDelta: Bool { deltaValue != nil }
}

/// One row of `sample_geochem`: an elemental concentration.
public struct GeochemMeasurement: Sendable, Equatable {
    public var id: Int
    public var sampleID: Int
    public var element: String?
    /// The value in `displayUnit`; nil when below the LOD.
    public var displayValue: Double?
    /// `µg/L`, `mg/L`, `mg/kg` or `%`.
    public var displayUnit: String?
    /// The same value in mg/kg.
    public var valueNormalized: Double?
    /// Expanded uncertainty (k = 2), in `displayUnit`.
    public var displayUncertainty: Double?
    public var method: String?
    /// In `displayUnit`.
    public var lod: Double?
    /// In `displayUnit`.
    public var loq: Double?
    public var depthM: Double?

    public init(id: Int, sampleID: Int, element: String? = nil, displayValue: Double? = nil,
                displayUnit: String? = nil, valueNormalized: Double? = nil, displayUncertainty: Double? = nil,
                method: String? = nil, lod: Double? = nil, loq: Double? = nil, depthM: Double? = nil) {
        self.id = id
        self.sampleID = sampleID
        self.element = element
        self.displayValue = displayValue
        self.displayUnit = displayUnit
        self.valueNormalized = valueNormalized
        self.displayUncertainty = displayUncertainty
        self.method = method
        self.lod = lod
        self.loq = loq
        self.depthM = depthM
    }

    /// Whether the value is missing, which IsoFind uses for "below the LOD" (the row is kept so the
    /// LOD is known).
    public var isBelowLOD: Bool { displayValue == nil }
}

/// One row of `sample_physicochemistry`: a field parameter whose unit is fixed by its name
/// (`pH`, `Eh_mV`, `temperature_c`, `conductivity`, `dissolved_oxygen`, or others shown as they are).
public struct PhysicoMeasurement: Sendable, Equatable {
    public var id: Int
    public var sampleID: Int
    public var parameter: String?
    public var value: Double?
    /// Expanded (k = 2), same unit as `value`.
    public var uncertainty: Double?
    public var method: String?
    /// `YYYY-MM-DDTHH:MM:SSZ`.
    public var measuredAt: String?
    public var depthM: Double?

    public init(id: Int, sampleID: Int, parameter: String? = nil, value: Double? = nil,
                uncertainty: Double? = nil, method: String? = nil, measuredAt: String? = nil,
                depthM: Double? = nil) {
        self.id = id
        self.sampleID = sampleID
        self.parameter = parameter
        self.value = value
        self.uncertainty = uncertainty
        self.method = method
        self.measuredAt = measuredAt
        self.depthM = depthM
    }
}

/// One row of `sample_molecules`: a dissolved molecule or ion. The property names follow IsoFind's
/// French column names.
public struct MoleculeMeasurement: Sendable, Equatable {
    public var id: Int
    public var sampleID: Int
    /// Name, e.g. `Trichloroéthylène (TCE)`.
    public var nom: String?
    /// CAS registry number.
    public var cas: String?
    /// Family, e.g. `COHV (solvants chlorés)`, `PFAS`.
    public var famille: String?
    /// Value in `unite`; nil when not detected.
    public var valeur: Double?
    /// `µg/L` or `mg/L`.
    public var unite: String?
    /// `valeur` in µg/L.
    public var valeurUgL: Double?
    /// Expanded uncertainty (k = 2), in `unite`.
    public var incertitude: Double?
    /// In `unite`.
    public var lod: Double?
    /// In `unite`.
    public var loq: Double?
    /// Detected (value ≥ LOD); nil when not stated.
    public var detecte: Bool?
    public var methode: String?
    public var laboratoire: String?
    /// `YYYY-MM-DD`.
    public var dateAnalyse: String?
    public var matrice: String?
    /// Within `seuilRef` (or not detected); nil when there is no threshold.
    public var conforme: Bool?
    /// The regulatory threshold applied.
    public var seuilRef: Double?
    /// Unit of `seuilRef` (normally `unite`).
    public var seuilRefUnit: String?
    public var depthM: Double?

    public init(id: Int, sampleID: Int, nom: String? = nil, cas: String? = nil, famille: String? = nil,
                valeur: Double? = nil, unite: String? = nil, valeurUgL: Double? = nil,
                incertitude: Double? = nil, lod: Double? = nil, loq: Double? = nil, detecte: Bool? = nil,
                methode: String? = nil, laboratoire: String? = nil, dateAnalyse: String? = nil,
                matrice: String? = nil, conforme: Bool? = nil, seuilRef: Double? = nil,
                seuilRefUnit: String? = nil, depthM: Double? = nil) {
        self.id = id
        self.sampleID = sampleID
        self.nom = nom
        self.cas = cas
        self.famille = famille
        self.valeur = valeur
        self.unite = unite
        self.valeurUgL = valeurUgL
        self.incertitude = incertitude
        self.lod = lod
        self.loq = loq
        self.detecte = detecte
        self.methode = methode
        self.laboratoire = laboratoire
        self.dateAnalyse = dateAnalyse
        self.matrice = matrice
        self.conforme = conforme
        self.seuilRef = seuilRef
        self.seuilRefUnit = seuilRefUnit
        self.depthM = depthM
    }

    /// Whether the result exceeds its threshold (`conforme` is 0); false when compliant or when
    /// there is no threshold.
    public var isNonCompliant: Bool { conforme == false }
}

/// Which samples a report uses (docs/spec "Where the data comes from"): the request's
/// `sample_ids`, else a project's samples, else all samples.
public struct SampleSelection: Sendable, Equatable, Hashable {
    public enum Kind: Sendable, Equatable, Hashable {
        /// These samples, in this order (duplicates are read once, at their first position).
        case ids([Int])
        /// The samples whose `project` equals this name exactly, by ascending id.
        case project(String)
        /// Every sample, by ascending id.
        case all
    }

    public var kind: Kind

    public init(_ kind: Kind) { self.kind = kind }

    /// These samples, in this order (duplicates are read once, at their first position).
    public static func ids(_ ids: [Int]) -> SampleSelection { SampleSelection(.ids(ids)) }

    /// The samples of the project named exactly `name`, by ascending id.
    public static func project(_ name: String) -> SampleSelection { SampleSelection(.project(name)) }

    /// Every sample, by ascending id.
    public static let all = SampleSelection(.all)
}
