// The demo site: a fictional former Pb–Zn mining and smelting valley in the Cévennes (Gard,
// France), with three projects. All coordinates lie within about 9 × 6 km.
//
// Story told by the data (what a geochemist should recognise in the demo reports):
// - Upstream, the Valat Nègre drains Cévennes micaschists: radiogenic Sr (87Sr/86Sr ≈ 0.715),
//   geogenic Pb (206Pb/204Pb ≈ 18.85, 208Pb/206Pb ≈ 2.071), sulfate δ34S ≈ +6 ‰.
// - The Pradal mine gallery discharges acid mine drainage (pH ≈ 3.4) carrying ore-type Pb
//   (206Pb/204Pb ≈ 18.42, 208Pb/206Pb ≈ 2.093, like the galena), carbonate-gangue Sr (≈ 0.7108),
//   sulfide-derived sulfate (δ34S ≈ +3 ‰) and As, Zn, Cd, Fe. Downstream, Fe(III) oxyhydroxides
//   precipitate, scavenging As and isotopically heavy Zn: dissolved δ66Zn turns negative and the
//   stream sediments turn heavy.
// - The Mas Rouge smelter (1890–1962) left a slag heap (heavy δ66Zn) and a halo of Pb–Zn–Cd in
//   soils, decreasing with distance and with depth (the soil profile F03 shows ore Pb at the top,
//   geogenic Pb at 60 cm).
// - Farm plots downstream received phosphate fertilizers: unradiogenic Sr (≈ 0.708), radiogenic Pb,
//   Cd in soils, nitrates above 50 mg/L in one piezometer.
// - In the railway industrial zone, a former degreasing workshop released TCE into the Jurassic
//   limestone aquifer: along the plume δ13C-TCE rises from −27.6 ‰ to −18.6 ‰ while cis-DCE and
//   vinyl chloride appear, Eh and O2 drop, sulfate is consumed and its δ34S rises (bacterial
//   sulfate reduction).

struct IsoNominal: Sendable {
    let system: IsoSystem
    let value: Double
    var note: String? = nil
    /// A literature value: no uncertainty, instrument or session was published with it.
    var historical: Bool = false
}

/// Concentrations of one layer: µg/L for waters, mg/kg dry weight for solids.
struct ChemLayer: Sendable {
    let depth: Double?
    let conc: [String: Double]
}

struct PhysicoLayer: Sendable {
    let depth: Double?
    let values: [String: Double]
}

/// A molecule's nominal value in its own unit; `nil` means not detected.
struct MoleculeNominal: Sendable {
    let key: String
    let value: Double?
}

struct SampleSpec: Sendable {
    let name: String
    let classification: String
    let materialType: String
    let matrix: String
    let sector: String
    let project: String
    let latitude: Double
    let longitude: Double
    let altitude: Double
    let date: String
    let collector: String
    let description: String
    /// Sampling depth (m below ground) of isotopes, molecules and single-layer measurements.
    var depth: Double? = nil
    var isotopes: [IsoNominal] = []
    var chem: [ChemLayer] = []
    var physico: [PhysicoLayer] = []
    var molecules: [MoleculeNominal] = []
    var laboratory: String? = nil

    var isWater: Bool { matrix == "water" }
}

enum Site {
    static let valley = "Vallée du Gardon — suivi 2026"
    static let smelter = "Friche de la fonderie du Mas Rouge — diagnostic des sols"
    static let plume = "ZI de la Gare — panache de solvants chlorés"

    static let upstream = "Amont — bassin de référence"
    static let mine = "Mine du Pradal et laverie"
    static let foundry = "Fonderie du Mas Rouge"
    static let village = "Aval — village et plaine alluviale"
    static let confluence = "Confluence du Gardon"
    static let farms = "Parcelles agricoles"
    static let plumeUpgradient = "ZI de la Gare — amont hydraulique"
    static let plumeSource = "ZI de la Gare — zone source"
    static let plumeDown = "ZI de la Gare — panache aval"

    static let valleyLab = "Laboratoire Hydro-Cévennes (Alès)"
    static let plumeLab = "Laboratoire Rhône-Garrigues Environnement (Nîmes)"

    // MARK: Pb isotope end-members

    static let orePb = (r206: 18.418, r208: 2.0926)
    static let geogenicPb = (r206: 18.845, r208: 2.0712)

    /// 206Pb/204Pb and 208Pb/206Pb of a mixture whose Pb comes for a fraction `x` from the ore.
    static func pb(oreFraction x: Double, note: String? = nil) -> [IsoNominal] {
        [
            IsoNominal(system: .pb206, value: x * orePb.r206 + (1 - x) * geogenicPb.r206, note: note),
            IsoNominal(system: .pb208, value: x * orePb.r208 + (1 - x) * geogenicPb.r208, note: note),
        ]
    }

    static func pb(_ r206: Double, _ r208: Double, historical: Bool = false, note: String? = nil) -> [IsoNominal] {
        [
            IsoNominal(system: .pb206, value: r206, note: note, historical: historical),
            IsoNominal(system: .pb208, value: r208, note: note, historical: historical),
        ]
    }

    static func iso(_ system: IsoSystem, _ value: Double, note: String? = nil) -> IsoNominal {
        IsoNominal(system: system, value: value, note: note)
    }

    // MARK: Water chemistry (µg/L)

    static let upstreamWater: [String: Double] = [
        "Pb": 0.4, "Zn": 12, "Cd": 0.008, "As": 2.1, "Cu": 0.9, "Sb": 0.3, "Fe": 85, "Mn": 14, "Sr": 45,
    ]
    static let mineDrainage: [String: Double] = [
        "Pb": 180, "Zn": 14_500, "Cd": 52, "As": 1850, "Cu": 95, "Sb": 45, "Fe": 68_000, "Mn": 2400, "Sr": 310,
    ]
    /// Share of each element still dissolved once the drainage has mixed with the stream and its
    /// Fe(III) oxyhydroxides have precipitated (As, Pb, Sb co-precipitate or adsorb).
    static let remainingAfterPrecipitation: [String: Double] = ["Pb": 0.4, "Fe": 0.15, "As": 0.2, "Sb": 0.5, "Cu": 0.7]

    /// Stream water with a volume fraction `level` of mine drainage.
    static func stream(level l: Double, upstreamScale: Double = 1, drainageScale: Double = 1)
        -> (conc: [String: Double], pbOre: Double)
    {
        var conc: [String: Double] = [:]
        for e in Elements.water {
            let bg = upstreamWater[e]! * upstreamScale * (1 - l)
            let amd = mineDrainage[e]! * drainageScale * l * (remainingAfterPrecipitation[e] ?? 1)
            conc[e] = bg + amd
        }
        let pbBg = upstreamWater["Pb"]! * upstreamScale * (1 - l)
        let pbAmd = mineDrainage["Pb"]! * drainageScale * l * remainingAfterPrecipitation["Pb"]!
        return (conc, pbAmd / (pbBg + pbAmd))
    }

    static func drainage(scale: Double) -> [String: Double] {
        mineDrainage.mapValues { $0 * scale }
    }

    /// Alluvial groundwater fed by the stream: Pb mostly retained by the aquifer, Fe and Mn
    /// mobilised under suboxic conditions, more Sr from water–rock interaction.
    static func alluvial(level l: Double, fe: Double, mn: Double) -> (conc: [String: Double], pbOre: Double) {
        var (conc, pbOre) = stream(level: l)
        conc["Pb"] = conc["Pb"]! * 0.3
        conc["As"] = conc["As"]! * 0.6
        conc["Fe"] = fe
        conc["Mn"] = mn
        conc["Sr"] = 130
        return (conc, pbOre)
    }

    /// Jurassic limestone groundwater; `reduction` from 0 (oxic) to 1 (strongly reducing).
    static func limestone(reduction r: Double) -> [String: Double] {
        [
            "Pb": 0.3, "Zn": 9, "Cd": 0.006, "As": 1.2 + 4.5 * r, "Cu": 1.2 * (1 - 0.7 * r), "Sb": 0.15,
            "Fe": 30 + 1400 * r, "Mn": 8 + 520 * r, "Sr": 420 + 60 * r,
        ]
    }

    // MARK: Solid chemistry (mg/kg dry weight)

    static let backgroundSoil: [String: Double] = [
        "Pb": 42, "Zn": 95, "Cd": 0.3, "As": 22, "Cu": 24, "Sb": 1.8, "Fe": 32_000, "Mn": 650,
    ]
    static let smelterFallout: [String: Double] = [
        "Pb": 9000, "Zn": 12_000, "Cd": 60, "As": 450, "Cu": 380, "Sb": 120, "Fe": 45_000, "Mn": 900,
    ]
    static let backgroundSediment: [String: Double] = [
        "Pb": 38, "Zn": 110, "Cd": 0.25, "As": 28, "Cu": 22, "Sb": 1.5, "Fe": 36_000, "Mn": 780,
    ]
    static let mineWaste: [String: Double] = [
        "Pb": 6500, "Zn": 9800, "Cd": 38, "As": 2400, "Cu": 210, "Sb": 85, "Fe": 120_000, "Mn": 1400,
    ]

    /// Mixture of a background solid and a contaminant with mass fraction `level`; `pbOre` is the
    /// share of Pb coming from the contaminant (which carries ore-type Pb).
    static func solid(_ background: [String: Double], _ contaminant: [String: Double], level l: Double)
        -> (conc: [String: Double], pbOre: Double)
    {
        var conc: [String: Double] = [:]
        for e in Elements.solid { conc[e] = background[e]! * (1 - l) + contaminant[e]! * l }
        let pbC = contaminant["Pb"]! * l
        return (conc, pbC / (pbC + background["Pb"]! * (1 - l)))
    }

    static let galena: [String: Double] = [
        "Pb": 620_000, "Zn": 31_000, "Cd": 180, "As": 250, "Cu": 420, "Sb": 900, "Fe": 12_000, "Mn": 150,
    ]
    static let sphalerite: [String: Double] = [
        "Pb": 18_000, "Zn": 480_000, "Cd": 3200, "As": 120, "Cu": 650, "Sb": 60, "Fe": 35_000, "Mn": 300,
    ]
    static let arsenianPyrite: [String: Double] = [
        "Pb": 3500, "Zn": 9000, "Cd": 25, "As": 8500, "Cu": 180, "Sb": 45, "Fe": 380_000, "Mn": 90,
    ]
    static let tailings: [String: Double] = [
        "Pb": 14_000, "Zn": 22_000, "Cd": 85, "As": 3600, "Cu": 150, "Sb": 70, "Fe": 95_000, "Mn": 850,
    ]
    static let slag: [String: Double] = [
        "Pb": 28_000, "Zn": 95_000, "Cd": 45, "As": 380, "Cu": 2100, "Sb": 520, "Fe": 240_000, "Mn": 2800,
    ]
    static let npk: [String: Double] = [
        "Pb": 4, "Zn": 180, "Cd": 6.5, "As": 5, "Cu": 12, "Sb": 0.4, "Fe": 3800, "Mn": 95,
    ]
    static let superphosphate: [String: Double] = [
        "Pb": 12, "Zn": 420, "Cd": 28, "As": 11, "Cu": 28, "Sb": 0.6, "Fe": 9500, "Mn": 210,
    ]

    // MARK: Physico-chemistry

    static func physico(_ pH: Double, _ eh: Double, _ t: Double, _ cond: Double, _ o2: Double) -> [String: Double] {
        ["pH": pH, "Eh_mV": eh, "temperature_c": t, "conductivity": cond, "dissolved_oxygen": o2]
    }

    /// A vertical profile measured with a probe lowered in a piezometer.
    static func profile(depths: [Double], top: [String: Double], bottom: [String: Double]) -> [PhysicoLayer] {
        let n = Double(depths.count - 1)
        return depths.enumerated().map { i, depth in
            // Redox-sensitive parameters change fastest near the top of the saturated zone.
            let t = Double(i) / n
            let curved = 1 - (1 - t) * (1 - t)
            var values: [String: Double] = [:]
            for p in Physico.parameters {
                let share = (p == "Eh_mV" || p == "dissolved_oxygen") ? curved : t
                values[p] = top[p]! + (bottom[p]! - top[p]!) * share
            }
            return PhysicoLayer(depth: depth, values: values)
        }
    }

    // MARK: Molecules

    static func valleyMolecules(_ conc: [String: Double], no3: Double?, so4: Double, cl: Double) -> [MoleculeNominal] {
        [
            MoleculeNominal(key: "NO3", value: no3),
            MoleculeNominal(key: "SO4", value: so4),
            MoleculeNominal(key: "Cl", value: cl),
            MoleculeNominal(key: "As", value: conc["As"]),
            MoleculeNominal(key: "Pb", value: conc["Pb"]),
            MoleculeNominal(key: "Cd", value: conc["Cd"]),
            MoleculeNominal(key: "Sb", value: conc["Sb"]),
        ]
    }

    static func plumeMolecules(tce: Double?, pce: Double?, dce: Double?, vc: Double?, no3: Double?, so4: Double,
                               cl: Double, nh4: Double?, pfos: Double?, pfoa: Double?) -> [MoleculeNominal] {
        [
            MoleculeNominal(key: "TCE", value: tce),
            MoleculeNominal(key: "PCE", value: pce),
            MoleculeNominal(key: "DCE", value: dce),
            MoleculeNominal(key: "VC", value: vc),
            MoleculeNominal(key: "PFOS", value: pfos),
            MoleculeNominal(key: "PFOA", value: pfoa),
            MoleculeNominal(key: "NO3", value: no3),
            MoleculeNominal(key: "NH4", value: nh4),
            MoleculeNominal(key: "SO4", value: so4),
            MoleculeNominal(key: "Cl", value: cl),
        ]
    }
}
