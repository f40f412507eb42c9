import Foundation
import GRDB
import IsoFindDemoData
import Testing

@Suite("Demo data: writing and schema")
struct WritingTests {
    @Test("the same seed writes the same content; another seed changes measurements only")
    func determinism() throws {
        let a = try makeTemporaryFolder(), b = try makeTemporaryFolder(), c = try makeTemporaryFolder()
        defer { for f in [a, b, c] { try? FileManager.default.removeItem(at: f) } }
        let first = try DemoData.write(to: a, seed: 42)
        let second = try DemoData.write(to: b, seed: 42)
        let other = try DemoData.write(to: c, seed: 43)

        let samplesA = try dump(open(first.samplesDatabase))
        let samplesB = try dump(open(second.samplesDatabase))
        #expect(samplesA.keys.sorted() == ["sample_geochem", "sample_isotope", "sample_molecules",
                                          "sample_physicochemistry", "samples"])
        #expect(samplesA == samplesB)
        #expect(try dump(open(first.sessionsDatabase)) == dump(open(second.sessionsDatabase)))

        let samplesC = try dump(open(other.samplesDatabase))
        #expect(samplesC["samples"] == samplesA["samples"])
        #expect(samplesC["sample_isotope"] != samplesA["sample_isotope"])
        #expect(first.samples == other.samples && first.isotopeMeasurements == other.isotopeMeasurements)
    }

    @Test("the default seed is stable: a known value does not drift between builds")
    func defaultSeedIsDefault() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let explicit = try DemoData.write(to: folder, seed: 20_261_129)
        #expect(try dump(open(explicit.samplesDatabase)) == dump(Shared.samples()))
    }

    @Test("existing files are replaced, stale sidecars removed, and no temporary file is left")
    func replacesExistingFiles() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let samples = folder.appendingPathComponent(DemoData.samplesFileName)
        let sessions = folder.appendingPathComponent(DemoData.sessionsFileName)
        try Data("not a database".utf8).write(to: samples)
        try Data("not a database either".utf8).write(to: sessions)
        try Data("stale wal".utf8).write(to: URL(fileURLWithPath: samples.path + "-wal"))

        let first = try DemoData.write(to: folder)
        let second = try DemoData.write(to: folder)   // over a real database this time
        #expect(first == second)
        #expect(try open(samples.path).read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM samples")
        } == first.samples)
        #expect(try open(sessions.path).read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM nexus_sessions")
        } == first.sessions)
        let left = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(left == [DemoData.samplesFileName, DemoData.sessionsFileName].sorted())
    }

    @Test("the folder is created when missing")
    func createsFolder() throws {
        let parent = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: parent) }
        let nested = parent.appendingPathComponent("a/b/demo", isDirectory: true)
        let summary = try DemoData.write(to: nested)
        #expect(FileManager.default.fileExists(atPath: summary.samplesDatabase))
        #expect(FileManager.default.fileExists(atPath: summary.sessionsDatabase))
    }

    @Test("a file in place of the folder is a clear error")
    func folderIsAFile() throws {
        let parent = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: parent) }
        let file = parent.appendingPathComponent("occupied")
        try Data("x".utf8).write(to: file)
        #expect(throws: (any Error).self) { try DemoData.write(to: file) }
    }

    /// The columns domain.md lists, in order.
    static let documentedColumns: [String: [String]] = [
        "samples": ["id", "name", "classification", "material_type", "matrix", "sector", "project", "latitude",
                    "longitude", "altitude_m", "collection_date", "collector", "description"],
        "sample_isotope": ["id", "sample_id", "element", "system", "ratio", "ratio_2se", "delta_notation",
                           "delta_value", "delta_2sd", "standard", "instrument", "session_date", "depth_m", "notes"],
        "sample_geochem": ["id", "sample_id", "element", "display_value", "display_unit", "value_normalized",
                           "display_uncertainty", "method", "lod", "loq", "depth_m"],
        "sample_physicochemistry": ["id", "sample_id", "parameter", "value", "uncertainty", "method",
                                    "measured_at", "depth_m"],
        "sample_molecules": ["id", "sample_id", "nom", "cas", "famille", "valeur", "unite", "valeur_ug_l",
                             "incertitude", "lod", "loq", "detecte", "methode", "laboratoire", "date_analyse",
                             "matrice", "conforme", "seuil_ref", "seuil_ref_unit", "depth_m"],
        "nexus_sessions": ["id", "name", "sample_id", "sample_name", "element", "created_at", "result_json"],
    ]

    @Test("the schema SQL creates exactly the documented columns, with sample_id indexes")
    func schemaColumns() throws {
        let queue = try DatabaseQueue()
        try queue.write { db in
            try db.execute(sql: DemoData.samplesSchemaSQL)
            try db.execute(sql: DemoData.sessionsSchemaSQL)
        }
        try queue.read { db in
            let tables = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
            #expect(tables == Self.documentedColumns.keys.sorted())
            for (table, expected) in Self.documentedColumns {
                let columns = try Row.fetchAll(db, sql: "PRAGMA table_info(\(table))").map { $0["name"] as String }
                #expect(columns == expected, "\(table)")
                if expected.contains("sample_id") {
                    let indexed = try db.indexes(on: table).contains { $0.columns == ["sample_id"] }
                    #expect(indexed, "\(table) has no index on sample_id")
                }
            }
            let name = try #require(try db.columns(in: "samples").first { $0.name == "name" })
            #expect(name.isNotNull)
            #expect(try db.indexes(on: "samples").contains { $0.columns == ["name"] && $0.isUnique })
        }
        // The written databases use the same schema.
        try Shared.samples().read { db throws in
            for table in ["samples", "sample_isotope", "sample_geochem", "sample_physicochemistry", "sample_molecules"] {
                #expect(try db.columns(in: table).map(\.name) == Self.documentedColumns[table])
            }
        }
        try Shared.sessions().read { db throws in
            #expect(try db.columns(in: "nexus_sessions").map(\.name) == Self.documentedColumns["nexus_sessions"])
        }
    }
}
