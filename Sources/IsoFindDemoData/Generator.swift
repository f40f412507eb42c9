import Foundation

/// Everything both databases hold, generated in memory from the catalogue and a seed.
struct DemoDataset: Sendable {
    var samples: [SampleRow] = []
    var isotopes: [IsotopeRow] = []
    var geochem: [GeochemRow] = []
    var physico: [PhysicoRow] = []
    var molecules: [MoleculeRow] = []
    var sessions: [SessionRow] = []

    static func build(seed: UInt64) -> DemoDataset {
        var data = DemoDataset()
        let specs = Site.samples()
        for (index, spec) in specs.enumerated() {
            let sampleId = Int64(index + 1)
            data.samples.append(SampleRow(
                id: sampleId, name: spec.name, classification: spec.classification,
                materialType: spec.materialType, matrix: spec.matrix, sector: spec.sector, project: spec.project,
                latitude: spec.latitude, longitude: spec.longitude, altitudeM: spec.altitude,
                collectionDate: spec.date, collector: spec.collector, description: spec.description))
            data.addIsotopes(spec, sampleId: sampleId, seed: seed)
            data.addGeochem(spec, sampleId: sampleId, seed: seed)
            data.addPhysico(spec, sampleId: sampleId, seed: seed)
            data.addMolecules(spec, sampleId: sampleId, seed: seed)
        }
        data.sessions = NexusCatalogue.sessions(for: data)
        return data
    }

    // MARK: - Isotopes

    private mutating func addIsotopes(_ spec: SampleSpec, sampleId: Int64, seed: UInt64) {
        for nominal in spec.isotopes {
            let system = nominal.system
            var rng = SplitMix64(seed: seed, stream: "isotope/\(spec.name)/\(system.system)")
            let note = nominal.note ?? system.defaultNote(matrix: spec.matrix)
            let value: Double
            let uncertainty: Double?
            let instrument: String?
            let session: String?
            if nominal.historical {
                value = rounded(nominal.value, decimals: system.decimals)
                uncertainty = nil
                instrument = nil
                session = nil
            } else {
                let u = max(rounded(system.typicalUncertainty * rng.uniform(0.8, 1.35), decimals: system.decimals),
                            1 / pow(10, Double(system.decimals)))
                let natural = nominal.value + rng.gaussian(clip: 2) * system.naturalVariability
                value = rounded(natural + rng.gaussian(clip: 2.5) * u / 2, decimals: system.decimals)
                uncertainty = u
                instrument = system.instrument
                session = system.sessionDate(after: spec.date)
            }
            isotopes.append(IsotopeRow(
                id: Int64(isotopes.count + 1), sampleId: sampleId, isoSystem: system,
                ratio: system.isRatio ? value : nil,
                ratio2SE: system.isRatio ? uncertainty : nil,
                deltaValue: system.isRatio ? nil : value,
                delta2SD: system.isRatio ? nil : uncertainty,
                instrument: instrument, sessionDate: session, depthM: spec.depth, notes: note))
        }
    }

    // MARK: - Elemental concentrations

    private mutating func addGeochem(_ spec: SampleSpec, sampleId: Int64, seed: UInt64) {
        let elements = spec.isWater ? Elements.water : Elements.solid
        let fused = spec.matrix == "ore" || spec.matrix == "slag"
        for layer in spec.chem {
            for element in elements {
                guard let nominal = layer.conc[element] else { continue }
                let depthKey = layer.depth.map { String($0) } ?? "-"
                var rng = SplitMix64(seed: seed, stream: "geochem/\(spec.name)/\(depthKey)/\(element)")
                let value = nominal * exp(0.08 * rng.gaussian(clip: 2.5))   // µg/L or mg/kg

                // Display unit: µg/L for waters (mg/L for Fe in acid drainage), mg/kg for solids
                // (% for major elements of ores and slag). value_normalized is always mg/kg.
                let unit: String
                let toDisplay: Double      // display = base × toDisplay
                let toNormalized: Double   // normalized (mg/kg) = display × toNormalized
                var limits: (lod: Double, loq: Double)
                let method: String
                var relative: Double
                if spec.isWater {
                    limits = Elements.waterLimits[element]!
                    method = Elements.waterMethod(element)
                    relative = element == "Fe" ? 0.06 : 0.08
                    if element == "Fe" && value >= 10_000 {
                        unit = "mg/L"; toDisplay = 0.001; toNormalized = 1
                    } else {
                        unit = "µg/L"; toDisplay = 1; toNormalized = 0.001
                    }
                } else {
                    limits = Elements.solidLimits[element]!
                    method = Elements.solidMethod(element, matrix: spec.matrix)
                    relative = fused ? 0.05 : 0.10
                    if fused && value >= 10_000 {
                        unit = "%"; toDisplay = 0.0001; toNormalized = 10_000
                    } else {
                        unit = "mg/kg"; toDisplay = 1; toNormalized = 1
                    }
                }
                limits = (significant(limits.lod * toDisplay, 2), significant(limits.loq * toDisplay, 2))
                let display = value * toDisplay
                var displayValue: Double?
                var normalized: Double?
                var uncertainty: Double?
                if display >= limits.lod {
                    let shown = significant(display, 3)
                    if display < 3 * limits.loq { relative = max(relative, 0.20) }
                    displayValue = shown
                    normalized = significant(shown * toNormalized, 6)
                    uncertainty = significant(shown * relative, 2)
                }
                geochem.append(GeochemRow(
                    id: Int64(geochem.count + 1), sampleId: sampleId, element: element,
                    displayValue: displayValue, displayUnit: unit, valueNormalized: normalized,
                    displayUncertainty: uncertainty, method: method, lod: limits.lod, loq: limits.loq,
                    depthM: layer.depth))
            }
        }
    }

    // MARK: - Physico-chemistry

    private mutating func addPhysico(_ spec: SampleSpec, sampleId: Int64, seed: UInt64) {
        guard !spec.physico.isEmpty else { return }
        var clock = SplitMix64(seed: seed, stream: "physico-time/\(spec.name)")
        var minutes = clock.int(8...14) * 60 + clock.int(0...11) * 5
        for layer in spec.physico {
            let time = spec.date + String(format: "T%02d:%02d:00Z", minutes / 60, minutes % 60)
            minutes += 4
            for parameter in Physico.parameters {
                guard let nominal = layer.values[parameter] else { continue }
                let depthKey = layer.depth.map { String($0) } ?? "-"
                var rng = SplitMix64(seed: seed, stream: "physico/\(spec.name)/\(depthKey)/\(parameter)")
                let noise = rng.gaussian(clip: 2.5)
                let value: Double
                let uncertainty: Double
                switch parameter {
                case "pH":
                    value = rounded(nominal + 0.03 * noise, decimals: 2)
                    uncertainty = 0.05
                case "Eh_mV":
                    value = rounded(nominal + 8 * noise, decimals: 0)
                    uncertainty = 20
                case "temperature_c":
                    value = rounded(nominal + 0.1 * noise, decimals: 1)
                    uncertainty = 0.1
                case "conductivity":
                    value = rounded(significant(nominal * (1 + 0.015 * noise), 3), decimals: 0)
                    uncertainty = significant(value * 0.02, 2)
                default: // dissolved_oxygen, mg/L
                    let raw = max(nominal + 0.08 * noise, 0.05)
                    value = rounded(raw, decimals: raw < 1 ? 2 : 1)
                    uncertainty = rounded(max(0.1, value * 0.05), decimals: 2)
                }
                physico.append(PhysicoRow(
                    id: Int64(physico.count + 1), sampleId: sampleId, parameter: parameter, value: value,
                    uncertainty: uncertainty, method: Physico.method(parameter), measuredAt: time,
                    depthM: layer.depth))
            }
        }
    }

    // MARK: - Molecules

    private mutating func addMolecules(_ spec: SampleSpec, sampleId: Int64, seed: UInt64) {
        let groundwater = spec.materialType == "groundwater"
        let matrice: String = switch spec.materialType {
        case "groundwater": "eau souterraine"
        case "acid mine drainage": "eau de drainage minier"
        default: "eau de surface"
        }
        for nominal in spec.molecules {
            let def = Molecules.byKey[nominal.key]!
            var rng = SplitMix64(seed: seed, stream: "molecule/\(spec.name)/\(def.key)")
            let measured = nominal.value.map { $0 * exp(0.06 * rng.gaussian(clip: 2.5)) }
            let threshold = groundwater ? def.groundwaterThreshold : def.surfaceThreshold
            var valeur: Double?
            var incertitude: Double?
            var detected = 0
            if let measured, measured >= def.lod {
                detected = 1
                let shown = significant(measured, measured < 1 ? 2 : 3)
                let relative = measured < def.loq ? 2 * def.relativeUncertainty : def.relativeUncertainty
                valeur = shown
                incertitude = significant(shown * relative, 2)
            }
            let conforme: Int? = threshold.map { limit in
                guard let valeur else { return def.lod <= limit ? 1 : 0 }
                return valeur <= limit ? 1 : 0
            }
            let delay: Int = switch def.famille {
            case Molecules.cohv: 3
            case "PFAS": 12
            case Molecules.etm: 6
            default: def.key == "NH4" ? 1 : 2
            }
            molecules.append(MoleculeRow(
                id: Int64(molecules.count + 1), sampleId: sampleId, nom: def.nom, cas: def.cas, famille: def.famille,
                valeur: valeur, unite: def.unite,
                valeurUgL: valeur.map { significant($0 * def.toMicrogramsPerLitre, 6) },
                incertitude: incertitude, lod: def.lod, loq: def.loq, detecte: detected, methode: def.methode,
                laboratoire: spec.laboratory, dateAnalyse: addingDays(spec.date, delay), matrice: matrice,
                conforme: conforme, seuilRef: threshold, seuilRefUnit: threshold == nil ? nil : def.unite,
                depthM: spec.depth, key: def.key))
        }
    }

    // MARK: - Look-ups used by the Nexus sessions

    func sample(named name: String) -> SampleRow? { samples.first { $0.name == name } }

    func isotope(_ sampleName: String, _ system: IsoSystem) -> IsotopeRow? {
        guard let sample = sample(named: sampleName) else { return nil }
        return isotopes.first { $0.sampleId == sample.id && $0.isoSystem == system }
    }

    func molecule(_ sampleName: String, _ key: String) -> MoleculeRow? {
        guard let sample = sample(named: sampleName) else { return nil }
        return molecules.first { $0.sampleId == sample.id && $0.key == key }
    }
}
