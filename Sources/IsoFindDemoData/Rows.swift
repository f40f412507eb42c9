// Rows of the demo databases, one struct per table, in column order.

struct SampleRow: Sendable, Equatable {
    let id: Int64
    let name: String
    let classification: String
    let materialType: String
    let matrix: String
    let sector: String
    let project: String
    let latitude: Double
    let longitude: Double
    let altitudeM: Double
    let collectionDate: String
    let collector: String
    let description: String
}

struct IsotopeRow: Sendable, Equatable {
    let id: Int64
    let sampleId: Int64
    let isoSystem: IsoSystem
    let ratio: Double?
    let ratio2SE: Double?
    let deltaValue: Double?
    let delta2SD: Double?
    let instrument: String?
    let sessionDate: String?
    let depthM: Double?
    let notes: String?

    var element: String { isoSystem.element }
    var system: String { isoSystem.system }
    var deltaNotation: String? { isoSystem.deltaNotation }
    var standard: String { isoSystem.standard }
    /// The measured signature (ratio or δ) and its expanded uncertainty.
    var value: Double { ratio ?? deltaValue ?? .nan }
    var uncertainty: Double? { isoSystem.isRatio ? ratio2SE : delta2SD }
}

struct GeochemRow: Sendable, Equatable {
    let id: Int64
    let sampleId: Int64
    let element: String
    let displayValue: Double?
    let displayUnit: String
    let valueNormalized: Double?
    let displayUncertainty: Double?
    let method: String
    let lod: Double
    let loq: Double
    let depthM: Double?
}

struct PhysicoRow: Sendable, Equatable {
    let id: Int64
    let sampleId: Int64
    let parameter: String
    let value: Double
    let uncertainty: Double
    let method: String
    let measuredAt: String
    let depthM: Double?
}

struct MoleculeRow: Sendable, Equatable {
    let id: Int64
    let sampleId: Int64
    let nom: String
    let cas: String
    let famille: String
    let valeur: Double?
    let unite: String
    let valeurUgL: Double?
    let incertitude: Double?
    let lod: Double
    let loq: Double
    let detecte: Int
    let methode: String
    let laboratoire: String?
    let dateAnalyse: String
    let matrice: String
    let conforme: Int?
    let seuilRef: Double?
    let seuilRefUnit: String?
    let depthM: Double?
    /// Key in `Molecules.byKey` (not stored).
    let key: String
}

struct SessionRow: Sendable, Equatable {
    let id: Int64
    let name: String
    let sampleId: Int64
    let sampleName: String
    let element: String
    let createdAt: String
    let resultJSON: String
}
