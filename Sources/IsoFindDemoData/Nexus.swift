import Foundation

/// The `nexus_result` JSON shape (domain.md, "Request dicts").
struct NexusResult: Codable, Sendable, Equatable {
    struct Initial: Codable, Sendable, Equatable {
        let value: Double
        let uncertainty: Double
        let unit: String
        let sample: String
    }

    struct Process: Codable, Sendable, Equatable {
        let name: String
        let category: String
        let epsilon: Double
        let uncertainty: Double
        let model: String
        let fraction: Double
        let reference: String
    }

    struct Predicted: Codable, Sendable, Equatable {
        let value: Double
        let uncertainty: Double
    }

    struct MassBalance: Codable, Sendable, Equatable {
        let verified: Bool
        let residual: Double
    }

    struct Match: Codable, Sendable, Equatable {
        let reference: String
        let score: Double
        let matchClass: String
        let distance: Double

        enum CodingKeys: String, CodingKey {
            case reference, score, distance
            case matchClass = "class"
        }
    }

    let element: String
    let system: String
    let initial: Initial
    let processes: [Process]
    let predicted: Predicted
    let massBalance: MassBalance
    let matches: [Match]

    enum CodingKeys: String, CodingKey {
        case element, system, initial, processes, predicted, matches
        case massBalance = "mass_balance"
    }
}

/// Process models. Every uncertainty in a Nexus result is expanded (2σ), like the 2SE/2SD of the
/// samples database, and has the unit of the signature.
enum NexusModel {
    /// δ = δ0 + ε·ln f, with f the remaining fraction of the reactant.
    static let rayleigh = "Rayleigh (δ = δ0 + ε·ln f)"
    /// R = R0 + f·ε, with ε = R(end-member) − R0 the contrast and f the end-member's share of the element.
    static let mixing = "Mélange binaire (R = R0 + f·ε, ε = R pôle − R0)"
    /// A process that moves or dilutes the element without changing its isotope composition.
    static let neutral = "Non fractionnant (ε = 0)"
}

enum NexusCatalogue {
    enum Kind: Sendable {
        case rayleigh(epsilon: Double, uncertainty: Double)
        /// Mixing with the measured signature of an end-member sample.
        case mixing(endMember: String)
        case neutral
    }

    enum Fraction: Sendable {
        case fixed(Double)
        /// The mixing share that brings the signature onto the target sample's (an inversion).
        case toTarget
        /// Remaining fraction of a dissolved species, from its concentrations in two samples.
        case remaining(molecule: String, from: String, to: String)
    }

    struct ProcessSpec: Sendable {
        let name: String
        let category: String
        let kind: Kind
        let fraction: Fraction
        let reference: String
    }

    struct SessionSpec: Sendable {
        let id: Int64
        let name: String
        let createdAt: String
        let sample: String
        let system: IsoSystem
        let processes: [ProcessSpec]
        /// The sample whose measured signature checks the prediction (mass balance).
        let target: String
        /// Candidate references compared with the prediction.
        let candidates: [String]
    }

    static let slater2001 = "Slater et al. (2001), Environ. Sci. Technol. 35:901–907"
    static let jeannottat2012 = "Jeannottat & Hunkeler (2012), Environ. Sci. Technol. 46:3169–3176"
    static let abe2006 = "Abe & Hunkeler (2006), Environ. Sci. Technol. 40:1588–1596"
    static let detmers2001 = "Detmers et al. (2001), Appl. Environ. Microbiol. 67:888–894"
    static let clark1997 = "Clark & Fritz (1997), Environmental Isotopes in Hydrogeology, Lewis Publishers"
    static let faure2005 = "Faure & Mensing (2005), Isotopes: Principles and Applications, 3rd ed., Wiley"
    static let capo1998 = "Capo et al. (1998), Geoderma 82:197–225"
    static let juillot2008 = "Juillot et al. (2008), Geochim. Cosmochim. Acta 72:4886–4900"
    static let balistrieri2008 = "Balistrieri et al. (2008), Geochim. Cosmochim. Acta 72:311–328"
    static let komarek2008 = "Komárek et al. (2008), Environ. Int. 34:562–577"
    static let hudsonEdwards2003 = "Hudson-Edwards (2003), Mineral. Mag. 67:205–217"
    static let doctor2008 = "Doctor et al. (2008), Hydrol. Process. 22:2410–2423"
    static let finlay2003 = "Finlay (2003), Biogeochemistry 62:231–252"

    static let specs: [SessionSpec] = [
        SessionSpec(
            id: 1, name: "TCE — déchloration réductrice de la zone source vers P06",
            createdAt: "2026-05-06T14:22:05Z", sample: "GW-P01-2026-04", system: .c13TCE,
            processes: [
                ProcessSpec(name: "Déchloration réductrice biotique (TCE → cis-DCE)", category: "biodégradation",
                            kind: .rayleigh(epsilon: -13.0, uncertainty: 1.5), fraction: .fixed(0.55),
                            reference: slater2001),
                ProcessSpec(name: "Volatilisation vers la zone non saturée", category: "transfert de phase",
                            kind: .rayleigh(epsilon: -0.3, uncertainty: 0.2), fraction: .fixed(0.95),
                            reference: jeannottat2012),
                ProcessSpec(name: "Dilution et dispersion hydrodynamique", category: "physique",
                            kind: .neutral, fraction: .fixed(0.35), reference: abe2006),
            ],
            target: "GW-P06-2026-04",
            candidates: ["GW-P06-2026-04", "GW-P05-2026-04", "GW-P07-2026-04", "GW-P04-2026-04"]),
        SessionSpec(
            id: 2, name: "TCE — campagne d'octobre 2025, zone source vers P03",
            createdAt: "2025-11-18T09:05:41Z", sample: "GW-P01-2025-10", system: .c13TCE,
            processes: [
                ProcessSpec(name: "Déchloration réductrice biotique (TCE → cis-DCE)", category: "biodégradation",
                            kind: .rayleigh(epsilon: -13.0, uncertainty: 1.5), fraction: .fixed(0.82),
                            reference: slater2001),
                ProcessSpec(name: "Dilution et dispersion hydrodynamique", category: "physique",
                            kind: .neutral, fraction: .fixed(0.60), reference: abe2006),
            ],
            target: "GW-P03-2025-10",
            candidates: ["GW-P03-2025-10", "GW-P03-2026-04", "GW-P06-2025-10", "GW-P08-2026-04"]),
        SessionSpec(
            id: 3, name: "Sulfates — réduction bactérienne dans le panache (P01 → P06)",
            createdAt: "2026-06-02T10:47:12Z", sample: "GW-P01-2026-04", system: .s34,
            processes: [
                ProcessSpec(name: "Réduction bactérienne des sulfates (BSR)", category: "biodégradation",
                            kind: .rayleigh(epsilon: -18.0, uncertainty: 4.0),
                            fraction: .remaining(molecule: "SO4", from: "GW-P01-2026-04", to: "GW-P06-2026-04"),
                            reference: detmers2001),
                ProcessSpec(name: "Dilution par la recharge", category: "physique",
                            kind: .neutral, fraction: .fixed(0.85), reference: clark1997),
            ],
            target: "GW-P06-2026-04",
            candidates: ["GW-P06-2026-04", "GW-P05-2026-04", "GW-P07-2026-04", "GW-P06-2025-10"]),
        SessionSpec(
            id: 4, name: "Sr — mélange des eaux amont et du drainage minier (S01 → S04)",
            createdAt: "2026-05-20T16:03:30Z", sample: "SW-S01-2026-04", system: .sr87,
            processes: [
                ProcessSpec(name: "Mélange avec le drainage minier de la galerie du Pradal", category: "mélange",
                            kind: .mixing(endMember: "SW-DM1-2026-04"), fraction: .toTarget, reference: faure2005),
                ProcessSpec(name: "Échange cationique sur les argiles du lit", category: "sorption",
                            kind: .neutral, fraction: .fixed(0.90), reference: capo1998),
            ],
            target: "SW-S04-2026-04",
            candidates: ["SW-S04-2026-04", "SW-S03-2026-04", "SW-S05-2026-04", "SW-S02-2026-04", "GW-P10-2026-04"]),
        SessionSpec(
            id: 5, name: "Zn — adsorption sur oxyhydroxydes de fer à l'aval de la galerie",
            createdAt: "2026-07-09T08:31:56Z", sample: "SW-DM1-2026-04", system: .zn66,
            processes: [
                ProcessSpec(name: "Dilution par les eaux amont du Valat Nègre", category: "mélange",
                            kind: .mixing(endMember: "SW-S01-2026-04"), fraction: .fixed(0.05),
                            reference: balistrieri2008),
                ProcessSpec(name: "Adsorption de Zn sur oxyhydroxydes de Fe(III) (ferrihydrite)", category: "sorption",
                            kind: .rayleigh(epsilon: 0.53, uncertainty: 0.07), fraction: .fixed(0.50),
                            reference: juillot2008),
            ],
            target: "SW-S02-2026-04",
            candidates: ["SW-S02-2026-04", "SW-S03-2026-04", "SW-S04-2026-04", "SW-S04-2026-09", "GW-P10-2026-04"]),
        SessionSpec(
            id: 6, name: "Pb — empreinte de la fonderie dans les sols distaux (206Pb/204Pb)",
            createdAt: "2026-04-28T11:15:09Z", sample: "SLG-C01-2026-03", system: .pb206,
            processes: [
                ProcessSpec(name: "Émission atmosphérique et retombées de poussières", category: "transport",
                            kind: .neutral, fraction: .fixed(1.0), reference: komarek2008),
                ProcessSpec(name: "Mélange avec le Pb géogénique du sol", category: "mélange",
                            kind: .mixing(endMember: "SOL-REF-01-2026-03"), fraction: .toTarget, reference: faure2005),
            ],
            target: "SOL-F07-2026-03",
            candidates: ["SOL-F07-2026-03", "SOL-F03-H2-2026-03", "SOL-F06-2026-03", "SOL-F04-2026-03", "SOL-AG1-2026-03"]),
        SessionSpec(
            id: 7, name: "Pb — apports miniers dans les sédiments du Valat Nègre (208Pb/206Pb)",
            createdAt: "2026-08-21T13:40:27Z", sample: "ORE-GAL-01", system: .pb208,
            processes: [
                ProcessSpec(name: "Érosion des haldes et transport particulaire", category: "transport",
                            kind: .neutral, fraction: .fixed(1.0), reference: hudsonEdwards2003),
                ProcessSpec(name: "Mélange avec les sédiments du bassin amont", category: "mélange",
                            kind: .mixing(endMember: "SED-S01-2026-05"), fraction: .toTarget, reference: komarek2008),
            ],
            target: "SED-S05-2026-05",
            candidates: ["SED-S05-2026-05", "SED-S04-2026-05", "SED-C01-2026-05", "SED-S02-2026-05", "SED-S01-2026-05"]),
        SessionSpec(
            id: 8, name: "CID — dégazage du CO2 à l'exfiltration de la nappe alluviale (P11 → S04)",
            createdAt: "2026-09-30T07:58:44Z", sample: "GW-P11-2026-04", system: .c13DIC,
            processes: [
                ProcessSpec(name: "Dégazage du CO2 vers l'atmosphère", category: "dégazage",
                            kind: .rayleigh(epsilon: -8.5, uncertainty: 1.0), fraction: .fixed(0.72),
                            reference: doctor2008),
                ProcessSpec(name: "Photosynthèse aquatique (périphyton)", category: "biologique",
                            kind: .rayleigh(epsilon: -20.0, uncertainty: 3.0), fraction: .fixed(0.95),
                            reference: finlay2003),
            ],
            target: "SW-S04-2026-04",
            candidates: ["SW-S04-2026-04", "SW-S05-2026-04", "SW-S03-2026-04", "SW-S02-2026-04"]),
    ]

    static func sessions(for data: DemoDataset) -> [SessionRow] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return specs.map { spec in
            let result = compute(spec, data)
            let json = String(decoding: try! encoder.encode(result), as: UTF8.self)
            let sample = data.sample(named: spec.sample)!
            return SessionRow(id: spec.id, name: spec.name, sampleId: sample.id, sampleName: sample.name,
                              element: spec.system.element, createdAt: spec.createdAt, resultJSON: json)
        }
    }

    /// Measured signature and expanded uncertainty of a sample (the typical uncertainty when none
    /// was published).
    static func signature(_ sample: String, _ system: IsoSystem, _ data: DemoDataset) -> (value: Double, u: Double) {
        guard let row = data.isotope(sample, system) else {
            preconditionFailure("demo catalogue: \(sample) has no \(system.system) measurement")
        }
        return (row.value, row.uncertainty ?? system.typicalUncertainty)
    }

    static func compute(_ spec: SessionSpec, _ data: DemoDataset) -> NexusResult {
        let system = spec.system
        let decimals = system.decimals
        let initial = signature(spec.sample, system, data)
        let target = signature(spec.target, system, data)
        var current = initial.value
        var variance = initial.u * initial.u
        var processes: [NexusResult.Process] = []

        for process in spec.processes {
            let epsilon: Double
            let uncertainty: Double
            let model: String
            switch process.kind {
            case let .rayleigh(e, u):
                (epsilon, uncertainty, model) = (e, u, NexusModel.rayleigh)
            case let .mixing(endMember):
                let pole = signature(endMember, system, data)
                epsilon = rounded(pole.value - current, decimals: decimals)
                uncertainty = rounded((pole.u * pole.u + initial.u * initial.u).squareRoot(), decimals: decimals)
                model = NexusModel.mixing
            case .neutral:
                (epsilon, uncertainty, model) = (0, 0, NexusModel.neutral)
            }

            let fraction: Double
            switch process.fraction {
            case let .fixed(f):
                fraction = f
            case .toTarget:
                fraction = epsilon == 0 ? 0 : min(max(rounded((target.value - current) / epsilon, decimals: 3), 0), 1)
            case let .remaining(key, from, to):
                let a = data.molecule(from, key)?.valeur ?? 1
                let b = data.molecule(to, key)?.valeur ?? a
                fraction = min(max(rounded(b / a, decimals: 2), 0.01), 1)
            }

            switch process.kind {
            case .rayleigh:
                current += epsilon * Foundation.log(fraction)
                let g = Foundation.log(fraction) * uncertainty
                variance += g * g
            case .mixing:
                current += fraction * epsilon
                let g = fraction * uncertainty
                variance += g * g
            case .neutral:
                break
            }
            processes.append(NexusResult.Process(
                name: process.name, category: process.category, epsilon: epsilon, uncertainty: uncertainty,
                model: model, fraction: fraction, reference: process.reference))
        }

        let predictedValue = rounded(current, decimals: decimals)
        let predictedU = max(rounded(variance.squareRoot(), decimals: decimals), 1 / pow(10, Double(decimals)))
        let residual = rounded(target.value - predictedValue, decimals: decimals)
        let combined = (predictedU * predictedU + target.u * target.u).squareRoot()

        let matches: [NexusResult.Match] = spec.candidates.map { name in
            let measured = signature(name, system, data)
            let d = abs(measured.value - predictedValue) / (predictedU * predictedU + measured.u * measured.u).squareRoot()
            let matchClass = d <= 1 ? "full" : (d <= 2 ? "partial" : "incompatible")
            return NexusResult.Match(reference: name, score: rounded(exp(-d * d / 2), decimals: 3),
                                     matchClass: matchClass, distance: rounded(d, decimals: 2))
        }.sorted { ($0.distance, $0.reference) < ($1.distance, $1.reference) }

        return NexusResult(
            element: system.element, system: system.system,
            initial: .init(value: initial.value, uncertainty: initial.u, unit: system.unit, sample: spec.sample),
            processes: processes,
            predicted: .init(value: predictedValue, uncertainty: predictedU),
            massBalance: .init(verified: abs(residual) <= combined, residual: residual),
            matches: matches)
    }
}
