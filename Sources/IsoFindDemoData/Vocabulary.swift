// Controlled vocabulary of the demo data: isotope systems, elements, molecules, physico-chemical
// parameters. Everything a geochemist reads in a demo report starts here.

/// The isotope systems of the demo site.
enum IsoSystem: Int, CaseIterable, Sendable {
    case sr87, pb206, pb208, c13DIC, c13TCE, s34, zn66

    var element: String {
        switch self {
        case .sr87: "Sr"
        case .pb206, .pb208: "Pb"
        case .c13DIC, .c13TCE: "C"
        case .s34: "S"
        case .zn66: "Zn"
        }
    }

    /// The `system` column: the ratio measured.
    var system: String {
        switch self {
        case .sr87: "87Sr/86Sr"
        case .pb206: "206Pb/204Pb"
        case .pb208: "208Pb/206Pb"
        case .c13DIC: "13C/12C"
        // δ13C of a contaminant (CSIA) is not comparable with δ13C of DIC: its own system.
        case .c13TCE: "13C/12C (TCE)"
        case .s34: "34S/32S"
        case .zn66: "66Zn/64Zn"
        }
    }

    /// Radiogenic systems are reported as ratios ± 2SE; stable systems as δ ± 2SD.
    var isRatio: Bool {
        switch self {
        case .sr87, .pb206, .pb208: true
        default: false
        }
    }

    var deltaNotation: String? {
        switch self {
        case .sr87, .pb206, .pb208: nil
        case .c13DIC: "δ13C"
        case .c13TCE: "δ13C-TCE"
        case .s34: "δ34S"
        case .zn66: "δ66Zn"
        }
    }

    var standard: String {
        switch self {
        case .sr87: "NIST SRM 987"
        case .pb206, .pb208: "NBS 981"
        case .c13DIC, .c13TCE: "VPDB (IAEA-603)"
        case .s34: "V-CDT (IAEA-S-1)"
        case .zn66: "JMC-Lyon"
        }
    }

    var instrument: String {
        switch self {
        case .sr87: "TIMS Thermo Triton Plus"
        case .pb206, .pb208, .zn66: "MC-ICP-MS Thermo Neptune Plus"
        case .c13DIC: "IRMS Thermo Delta V Plus + GasBench II"
        case .c13TCE: "GC-C-IRMS Thermo Delta V Plus (Trace 1310 GC)"
        case .s34: "EA-IRMS Thermo Delta V Plus (Flash 2000)"
        }
    }

    /// Typical expanded uncertainty (2SE for ratios, 2SD for δ).
    var typicalUncertainty: Double {
        switch self {
        case .sr87: 0.000009
        case .pb206: 0.0016
        case .pb208: 0.00012
        case .c13DIC: 0.10
        case .c13TCE: 0.50
        case .s34: 0.30
        case .zn66: 0.05
        }
    }

    /// Natural (between-sample) variability added to a catalogue value before the analytical
    /// noise, so that values do not betray the round numbers of the catalogue.
    var naturalVariability: Double {
        switch self {
        case .sr87: 0.00002
        case .pb206: 0.003
        case .pb208: 0.00015
        case .c13DIC: 0.2
        case .c13TCE: 0.15
        case .s34: 0.2
        case .zn66: 0.02
        }
    }

    var decimals: Int {
        switch self {
        case .sr87: 6
        case .pb206: 4
        case .pb208: 5
        default: 2
        }
    }

    /// Unit of a signature in a Nexus result.
    var unit: String {
        switch self {
        case .sr87, .pb206, .pb208: "ratio"
        case .c13DIC, .c13TCE: "‰ VPDB"
        case .s34: "‰ V-CDT"
        case .zn66: "‰ JMC-Lyon"
        }
    }

    /// Analytical sessions of the laboratory for this system (a measurement goes to the first
    /// session at least `minimumDelay` days after its sample was collected).
    var sessionDates: [String] {
        switch self {
        case .sr87: ["2025-11-20", "2026-03-31", "2026-05-26", "2026-06-16", "2026-10-13"]
        case .pb206, .pb208: ["2025-11-27", "2026-04-07", "2026-06-09", "2026-06-30", "2026-10-20"]
        case .c13DIC: ["2026-04-28", "2026-09-22"]
        case .c13TCE: ["2025-10-30", "2026-04-29"]
        case .s34: ["2025-11-25", "2026-03-24", "2026-05-12", "2026-09-29"]
        case .zn66: ["2026-03-17", "2026-06-23", "2026-10-06"]
        }
    }

    var minimumDelay: Int { self == .c13TCE ? 5 : 7 }

    func sessionDate(after collection: String) -> String {
        let earliest = addingDays(collection, minimumDelay)
        return sessionDates.first { $0 >= earliest } ?? sessionDates[sessionDates.count - 1]
    }

    func defaultNote(matrix: String) -> String {
        let water = matrix == "water"
        switch self {
        case .sr87:
            switch matrix {
            case "water": return "Sr dissous (filtré 0,45 µm), purification Sr-Spec"
            case "ore": return "Gangue carbonatée (calcite–dolomite), purification Sr-Spec"
            case "slag": return "Scorie broyée, attaque totale HF–HNO3"
            case "fertilizer": return "Mise en solution HNO3 2 M, purification Sr-Spec"
            default: return "Attaque totale HF–HNO3, purification Sr-Spec"
            }
        case .pb206, .pb208:
            return water ? "Pb dissous, biais de masse corrigé par Tl (NIST SRM 997)"
                         : "Attaque totale, biais de masse corrigé par Tl (NIST SRM 997)"
        case .c13DIC: return "CID (carbone inorganique dissous), acidification H3PO4"
        case .c13TCE: return "CSIA du trichloroéthylène (purge & trap)"
        case .s34:
            switch matrix {
            case "water": return "Sulfate dissous précipité en BaSO4"
            case "ore": return "Sulfure micro-prélevé sous loupe binoculaire"
            case "fertilizer": return "Sulfate de l'engrais précipité en BaSO4"
            default: return "Soufre total"
            }
        case .zn66:
            return water ? "Zn dissous, double spike 64Zn–67Zn" : "Attaque totale, double spike 64Zn–67Zn"
        }
    }
}

/// Elements of the geochemistry table, in display order.
enum Elements {
    static let water = ["Pb", "Zn", "Cd", "As", "Cu", "Sb", "Fe", "Mn", "Sr"]
    static let solid = ["Pb", "Zn", "Cd", "As", "Cu", "Sb", "Fe", "Mn"]

    /// LOD and LOQ in µg/L (waters).
    static let waterLimits: [String: (lod: Double, loq: Double)] = [
        "Pb": (0.05, 0.15), "Zn": (0.5, 1.5), "Cd": (0.01, 0.03), "As": (0.1, 0.3), "Cu": (0.1, 0.3),
        "Sb": (0.05, 0.15), "Fe": (5, 15), "Mn": (0.5, 1.5), "Sr": (0.5, 1.5),
    ]
    /// LOD and LOQ in mg/kg dry weight (solids).
    static let solidLimits: [String: (lod: Double, loq: Double)] = [
        "Pb": (1, 3), "Zn": (2, 6), "Cd": (0.1, 0.3), "As": (1, 3), "Cu": (1, 3),
        "Sb": (0.5, 1.5), "Fe": (20, 60), "Mn": (2, 6),
    ]

    static func waterMethod(_ element: String) -> String {
        element == "Fe" ? "ICP-OES (NF EN ISO 11885)" : "ICP-MS (NF EN ISO 17294-2)"
    }

    static func solidMethod(_ element: String, matrix: String) -> String {
        if matrix == "ore" || matrix == "slag" {
            return ["Pb", "Zn", "Fe", "Cu", "Mn"].contains(element)
                ? "ICP-OES après fusion au peroxyde de sodium"
                : "ICP-MS après fusion au peroxyde de sodium"
        }
        return ["Cd", "As", "Sb"].contains(element)
            ? "ICP-MS après minéralisation à l'eau régale (NF EN 16174)"
            : "ICP-OES après minéralisation à l'eau régale (NF EN 16174)"
    }
}

/// Physico-chemical parameters, in display order. Units: pH unitless, Eh in mV vs SHE,
/// temperature in °C, conductivity in µS/cm at 25 °C, dissolved oxygen in mg/L.
enum Physico {
    static let parameters = ["pH", "Eh_mV", "temperature_c", "conductivity", "dissolved_oxygen"]

    static func method(_ parameter: String) -> String {
        switch parameter {
        case "Eh_mV": "Électrode Pt / Ag-AgCl, valeur corrigée ESH"
        case "dissolved_oxygen": "Sonde optique à luminescence (NF EN ISO 17289)"
        default: "Sonde multiparamètre WTW Multi 3630 IDS, in situ"
        }
    }
}

/// Dissolved molecules and ions (the `sample_molecules` table).
struct MoleculeDef: Sendable {
    let key: String
    let nom: String
    let cas: String
    let famille: String
    let unite: String
    let lod: Double
    let loq: Double
    /// Relative expanded uncertainty (k = 2).
    let relativeUncertainty: Double
    let methode: String
    /// Threshold for groundwater (French / EU drinking-water quality limits).
    let groundwaterThreshold: Double?
    /// Threshold for surface water (French environmental quality standards, NQE-MA), if any.
    let surfaceThreshold: Double?

    var toMicrogramsPerLitre: Double { unite == "mg/L" ? 1000 : 1 }
}

enum Molecules {
    static let ions = "NF EN ISO 10304-1 (chromatographie ionique)"
    static let metals = "NF EN ISO 17294-2 (ICP-MS)"
    static let voc = "NF EN ISO 10301 (espace de tête, GC-MS)"
    static let pfas = "SPE + LC-MS/MS (ISO 21675)"
    static let etm = "Éléments traces métalliques"
    static let cohv = "COHV (solvants chlorés)"

    static let all: [MoleculeDef] = [
        MoleculeDef(key: "TCE", nom: "Trichloroéthylène (TCE)", cas: "79-01-6", famille: cohv, unite: "µg/L",
                    lod: 0.1, loq: 0.5, relativeUncertainty: 0.20, methode: voc,
                    groundwaterThreshold: 10, surfaceThreshold: 10),
        MoleculeDef(key: "PCE", nom: "Tétrachloroéthylène (PCE)", cas: "127-18-4", famille: cohv, unite: "µg/L",
                    lod: 0.1, loq: 0.5, relativeUncertainty: 0.20, methode: voc,
                    groundwaterThreshold: 10, surfaceThreshold: 10),
        MoleculeDef(key: "DCE", nom: "cis-1,2-Dichloroéthylène (cis-DCE)", cas: "156-59-2", famille: cohv, unite: "µg/L",
                    lod: 0.1, loq: 0.5, relativeUncertainty: 0.20, methode: voc,
                    groundwaterThreshold: nil, surfaceThreshold: nil),
        MoleculeDef(key: "VC", nom: "Chlorure de vinyle (CV)", cas: "75-01-4", famille: cohv, unite: "µg/L",
                    lod: 0.05, loq: 0.2, relativeUncertainty: 0.25, methode: voc,
                    groundwaterThreshold: 0.5, surfaceThreshold: nil),
        MoleculeDef(key: "PFOS", nom: "Acide perfluorooctanesulfonique (PFOS)", cas: "1763-23-1", famille: "PFAS",
                    unite: "µg/L", lod: 0.001, loq: 0.003, relativeUncertainty: 0.25, methode: pfas,
                    groundwaterThreshold: 0.1, surfaceThreshold: nil),
        MoleculeDef(key: "PFOA", nom: "Acide perfluorooctanoïque (PFOA)", cas: "335-67-1", famille: "PFAS",
                    unite: "µg/L", lod: 0.001, loq: 0.003, relativeUncertainty: 0.25, methode: pfas,
                    groundwaterThreshold: 0.1, surfaceThreshold: nil),
        MoleculeDef(key: "NO3", nom: "Nitrates", cas: "14797-55-8", famille: "Nutriments", unite: "mg/L",
                    lod: 0.5, loq: 1.0, relativeUncertainty: 0.10, methode: ions,
                    groundwaterThreshold: 50, surfaceThreshold: 50),
        MoleculeDef(key: "NH4", nom: "Ammonium", cas: "14798-03-9", famille: "Nutriments", unite: "mg/L",
                    lod: 0.02, loq: 0.05, relativeUncertainty: 0.15, methode: "NF T90-015-2 (spectrophotométrie)",
                    groundwaterThreshold: 0.1, surfaceThreshold: nil),
        MoleculeDef(key: "SO4", nom: "Sulfates", cas: "14808-79-8", famille: "Ions majeurs", unite: "mg/L",
                    lod: 1, loq: 2, relativeUncertainty: 0.10, methode: ions,
                    groundwaterThreshold: 250, surfaceThreshold: nil),
        MoleculeDef(key: "Cl", nom: "Chlorures", cas: "16887-00-6", famille: "Ions majeurs", unite: "mg/L",
                    lod: 1, loq: 2, relativeUncertainty: 0.10, methode: ions,
                    groundwaterThreshold: 250, surfaceThreshold: nil),
        MoleculeDef(key: "As", nom: "Arsenic", cas: "7440-38-2", famille: etm, unite: "µg/L",
                    lod: 0.2, loq: 0.5, relativeUncertainty: 0.15, methode: metals,
                    groundwaterThreshold: 10, surfaceThreshold: 0.83),
        MoleculeDef(key: "Pb", nom: "Plomb", cas: "7439-92-1", famille: etm, unite: "µg/L",
                    lod: 0.1, loq: 0.5, relativeUncertainty: 0.15, methode: metals,
                    groundwaterThreshold: 10, surfaceThreshold: 1.2),
        MoleculeDef(key: "Cd", nom: "Cadmium", cas: "7440-43-9", famille: etm, unite: "µg/L",
                    lod: 0.02, loq: 0.05, relativeUncertainty: 0.15, methode: metals,
                    groundwaterThreshold: 5, surfaceThreshold: 0.25),
        MoleculeDef(key: "Sb", nom: "Antimoine", cas: "7440-36-0", famille: etm, unite: "µg/L",
                    lod: 0.1, loq: 0.5, relativeUncertainty: 0.15, methode: metals,
                    groundwaterThreshold: 10, surfaceThreshold: nil),
    ]

    static let byKey: [String: MoleculeDef] = Dictionary(uniqueKeysWithValues: all.map { ($0.key, $0) })
}
