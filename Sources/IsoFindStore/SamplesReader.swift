import Foundation
import GRDB
import GRDBSQLite
import IsoFindDomain

/// Reads IsoFind's samples database (`isofind.db`), read-only: the service never writes it.
/// docs/data-sources.md describes the schema and the rules this reader follows:
///
/// - it names the columns it reads, so extra columns and extra tables do not matter;
/// - a missing measurement table gives empty arrays, a missing optional column gives nil values
///   (only `samples.id`, `samples.name` and each measurement table's `id` and `sample_id` are
///   required);
/// - a NULL stays nil (never 0); values are returned as stored;
/// - each measurement table is read in one pass for all selected samples (the whole table for
///   `.all`, else `sample_id IN (SELECT value FROM json_each(?))` with the ids as one JSON
///   array), never per sample;
/// - everything is read in one read transaction, so a selection is a consistent snapshot.
///
/// Each call reads through a connection kept between reports (`ReadOnlyConnections`). Its SQL
/// does not depend on how many ids are asked for, so each statement is prepared once per
/// connection, and rows are decoded straight from the statement's columns. The value is cheap to
/// copy and safe to share between threads.
public struct SamplesReader: Sendable {
    public let path: String?

    public init(path: String?) { self.path = path }

    /// The selected samples with all their measurements (each array by ascending measurement id).
    ///
    /// Order: `.all` and `.project` by ascending sample id; `.ids` in the order of the ids given,
    /// each id once (at its first position). Ids that match no sample are left out: use
    /// `missingIDs(_:)` to report them. `.project` matches `samples.project` exactly.
    ///
    /// Throws `StoreError.failure` when the database is not configured, does not exist, cannot be
    /// opened or read, or has no `samples` table; `StoreError.busy` while another program holds a
    /// lock on it.
    public func samples(_ selection: SampleSelection) throws -> [Sample] {
        return try open().read { db in try read(db, selection) }
    }

    /// The ids among `ids` that match no sample, in the order given, each once. Throws like
    /// `samples(_:)`.
    public func missingIDs(_ ids: [Int]) throws -> [Int] {
        let wanted = Self.unique(ids)
        return try open().read { db in
            _ = try samplesColumns(db)
            let statement = try db.cachedStatement(sql: "SELECT id FROM samples WHERE id IN \(Self.idList)")
            let found = Set(try Int.fetchAll(statement, arguments: [Self.json(wanted)]))
            return wanted.filter { !found.contains($0) }
        }
    }

    // MARK: - Opening

    private func open() throws -> ReadOnlyDatabase {
        guard let path, !path.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw StoreError.failure("The samples database is not configured")
        }
        guard FileManager.default.fileExists(atPath: path) else {
            throw StoreError.failure("The samples database is not found at \(path)")
        }
        return try ReadOnlyDatabase(path: path, subject: "The samples database at \(path)", label: "IsoFind samples")
    }

    // MARK: - Reading

    private func read(_ db: Database, _ selection: SampleSelection) throws -> [Sample] {
        let columns = try samplesColumns(db)
        let select = "SELECT \(columns.sql) FROM samples"
        var samples: [Sample]
        var sampleIDs: [Int]?  // nil: every sample, so measurement tables are read whole
        switch selection.kind {
        case .all:
            samples = try Self.fetch(db, sql: "\(select) ORDER BY id", arguments: [], SamplesTable.decode)
            sampleIDs = nil
        case .project(let name):
            // Without a `project` column no sample belongs to a project.
            guard columns.present.contains("project") else { return [] }
            samples = try Self.fetch(db, sql: "\(select) WHERE project = ? ORDER BY id", arguments: [name],
                                     SamplesTable.decode)
            sampleIDs = samples.map(\.id)
        case .ids(let ids):
            let wanted = Self.unique(ids)
            var byID: [Int: Sample] = [:]
            byID.reserveCapacity(wanted.count)
            for sample in try Self.fetch(db, sql: "\(select) WHERE id IN \(Self.idList)", arguments: [Self.json(wanted)],
                                         SamplesTable.decode) {
                byID[sample.id] = sample
            }
            samples = wanted.compactMap { byID[$0] }
            sampleIDs = samples.map(\.id)
        }
        if samples.isEmpty { return [] }

        let isotopes = try measurements(db, IsotopeTable.projection, sampleIDs, IsotopeTable.decode)
        let geochem = try measurements(db, GeochemTable.projection, sampleIDs, GeochemTable.decode)
        let physico = try measurements(db, PhysicoTable.projection, sampleIDs, PhysicoTable.decode)
        let molecules = try measurements(db, MoleculesTable.projection, sampleIDs, MoleculesTable.decode)
        for index in samples.indices {
            let id = samples[index].id
            samples[index].isotopes = isotopes[id] ?? []
            samples[index].geochem = geochem[id] ?? []
            samples[index].physico = physico[id] ?? []
            samples[index].molecules = molecules[id] ?? []
        }
        return samples
    }

    /// The SELECT list of `samples`; throws when the table or its `id` or `name` column is missing.
    private func samplesColumns(_ db: Database) throws -> (sql: String, present: Set<String>) {
        guard try db.tableExists(SamplesTable.projection.table) else {
            throw StoreError.failure("The samples database at \(path ?? "") cannot be read: it has no samples table")
        }
        return try SamplesTable.projection.selectList(db, path: path ?? "")
    }

    /// The rows of one measurement table for `sampleIDs` (every row when nil), grouped by sample id,
    /// each group by ascending id. A table that does not exist gives no rows.
    private func measurements<M>(_ db: Database, _ projection: Projection, _ sampleIDs: [Int]?,
                                 _ decode: (inout Fields) -> M?) throws -> [Int: [M]]
        where M: SampleLinked {
        guard try db.tableExists(projection.table) else { return [:] }
        let columns = try projection.selectList(db, path: path ?? "")
        let select = "SELECT \(columns.sql) FROM \(projection.table.quotedDatabaseIdentifier)"
        var grouped: [Int: [M]] = [:]
        func collect(_ rows: [M]) {
            for row in rows { grouped[row.sampleID, default: []].append(row) }
        }
        if let sampleIDs {
            collect(try Self.fetch(db, sql: "\(select) WHERE sample_id IN \(Self.idList) ORDER BY id",
                                   arguments: [Self.json(sampleIDs)], decode))
        } else {
            collect(try Self.fetch(db, sql: "\(select) ORDER BY id", arguments: [], decode))
        }
        return grouped
    }

    /// Runs `sql` (prepared once per connection) and decodes each row from the statement's
    /// columns; rows that `decode` rejects (a NULL key) are skipped.
    private static func fetch<T>(_ db: Database, sql: String, arguments: StatementArguments,
                                 _ decode: (inout Fields) -> T?) throws -> [T] {
        var result: [T] = []
        let statement = try db.cachedStatement(sql: sql)
        let cursor = try Row.fetchCursor(statement, arguments: arguments)
        while try cursor.next() != nil {
            var fields = Fields(statement.sqliteStatement)
            if let value = decode(&fields) { result.append(value) }
        }
        return result
    }

    // MARK: - Helpers

    /// `ids` without repetitions, in first-occurrence order.
    static func unique(_ ids: [Int]) -> [Int] {
        var seen = Set<Int>()
        return ids.filter { seen.insert($0).inserted }
    }

    /// The ids bound as one argument, whatever their number: no limit on parameters, and one
    /// statement text per query, so it is prepared once.
    static let idList = "(SELECT value FROM json_each(?))"

    /// `[1,2,3]`
    static func json(_ ids: [Int]) -> String {
        "[" + ids.map(String.init).joined(separator: ",") + "]"
    }
}

// MARK: - Columns

/// The columns the reader asks of one table, in the order its decoder consumes them.
private struct Projection: Sendable {
    let table: String
    let columns: [String]
    /// Columns without which the table cannot be read; the others are optional.
    let required: Set<String>

    /// The SELECT list: each wanted column by name, `NULL` in place of an absent optional column.
    /// Throws when the table or a required column is missing.
    func selectList(_ db: Database, path: String) throws -> (sql: String, present: Set<String>) {
        let info = try db.columns(in: table)  // throws when the table does not exist
        let present = Set(info.map { $0.name.lowercased() })
        var parts: [String] = []
        parts.reserveCapacity(columns.count)
        for column in columns {
            if present.contains(column) {
                parts.append(column.quotedDatabaseIdentifier)
            } else if required.contains(column) {
                throw StoreError.failure(
                    "The samples database at \(path) cannot be read: the table \(table) has no column \(column)")
            } else {
                parts.append("NULL")
            }
        }
        return (parts.joined(separator: ", "), present)
    }
}

/// A measurement row, grouped under its sample.
private protocol SampleLinked { var sampleID: Int { get } }

extension IsotopeMeasurement: SampleLinked {}
extension GeochemMeasurement: SampleLinked {}
extension PhysicoMeasurement: SampleLinked {}
extension MoleculeMeasurement: SampleLinked {}

private enum SamplesTable {
    static let projection = Projection(
        table: "samples",
        columns: ["id", "name", "classification", "material_type", "matrix", "sector", "project", "latitude",
                  "longitude", "altitude_m", "collection_date", "collector", "description"],
        required: ["id", "name"])

    static func decode(_ f: inout Fields) -> Sample? {
        guard let id = f.integer() else { return nil }
        return Sample(id: id, name: f.text() ?? "", classificationRaw: f.text(), materialType: f.text(),
                      matrix: f.text(), sector: f.text(), project: f.text(), latitude: f.real(),
                      longitude: f.real(), altitudeM: f.real(), collectionDate: f.text(), collector: f.text(),
                      description: f.text())
    }
}

private enum IsotopeTable {
    static let projection = Projection(
        table: "sample_isotope",
        columns: ["id", "sample_id", "element", "system", "ratio", "ratio_2se", "delta_notation", "delta_value",
                  "delta_2sd", "standard", "instrument", "session_date", "depth_m", "notes"],
        required: ["id", "sample_id"])

    static func decode(_ f: inout Fields) -> IsotopeMeasurement? {
        guard let id = f.integer(), let sampleID = f.integer() else { return nil }
        return IsotopeMeasurement(id: id, sampleID: sampleID, element: f.text(), system: f.text(), ratio: f.real(),
                                  ratio2SE: f.real(), deltaNotation: f.text(), deltaValue: f.real(),
                                  delta2SD: f.real(), standard: f.text(), instrument: f.text(),
                                  sessionDate: f.text(), depthM: f.real(), notes: f.text())
    }
}

private enum GeochemTable {
    static let projection = Projection(
        table: "sample_geochem",
        columns: ["id", "sample_id", "element", "display_value", "display_unit", "value_normalized",
                  "display_uncertainty", "method", "lod", "loq", "depth_m"],
        required: ["id", "sample_id"])

    static func decode(_ f: inout Fields) -> GeochemMeasurement? {
        guard let id = f.integer(), let sampleID = f.integer() else { return nil }
        return GeochemMeasurement(id: id, sampleID: sampleID, element: f.text(), displayValue: f.real(),
                                  displayUnit: f.text(), valueNormalized: f.real(), displayUncertainty: f.real(),
                                  method: f.text(), lod: f.real(), loq: f.real(), depthM: f.real())
    }
}

private enum PhysicoTable {
    static let projection = Projection(
        table: "sample_physicochemistry",
        columns: ["id", "sample_id", "parameter", "value", "uncertainty", "method", "measured_at", "depth_m"],
        required: ["id", "sample_id"])

    static func decode(_ f: inout Fields) -> PhysicoMeasurement? {
        guard let id = f.integer(), let sampleID = f.integer() else { return nil }
        return PhysicoMeasurement(id: id, sampleID: sampleID, parameter: f.text(), value: f.real(),
                                  uncertainty: f.real(), method: f.text(), measuredAt: f.text(), depthM: f.real())
    }
}

private enum MoleculesTable {
    static let projection = Projection(
        table: "sample_molecules",
        columns: ["id", "sample_id", "nom", "cas", "famille", "valeur", "unite", "valeur_ug_l", "incertitude",
                  "lod", "loq", "detecte", "methode", "laboratoire", "date_analyse", "matrice", "conforme",
                  "seuil_ref", "seuil_ref_unit", "depth_m"],
        required: ["id", "sample_id"])

    static func decode(_ f: inout Fields) -> MoleculeMeasurement? {
        guard let id = f.integer(), let sampleID = f.integer() else { return nil }
        return MoleculeMeasurement(id: id, sampleID: sampleID, nom: f.text(), cas: f.text(), famille: f.text(),
                                   valeur: f.real(), unite: f.text(), valeurUgL: f.real(), incertitude: f.real(),
                                   lod: f.real(), loq: f.real(), detecte: f.flag(), methode: f.text(),
                                   laboratoire: f.text(), dateAnalyse: f.text(), matrice: f.text(),
                                   conforme: f.flag(), seuilRef: f.real(), seuilRefUnit: f.text(), depthM: f.real())
    }
}

/// Reads the columns of the statement's current row in SELECT order, straight from SQLite.
/// SQLite does not enforce column types, so the conversions are lenient and never trap: a value
/// that does not fit the expected kind is nil.
private struct Fields {
    let statement: SQLiteStatement
    var index: Int32 = 0

    init(_ statement: SQLiteStatement) { self.statement = statement }

    /// A column as SQLite stores it.
    private enum Stored {
        case null, int64(Int64), double(Double), string(String), blob(Data)
    }

    private var storage: Stored {
        switch sqlite3_column_type(statement, index) {
        case SQLITE_NULL: .null
        case SQLITE_INTEGER: .int64(sqlite3_column_int64(statement, index))
        case SQLITE_FLOAT: .double(sqlite3_column_double(statement, index))
        case SQLITE_TEXT: .string(String(cString: sqlite3_column_text(statement, index)))
        default:
            if let bytes = sqlite3_column_blob(statement, index) {
                .blob(Data(bytes: bytes, count: Int(sqlite3_column_bytes(statement, index))))
            } else {
                .blob(Data())
            }
        }
    }

    private mutating func next() -> Stored {
        defer { index += 1 }
        return storage
    }

    /// TEXT, or a number written as text.
    mutating func text() -> String? {
        switch next() {
        case .null: nil
        case .string(let text): text
        case .int64(let value): String(value)
        case .double(let value): String(value)
        case .blob(let data): String(data: data, encoding: .utf8)
        }
    }

    /// REAL or INTEGER, or a finite number written as text.
    mutating func real() -> Double? {
        let value: Double? = switch next() {
        case .null, .blob: nil
        case .double(let value): value
        case .int64(let value): Double(value)
        case .string(let text): Double(text.trimmingCharacters(in: .whitespaces))
        }
        guard let value, value.isFinite else { return nil }
        return value
    }

    /// INTEGER, or a whole REAL, or an integer written as text.
    mutating func integer() -> Int? {
        switch next() {
        case .null, .blob: nil
        case .int64(let value): Int(exactly: value)
        case .double(let value): Int(exactly: value)
        case .string(let text): Int(text.trimmingCharacters(in: .whitespaces))
        }
    }

    /// A 0/1 flag: any non-zero number is true; text `1`/`true`/`yes`/`oui` or `0`/`false`/`no`/`non`.
    mutating func flag() -> Bool? {
        switch next() {
        case .null, .blob: return nil
        case .int64(let value): return value != 0
        case .double(let value): return value.isNaN ? nil : value != 0
        case .string(let text):
            switch text.trimmingCharacters(in: .whitespaces).lowercased() {
            case "1", "true", "yes", "oui": return true
            case "0", "false", "no", "non": return false
            default: return nil
            }
        }
    }
}
