import Foundation
import GRDB
import IsoFindDemoData
import Testing

@Suite("Demo data: content")
struct DemoDataContentTests {
    @Test("the summary reports what the tables hold, and the minimums are met")
    func countsAndMinimums() throws {
        let summary = Shared.written.summary
        let samples = try Shared.samples()
        let sessions = try Shared.sessions()
        try samples.read { db in
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM samples") == summary.samples)
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM sample_isotope") == summary.isotopeMeasurements)
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM sample_geochem") == summary.geochemMeasurements)
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM sample_physicochemistry") == summary.physicoMeasurements)
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM sample_molecules") == summary.molecules)

            #expect(summary.samples >= 48)
            let matrices = Set(try String.fetchAll(db, sql: "SELECT DISTINCT matrix FROM samples"))
            #expect(matrices.isSuperset(of: ["water", "soil", "sediment", "ore"]))
            let classes = Set(try String.fetchAll(db, sql: "SELECT DISTINCT classification FROM samples"))
            #expect(classes.contains("source"))
            #expect(classes.contains("fille") || classes.contains("daughter"))
            #expect(classes.isSubset(of: ["source", "fille", "daughter"]))
            let systems = try Int.fetchOne(db, sql: "SELECT COUNT(DISTINCT system) FROM sample_isotope") ?? 0
            #expect(systems >= 3)
            let projects = try Int.fetchOne(db, sql: "SELECT COUNT(DISTINCT project) FROM samples") ?? 0
            #expect((2...3).contains(projects))
            #expect(summary.geochemMeasurements > 0 && summary.physicoMeasurements > 0 && summary.molecules > 0)
        }
        try sessions.read { db throws in
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM nexus_sessions") == summary.sessions)
        }
        #expect(summary.sessions >= 6)
        #expect(summary.samplesDatabase.hasSuffix("/" + DemoData.samplesFileName))
        #expect(summary.sessionsDatabase.hasSuffix("/" + DemoData.sessionsFileName))
    }

    @Test("all sample coordinates fit in one bounding box smaller than 0.3°")
    func boundingBox() throws {
        try Shared.samples().read { db in
            let row = try #require(try Row.fetchOne(db, sql: """
                SELECT MIN(latitude) AS la0, MAX(latitude) AS la1, MIN(longitude) AS lo0, MAX(longitude) AS lo1,
                       SUM(latitude IS NULL OR longitude IS NULL) AS missing
                FROM samples
                """))
            let la0: Double = row["la0"], la1: Double = row["la1"], lo0: Double = row["lo0"], lo1: Double = row["lo1"]
            #expect(row["missing"] as Int == 0)
            #expect(la1 - la0 < 0.3)
            #expect(lo1 - lo0 < 0.3)
            // In the Cévennes (Gard, France).
            #expect(la0 > 43.9 && la1 < 44.3 && lo0 > 3.7 && lo1 < 4.2)
        }
    }

    @Test("sample names are unique and follow the field convention; dates and collectors are filled")
    func sampleIdentity() throws {
        try Shared.samples().read { db in
            let names = try String.fetchAll(db, sql: "SELECT name FROM samples")
            #expect(Set(names).count == names.count)
            #expect(names.contains("GW-P03-2026-04"))
            for name in names {
                #expect(name.wholeMatch(of: /(GW|SW|SED|SOL|SLG|ORE|FERT)-[A-Z0-9-]+/) != nil, "\(name)")
            }
            let incomplete = try Int.fetchOne(db, sql: """
                SELECT COUNT(*) FROM samples WHERE collection_date IS NULL OR collector IS NULL
                    OR description IS NULL OR altitude_m IS NULL OR sector IS NULL OR project IS NULL
                    OR material_type IS NULL OR collection_date NOT GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'
                """)
            #expect(incomplete == 0)
            // Samples with depth: groundwater and soil horizons.
            let withDepth = try Int.fetchOne(db, sql: "SELECT COUNT(DISTINCT sample_id) FROM sample_isotope WHERE depth_m IS NOT NULL") ?? 0
            #expect(withDepth >= 10)
        }
    }

    @Test("isotope values are geochemically plausible, with uncertainties, standards and instruments")
    func isotopePlausibility() throws {
        try Shared.samples().read { db in
            let sr = try Row.fetchAll(db, sql: "SELECT ratio, ratio_2se, standard FROM sample_isotope WHERE system = '87Sr/86Sr'")
            #expect(sr.count >= 30)
            for row in sr {
                let ratio: Double = row["ratio"]
                #expect((0.7075...0.7165).contains(ratio))
                let u: Double? = row["ratio_2se"]
                if let u { #expect(u > 0 && u < 0.00003) }
                #expect(row["standard"] as String == "NIST SRM 987")
            }
            // Ore Pb is less radiogenic than the geogenic background (206Pb/204Pb), with a higher 208Pb/206Pb.
            func meanRatio(_ system: String, _ matrixFilter: String) throws -> Double {
                try Double.fetchOne(db, sql: """
                    SELECT AVG(i.ratio) FROM sample_isotope i JOIN samples s ON s.id = i.sample_id
                    WHERE i.system = ? AND \(matrixFilter)
                    """, arguments: [system]) ?? .nan
            }
            let ore206 = try meanRatio("206Pb/204Pb", "s.matrix = 'ore'")
            let background206 = try meanRatio("206Pb/204Pb", "s.name LIKE 'SOL-REF%'")
            #expect((18.35...18.5).contains(ore206))
            #expect(background206 > ore206 + 0.3)
            #expect(try meanRatio("208Pb/206Pb", "s.matrix = 'ore'") > meanRatio("208Pb/206Pb", "s.name LIKE 'SOL-REF%'"))

            // δ systems carry a δ value and its 2SD, no ratio; ratio systems the reverse.
            let inconsistent = try Int.fetchOne(db, sql: """
                SELECT COUNT(*) FROM sample_isotope
                WHERE (delta_notation IS NULL AND (ratio IS NULL OR delta_value IS NOT NULL))
                   OR (delta_notation IS NOT NULL AND (delta_value IS NULL OR ratio IS NOT NULL OR delta_2sd IS NULL))
                """)
            #expect(inconsistent == 0)
            let tce = try Double.fetchAll(db, sql: "SELECT delta_value FROM sample_isotope WHERE system = '13C/12C (TCE)'")
            #expect(tce.count >= 8 && tce.allSatisfy { (-30.0 ... -15.0).contains($0) })
            let s34 = try Double.fetchAll(db, sql: "SELECT delta_value FROM sample_isotope WHERE element = 'S'")
            #expect(s34.allSatisfy { (-5.0...25.0).contains($0) })
            // Instruments and standards are named, except for literature (historical) values.
            let unnamed = try Int.fetchOne(db, sql: """
                SELECT COUNT(*) FROM sample_isotope WHERE standard IS NULL
                   OR (instrument IS NULL AND notes NOT LIKE 'Donnée historique%')
                """)
            #expect(unnamed == 0)
            let historical = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM sample_isotope WHERE ratio IS NOT NULL AND ratio_2se IS NULL") ?? 0
            #expect(historical >= 1)
            let systems = Set(try String.fetchAll(db, sql: "SELECT DISTINCT instrument FROM sample_isotope WHERE instrument IS NOT NULL"))
            #expect(systems.contains { $0.contains("Neptune") } && systems.contains { $0.contains("Triton") }
                    && systems.contains { $0.contains("Delta V") })
        }
    }

    @Test("most samples have at least two isotope systems, so δ–δ plots work")
    func twoSystemsPerSample() throws {
        try Shared.samples().read { db in
            let total = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM samples") ?? 0
            let multi = try Int.fetchOne(db, sql: """
                SELECT COUNT(*) FROM (SELECT sample_id FROM sample_isotope GROUP BY sample_id HAVING COUNT(DISTINCT system) >= 2)
                """) ?? 0
            #expect(Double(multi) >= 0.9 * Double(total))
        }
    }

    @Test("elemental data: units by matrix, value_normalized in mg/kg, LOD ≤ LOQ, values below LOD are NULL")
    func geochemUnits() throws {
        try Shared.samples().read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT g.*, s.matrix FROM sample_geochem g JOIN samples s ON s.id = g.sample_id
                """)
            var belowLOD = 0
            for row in rows {
                let matrix: String = row["matrix"]
                let unit: String = row["display_unit"]
                if matrix == "water" {
                    #expect(unit == "µg/L" || unit == "mg/L")
                } else {
                    #expect(unit == "mg/kg" || unit == "%")
                }
                let lod: Double = row["lod"], loq: Double = row["loq"]
                #expect(lod > 0 && lod < loq)
                guard let value: Double = row["display_value"] else {
                    belowLOD += 1
                    #expect((row["value_normalized"] as Double?) == nil)
                    continue
                }
                #expect(value >= lod)
                let normalized: Double = try #require(row["value_normalized"])
                let factor: Double = switch unit {
                case "µg/L": 0.001
                case "%": 10_000
                default: 1
                }
                #expect(abs(normalized - value * factor) <= 1e-9 * max(1, normalized))
                let u: Double = try #require(row["display_uncertainty"])
                #expect(u > 0 && u < value)
                #expect((row["method"] as String).contains("ICP"))
            }
            #expect(belowLOD >= 1)
            let elements = Set(try String.fetchAll(db, sql: "SELECT DISTINCT element FROM sample_geochem"))
            #expect(elements.isSuperset(of: ["Pb", "Zn", "Cd", "As", "Cu", "Fe", "Mn"]))
        }
    }

    @Test("physico-chemistry: water samples only, plausible ranges, vertical profiles")
    func physicochemistry() throws {
        try Shared.samples().read { db in
            let nonWater = try Int.fetchOne(db, sql: """
                SELECT COUNT(*) FROM sample_physicochemistry p JOIN samples s ON s.id = p.sample_id WHERE s.matrix <> 'water'
                """)
            #expect(nonWater == 0)
            let params = Set(try String.fetchAll(db, sql: "SELECT DISTINCT parameter FROM sample_physicochemistry"))
            #expect(params == ["pH", "Eh_mV", "temperature_c", "conductivity", "dissolved_oxygen"])
            let ranges: [String: ClosedRange<Double>] = [
                "pH": 2.5...9, "Eh_mV": -300...700, "temperature_c": 0...30,
                "conductivity": 50...6000, "dissolved_oxygen": 0...14,
            ]
            for row in try Row.fetchAll(db, sql: "SELECT parameter, value, measured_at FROM sample_physicochemistry") {
                let parameter: String = row["parameter"]
                #expect(ranges[parameter]!.contains(row["value"] as Double), "\(parameter)")
                #expect((row["measured_at"] as String).wholeMatch(of: /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z/) != nil)
            }
            // Vertical profiles: samples with one parameter measured at four depths or more.
            let profiles = try Int.fetchOne(db, sql: """
                SELECT COUNT(*) FROM (SELECT sample_id FROM sample_physicochemistry WHERE parameter = 'Eh_mV'
                    GROUP BY sample_id HAVING COUNT(DISTINCT depth_m) >= 4)
                """) ?? 0
            #expect(profiles >= 2)
            let coreLayers = try Int.fetchOne(db, sql: """
                SELECT MAX(n) FROM (SELECT COUNT(DISTINCT depth_m) AS n FROM sample_geochem WHERE element = 'Pb' GROUP BY sample_id)
                """) ?? 0
            #expect(coreLayers >= 4)
        }
    }

    @Test("molecules: flags consistent with values and thresholds; some non-compliant rows")
    func molecules() throws {
        try Shared.samples().read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT m.*, s.matrix FROM sample_molecules m JOIN samples s ON s.id = m.sample_id
                """)
            #expect(rows.count >= 100)
            var nonCompliant = 0
            for row in rows {
                #expect(row["matrix"] as String == "water")
                let detected: Int = row["detecte"]
                let value: Double? = row["valeur"]
                let ugL: Double? = row["valeur_ug_l"]
                #expect((detected == 1) == (value != nil))
                #expect((value == nil) == (ugL == nil))
                if let value, let ugL {
                    let factor = (row["unite"] as String) == "mg/L" ? 1000.0 : 1.0
                    #expect(abs(ugL - value * factor) <= 1e-9 * max(1, ugL))
                }
                let threshold: Double? = row["seuil_ref"]
                let conforme: Int? = row["conforme"]
                #expect((threshold == nil) == (conforme == nil))
                #expect((threshold == nil) == ((row["seuil_ref_unit"] as String?) == nil))
                if let threshold, let conforme {
                    #expect(conforme == ((value ?? 0) <= threshold ? 1 : 0))
                    if conforme == 0 { nonCompliant += 1 }
                }
                #expect((row["cas"] as String).wholeMatch(of: /\d{2,7}-\d{2}-\d/) != nil)
            }
            #expect(nonCompliant >= 5)
            let names = Set(try String.fetchAll(db, sql: "SELECT DISTINCT nom FROM sample_molecules"))
            #expect(names.contains("Nitrates") && names.contains("Sulfates") && names.contains("Trichloroéthylène (TCE)")
                    && names.contains("Chlorure de vinyle (CV)") && names.contains("Acide perfluorooctanesulfonique (PFOS)"))
        }
    }
}
