import Foundation
import GRDB
import IsoFindDemoData
import IsoFindDomain
import Testing
@testable import IsoFindStore

@Suite struct SamplesReaderTests {
    // MARK: - Fixtures

    /// A fresh folder under the temporary directory; the caller removes it.
    func temporaryFolder() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("isofind-samples-\(UUID().uuidString)")
    }

    /// A samples database built from `DemoData.samplesSchemaSQL`, filled and altered by `body`.
    func makeDatabase(in folder: URL, _ body: (Database) throws -> Void) throws -> String {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("isofind.db").path
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in
            try db.execute(sql: DemoData.samplesSchemaSQL)
            try body(db)
        }
        try queue.close()
        return path
    }

    /// Two samples with one row in each measurement table, every column set.
    func insertTwoSamples(_ db: Database) throws {
        try db.execute(sql: """
            INSERT INTO samples (id, name, classification, material_type, matrix, sector, project, latitude,
                longitude, altitude_m, collection_date, collector, description)
            VALUES (7, 'GW-P01', 'fille', 'groundwater', 'water', 'Secteur A', 'Projet X', 44.1, 3.9, 210.5,
                    '2026-04-14', 'C. Martin', 'Piézomètre P01'),
                   (3, 'ORE-01', 'source', 'galena', 'ore', NULL, 'Projet X', NULL, NULL, NULL, NULL, NULL, NULL);
            INSERT INTO sample_isotope (id, sample_id, element, system, ratio, ratio_2se, delta_notation, delta_value,
                delta_2sd, standard, instrument, session_date, depth_m, notes)
            VALUES (1, 7, 'Pb', '206Pb/204Pb', 18.42, 0.002, NULL, NULL, NULL, 'NBS 981', 'MC-ICP-MS', '2026-05-02',
                    12.5, 'filtered'),
                   (2, 3, 'C', '13C/12C', NULL, NULL, 'δ13C', -27.8, 0.3, 'VPDB', NULL, NULL, NULL, NULL);
            INSERT INTO sample_geochem (id, sample_id, element, display_value, display_unit, value_normalized,
                display_uncertainty, method, lod, loq, depth_m)
            VALUES (1, 7, 'As', NULL, 'µg/L', NULL, NULL, 'ICP-MS', 0.5, 1.5, 12.5);
            INSERT INTO sample_physicochemistry (id, sample_id, parameter, value, uncertainty, method, measured_at,
                depth_m)
            VALUES (1, 7, 'pH', 6.9, 0.1, 'electrode', '2026-04-14T09:30:00Z', 12.0);
            INSERT INTO sample_molecules (id, sample_id, nom, cas, famille, valeur, unite, valeur_ug_l, incertitude,
                lod, loq, detecte, methode, laboratoire, date_analyse, matrice, conforme, seuil_ref, seuil_ref_unit,
                depth_m)
            VALUES (1, 7, 'Trichloroéthylène (TCE)', '79-01-6', 'COHV', 42.0, 'µg/L', 42.0, 6.3, 0.5, 1.0, 1,
                    'NF EN ISO 10301', 'Lab', '2026-04-20', 'eau souterraine', 0, 10.0, 'µg/L', 12.5);
            """)
    }

    // MARK: - Demo data

    @Test func readsEveryDemoSampleWithAllItsMeasurements() throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let summary = try DemoData.write(to: folder)
        let samples = try SamplesReader(path: summary.samplesDatabase).samples(.all)

        #expect(samples.count == summary.samples)
        #expect(samples.map(\.id) == samples.map(\.id).sorted())
        #expect(Set(samples.map(\.id)).count == samples.count)
        #expect(samples.reduce(0) { $0 + $1.isotopes.count } == summary.isotopeMeasurements)
        #expect(samples.reduce(0) { $0 + $1.geochem.count } == summary.geochemMeasurements)
        #expect(samples.reduce(0) { $0 + $1.physico.count } == summary.physicoMeasurements)
        #expect(samples.reduce(0) { $0 + $1.molecules.count } == summary.molecules)

        for sample in samples {
            #expect(!sample.name.isEmpty)
            #expect(sample.classification != .unknown, "\(sample.name): \(sample.classificationRaw ?? "NULL")")
            #expect(sample.isotopes.allSatisfy { $0.sampleID == sample.id })
            #expect(sample.geochem.allSatisfy { $0.sampleID == sample.id })
            #expect(sample.physico.allSatisfy { $0.sampleID == sample.id })
            #expect(sample.molecules.allSatisfy { $0.sampleID == sample.id })
            #expect(sample.isotopes.map(\.id) == sample.isotopes.map(\.id).sorted())
            #expect(sample.geochem.map(\.id) == sample.geochem.map(\.id).sorted())
            #expect(sample.physico.map(\.id) == sample.physico.map(\.id).sorted())
            #expect(sample.molecules.map(\.id) == sample.molecules.map(\.id).sorted())
        }

        // Both receptor spellings occur and map to the same role.
        let raws = Set(samples.filter { $0.classification == .receptor }.compactMap(\.classificationRaw))
        #expect(raws == ["fille", "daughter"])
        #expect(samples.contains { $0.isSource })
        #expect(samples.allSatisfy { $0.hasCoordinates })

        // Flags: as many non-compliant molecule results as rows with conforme = 0.
        let nonCompliant = try DatabaseQueue(path: summary.samplesDatabase).read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM sample_molecules WHERE conforme = 0") ?? -1
        }
        #expect(samples.reduce(0) { $0 + $1.molecules.filter(\.isNonCompliant).count } == nonCompliant)
        #expect(nonCompliant > 0)
    }

    @Test func selectsByIdsInTheOrderGiven() throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let summary = try DemoData.write(to: folder)
        let reader = SamplesReader(path: summary.samplesDatabase)
        let all = try reader.samples(.all)
        let byID = Dictionary(uniqueKeysWithValues: all.map { ($0.id, $0) })

        let wanted = [all[20].id, all[3].id, 999_999, all[41].id, all[3].id]
        let selected = try reader.samples(.ids(wanted))
        #expect(selected.map(\.id) == [all[20].id, all[3].id, all[41].id])
        #expect(selected == [byID[all[20].id]!, byID[all[3].id]!, byID[all[41].id]!])

        #expect(try reader.samples(.ids([])).isEmpty)
        #expect(try reader.samples(.ids([999_999])).isEmpty)
    }

    @Test func selectsAProjectByExactName() throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let summary = try DemoData.write(to: folder)
        let reader = SamplesReader(path: summary.samplesDatabase)
        let all = try reader.samples(.all)

        let expected = try DatabaseQueue(path: summary.samplesDatabase).read { db in
            try Row.fetchAll(db, sql: "SELECT project, id FROM samples WHERE project IS NOT NULL ORDER BY id")
        }
        let projects = Set(expected.map { $0["project"] as String })
        #expect(projects.contains("ZI de la Gare — panache de solvants chlorés"))
        var seen = 0
        for project in projects {
            let selected = try reader.samples(.project(project))
            let ids = expected.filter { $0["project"] == project }.map { $0["id"] as Int }
            #expect(!selected.isEmpty)
            #expect(selected.map(\.id) == ids)
            #expect(selected.allSatisfy { $0.project == project })
            #expect(selected == all.filter { $0.project == project })
            seen += selected.count
        }
        #expect(seen == all.filter { $0.project != nil }.count)
        #expect(try reader.samples(.project("ZI de la Gare")).isEmpty)
        #expect(try reader.samples(.project("zi de la gare — panache de solvants chlorés")).isEmpty)
    }

    @Test func reportsMissingIDsInTheOrderGiven() throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let summary = try DemoData.write(to: folder)
        let reader = SamplesReader(path: summary.samplesDatabase)
        let ids = try reader.samples(.all).map(\.id)

        #expect(try reader.missingIDs(ids).isEmpty)
        #expect(try reader.missingIDs([ids[0], 999_999, ids[1], -5, 999_999]) == [999_999, -5])
        #expect(try reader.missingIDs([]).isEmpty)
    }

    @Test func nullValuesStayNil() throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let summary = try DemoData.write(to: folder)
        let (geochemRow, moleculeRow) = try DatabaseQueue(path: summary.samplesDatabase).read { db in
            (try Row.fetchOne(db, sql: """
                SELECT id, sample_id, lod FROM sample_geochem WHERE display_value IS NULL ORDER BY id LIMIT 1
                """),
             try Row.fetchOne(db, sql: """
                SELECT id, sample_id, lod FROM sample_molecules WHERE valeur IS NULL ORDER BY id LIMIT 1
                """))
        }
        let belowLOD = try #require(geochemRow, "the demo data has a concentration below the LOD")
        let notDetected = try #require(moleculeRow, "the demo data has an undetected molecule")
        let reader = SamplesReader(path: summary.samplesDatabase)
        let samples = try reader.samples(.ids([belowLOD["sample_id"], notDetected["sample_id"]]))

        let geochem = try #require(samples.flatMap(\.geochem).first { $0.id == belowLOD["id"] })
        #expect(geochem.displayValue == nil)
        #expect(geochem.isBelowLOD)
        #expect(geochem.lod == belowLOD["lod"])
        #expect(geochem.lod != nil)

        let molecule = try #require(samples.flatMap(\.molecules).first { $0.id == notDetected["id"] })
        #expect(molecule.valeur == nil)
        #expect(molecule.detecte == false)
        #expect(molecule.lod == notDetected["lod"])

        // Ratio rows have no δ value and the other way round: nil, not 0.
        let isotopes = try reader.samples(.all).flatMap(\.isotopes)
        #expect(isotopes.contains { $0.isRatio && $0.deltaValue == nil })
        #expect(isotopes.contains { $0.isDelta && $0.ratio == nil })
    }

    // MARK: - Schema tolerance

    @Test func readsEveryColumnAsStored() throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = try makeDatabase(in: folder, insertTwoSamples)
        let samples = try SamplesReader(path: path).samples(.all)

        #expect(samples == [
            Sample(id: 3, name: "ORE-01", classificationRaw: "source", materialType: "galena", matrix: "ore",
                   project: "Projet X",
                   isotopes: [IsotopeMeasurement(id: 2, sampleID: 3, element: "C", system: "13C/12C",
                                                 deltaNotation: "δ13C", deltaValue: -27.8, delta2SD: 0.3,
                                                 standard: "VPDB")]),
            Sample(id: 7, name: "GW-P01", classificationRaw: "fille", materialType: "groundwater", matrix: "water",
                   sector: "Secteur A", project: "Projet X", latitude: 44.1, longitude: 3.9, altitudeM: 210.5,
                   collectionDate: "2026-04-14", collector: "C. Martin", description: "Piézomètre P01",
                   isotopes: [IsotopeMeasurement(id: 1, sampleID: 7, element: "Pb", system: "206Pb/204Pb",
                                                 ratio: 18.42, ratio2SE: 0.002, standard: "NBS 981",
                                                 instrument: "MC-ICP-MS", sessionDate: "2026-05-02", depthM: 12.5,
                                                 notes: "filtered")],
                   geochem: [GeochemMeasurement(id: 1, sampleID: 7, element: "As", displayUnit: "µg/L",
                                                method: "ICP-MS", lod: 0.5, loq: 1.5, depthM: 12.5)],
                   physico: [PhysicoMeasurement(id: 1, sampleID: 7, parameter: "pH", value: 6.9, uncertainty: 0.1,
                                                method: "electrode", measuredAt: "2026-04-14T09:30:00Z", depthM: 12)],
                   molecules: [MoleculeMeasurement(id: 1, sampleID: 7, nom: "Trichloroéthylène (TCE)", cas: "79-01-6",
                                                   famille: "COHV", valeur: 42, unite: "µg/L", valeurUgL: 42,
                                                   incertitude: 6.3, lod: 0.5, loq: 1, detecte: true,
                                                   methode: "NF EN ISO 10301", laboratoire: "Lab",
                                                   dateAnalyse: "2026-04-20", matrice: "eau souterraine",
                                                   conforme: false, seuilRef: 10, seuilRefUnit: "µg/L",
                                                   depthM: 12.5)]),
        ])
        #expect(samples[0].classification == .source)
        #expect(samples[1].classification == .receptor)
        #expect(samples[0].coordinates == nil)
        #expect(samples[1].coordinates?.latitude == 44.1)
        #expect(samples[1].coordinates?.longitude == 3.9)
    }

    @Test func ignoresExtraColumnsAndTables() throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let plainPath = try makeDatabase(in: folder.appendingPathComponent("plain"), insertTwoSamples)
        let path = try makeDatabase(in: folder.appendingPathComponent("extra")) { db in
            try insertTwoSamples(db)
            try db.execute(sql: """
                ALTER TABLE samples ADD COLUMN owner TEXT DEFAULT 'IsoFind 4';
                ALTER TABLE sample_isotope ADD COLUMN reviewed INTEGER DEFAULT 1;
                ALTER TABLE sample_molecules ADD COLUMN commentaire TEXT DEFAULT 'RAS';
                CREATE TABLE sample_attachments (id INTEGER PRIMARY KEY, sample_id INTEGER, file TEXT);
                INSERT INTO sample_attachments (sample_id, file) VALUES (7, 'photo.jpg');
                -- The same columns in another order, with an extra one in the middle.
                CREATE TABLE geochem_new (depth_m REAL, loq REAL, lod REAL, extra BLOB, method TEXT,
                    display_uncertainty REAL, value_normalized REAL, display_unit TEXT, display_value REAL,
                    element TEXT, sample_id INTEGER NOT NULL, id INTEGER PRIMARY KEY);
                INSERT INTO geochem_new (id, sample_id, element, display_value, display_unit, value_normalized,
                    display_uncertainty, method, lod, loq, depth_m, extra)
                SELECT id, sample_id, element, display_value, display_unit, value_normalized,
                    display_uncertainty, method, lod, loq, depth_m, x'00' FROM sample_geochem;
                DROP TABLE sample_geochem;
                ALTER TABLE geochem_new RENAME TO sample_geochem;
                """)
        }
        let expected = try SamplesReader(path: plainPath).samples(.all)
        #expect(expected.count == 2)
        #expect(try SamplesReader(path: path).samples(.all) == expected)
        #expect(try SamplesReader(path: path).samples(.ids([7])) == [expected[1]])
    }

    @Test func toleratesAMissingTableAndMissingOptionalColumns() throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = try makeDatabase(in: folder) { db in
            try insertTwoSamples(db)
            try db.execute(sql: """
                DROP TABLE sample_molecules;
                ALTER TABLE samples DROP COLUMN matrix;
                DROP INDEX samples_project;
                ALTER TABLE samples DROP COLUMN project;
                ALTER TABLE sample_geochem DROP COLUMN loq;
                ALTER TABLE sample_isotope DROP COLUMN notes;
                """)
        }
        let reader = SamplesReader(path: path)
        let samples = try reader.samples(.all)
        #expect(samples.map(\.id) == [3, 7])
        #expect(samples.allSatisfy { $0.molecules.isEmpty && $0.matrix == nil && $0.project == nil })
        let gw = samples[1]
        #expect(gw.name == "GW-P01")
        #expect(gw.materialType == "groundwater")
        #expect(gw.sector == "Secteur A")
        #expect(gw.geochem.count == 1)
        #expect(gw.geochem[0].loq == nil)
        #expect(gw.geochem[0].lod == 0.5)
        #expect(gw.isotopes.count == 1)
        #expect(gw.isotopes[0].notes == nil)
        #expect(gw.isotopes[0].ratio == 18.42)
        #expect(gw.physico.count == 1)
        // Without a project column, no sample belongs to a project.
        #expect(try reader.samples(.project("Projet X")).isEmpty)
        #expect(try reader.missingIDs([3, 4, 7]) == [4])
    }

    // MARK: - Errors

    @Test func anUnconfiguredOrAbsentDatabaseIsAClearError() throws {
        #expect(throws: StoreError.failure("The samples database is not configured")) {
            try SamplesReader(path: nil).samples(.all)
        }
        #expect(throws: StoreError.failure("The samples database is not configured")) {
            try SamplesReader(path: "").missingIDs([1])
        }
        let absent = temporaryFolder().appendingPathComponent("isofind.db").path
        #expect(throws: StoreError.failure("The samples database is not found at \(absent)")) {
            try SamplesReader(path: absent).samples(.ids([1]))
        }
        #expect(throws: StoreError.failure("The samples database is not found at \(absent)")) {
            try SamplesReader(path: absent).missingIDs([1])
        }
    }

    @Test func anUnreadableDatabaseNamesItsPath() throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)

        let garbage = folder.appendingPathComponent("garbage.db").path
        try Data(repeating: 0x42, count: 4096).write(to: URL(fileURLWithPath: garbage))
        #expect {
            try SamplesReader(path: garbage).samples(.all)
        } throws: { error in
            guard case .failure(let message) = error as? StoreError else { return false }
            return message.hasPrefix("The samples database at \(garbage) cannot be")
        }

        // A valid SQLite file without a samples table (e.g. the sessions database by mistake).
        let sessions = try DemoData.write(to: folder).sessionsDatabase
        #expect(throws: StoreError.failure("The samples database at \(sessions) cannot be read: it has no samples table")) {
            try SamplesReader(path: sessions).samples(.all)
        }
        #expect(throws: StoreError.failure("The samples database at \(sessions) cannot be read: it has no samples table")) {
            try SamplesReader(path: sessions).missingIDs([1])
        }
    }

    // MARK: - Volume

    /// 2 000 samples with 22 measurements each: `.all` reads each table in one pass, `.ids` with
    /// the 2 000 ids as one JSON array (more than SQLite's historical 999 parameters); both give
    /// the same samples. No timing assertion.
    @Test func readsTwoThousandSamples() throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let count = 2_000
        let path = try makeDatabase(in: folder) { db in
            let sample = try db.makeStatement(sql: """
                INSERT INTO samples (id, name, classification, matrix, project, latitude, longitude)
                VALUES (?, ?, ?, 'water', ?, 44.0, 3.9)
                """)
            let isotope = try db.makeStatement(sql: """
                INSERT INTO sample_isotope (sample_id, element, system, ratio, ratio_2se) VALUES (?, 'Sr', '87Sr/86Sr', ?, 0.00001)
                """)
            let geochem = try db.makeStatement(sql: """
                INSERT INTO sample_geochem (sample_id, element, display_value, display_unit, lod) VALUES (?, ?, ?, 'µg/L', 0.1)
                """)
            let physico = try db.makeStatement(sql: """
                INSERT INTO sample_physicochemistry (sample_id, parameter, value) VALUES (?, 'pH', ?)
                """)
            let molecule = try db.makeStatement(sql: """
                INSERT INTO sample_molecules (sample_id, nom, valeur, unite, detecte, conforme) VALUES (?, 'Nitrates', ?, 'mg/L', 1, 1)
                """)
            for id in 1 ... count {
                try sample.execute(arguments: [id, "S-\(id)", id.isMultiple(of: 2) ? "source" : "daughter",
                                               id.isMultiple(of: 3) ? "P3" : "P", ])
                for k in 0 ..< 4 { try isotope.execute(arguments: [id, 0.71 + Double(k) * 1e-4]) }
                for k in 0 ..< 8 { try geochem.execute(arguments: [id, "E\(k)", Double(id * k)]) }
                for k in 0 ..< 5 { try physico.execute(arguments: [id, 6.0 + Double(k) / 10]) }
                for k in 0 ..< 5 { try molecule.execute(arguments: [id, Double(k)]) }
            }
        }
        let reader = SamplesReader(path: path)
        let clock = ContinuousClock()
        var all: [Sample] = []
        let elapsed = try clock.measure { all = try reader.samples(.all) }
        print("SamplesReader: samples(.all) of \(count) samples in \(elapsed)")

        #expect(all.count == count)
        #expect(all.map(\.id) == Array(1 ... count))
        #expect(all.allSatisfy { $0.isotopes.count == 4 && $0.geochem.count == 8 && $0.physico.count == 5
                && $0.molecules.count == 5 })
        #expect(all.allSatisfy { sample in sample.geochem.allSatisfy { $0.sampleID == sample.id } })

        let reversed = Array((1 ... count).reversed())
        let byIDs = try reader.samples(.ids(reversed))
        #expect(byIDs.map(\.id) == reversed)
        #expect(byIDs == all.reversed())

        let project = try reader.samples(.project("P3"))
        #expect(project == all.filter { $0.id.isMultiple(of: 3) })
        #expect(try reader.missingIDs(reversed + [count + 1]) == [count + 1])
    }
}
