import Foundation
import GRDB

/// What `DemoData.write(to:seed:)` wrote.
public struct DemoDataSummary: Sendable, Codable, Equatable {
    /// Path of the samples database (`isofind.db`).
    public let samplesDatabase: String
    /// Path of the Nexus sessions database (`workflows.db`).
    public let sessionsDatabase: String
    public let samples: Int
    public let isotopeMeasurements: Int
    public let geochemMeasurements: Int
    public let physicoMeasurements: Int
    public let molecules: Int
    public let sessions: Int

    public init(samplesDatabase: String, sessionsDatabase: String, samples: Int, isotopeMeasurements: Int,
                geochemMeasurements: Int, physicoMeasurements: Int, molecules: Int, sessions: Int) {
        self.samplesDatabase = samplesDatabase
        self.sessionsDatabase = sessionsDatabase
        self.samples = samples
        self.isotopeMeasurements = isotopeMeasurements
        self.geochemMeasurements = geochemMeasurements
        self.physicoMeasurements = physicoMeasurements
        self.molecules = molecules
        self.sessions = sessions
    }
}

public enum DemoDataError: Error, CustomStringConvertible, Sendable {
    /// The folder could not be created or is not a folder.
    case directoryUnavailable(path: String, reason: String)
    /// The finished temporary file could not be renamed over the destination.
    case replaceFailed(path: String, errno: Int32)

    public var description: String {
        switch self {
        case let .directoryUnavailable(path, reason):
            "cannot use \(path) as the demo-data folder: \(reason)"
        case let .replaceFailed(path, code):
            "cannot replace \(path): \(String(cString: strerror(code)))"
        }
    }
}

/// Realistic, deterministic demo databases: IsoFind's samples database and its Nexus sessions
/// database, for a fictional former Pb–Zn mining and smelting valley in the Cévennes (France).
/// docs/data-sources.md describes both schemas.
public enum DemoData {
    public static let samplesFileName = "isofind.db"
    public static let sessionsFileName = "workflows.db"
    public static let defaultSeed: UInt64 = 20_261_129

    /// The DDL of the samples database (tables `samples`, `sample_isotope`, `sample_geochem`,
    /// `sample_physicochemistry`, `sample_molecules` and their `sample_id` indexes).
    public static let samplesSchemaSQL: String = Schema.samples

    /// The DDL of the sessions database (table `nexus_sessions` and its indexes).
    public static let sessionsSchemaSQL: String = Schema.sessions

    /// Writes both databases into `directory` (created if needed). Existing files of those names
    /// are replaced atomically (each is written to a temporary file in the same folder, then
    /// renamed over the old one). Deterministic: the same seed gives the same content.
    @discardableResult
    public static func write(to directory: URL, seed: UInt64 = 20_261_129) throws -> DemoDataSummary {
        let folder = directory.standardizedFileURL
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw DemoDataError.directoryUnavailable(path: folder.path, reason: "\(error)")
        }
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder), isFolder.boolValue else {
            throw DemoDataError.directoryUnavailable(path: folder.path, reason: "not a directory")
        }

        let data = DemoDataset.build(seed: seed)
        let samplesURL = folder.appendingPathComponent(samplesFileName)
        let sessionsURL = folder.appendingPathComponent(sessionsFileName)

        // Both temporary files are complete before either destination is touched.
        let samplesTemp = try DatabaseFile.writeTemporary(next: samplesURL) { db in
            try db.execute(sql: samplesSchemaSQL)
            try data.insertSamples(db)
        }
        let sessionsTemp: URL
        do {
            sessionsTemp = try DatabaseFile.writeTemporary(next: sessionsURL) { db in
                try db.execute(sql: sessionsSchemaSQL)
                try data.insertSessions(db)
            }
        } catch {
            DatabaseFile.remove(samplesTemp)
            throw error
        }
        do {
            try DatabaseFile.replace(samplesURL, with: samplesTemp)
        } catch {
            DatabaseFile.remove(sessionsTemp)
            throw error
        }
        try DatabaseFile.replace(sessionsURL, with: sessionsTemp)

        return DemoDataSummary(
            samplesDatabase: samplesURL.path, sessionsDatabase: sessionsURL.path,
            samples: data.samples.count, isotopeMeasurements: data.isotopes.count,
            geochemMeasurements: data.geochem.count, physicoMeasurements: data.physico.count,
            molecules: data.molecules.count, sessions: data.sessions.count)
    }
}

/// Writing a SQLite file in one transaction, then putting it in place with rename(2).
enum DatabaseFile {
    static let sidecars = ["-journal", "-wal", "-shm"]

    /// Creates a new database next to `destination`, fills it in one transaction, closes it,
    /// and returns its URL.
    static func writeTemporary(next destination: URL, _ fill: (Database) throws -> Void) throws -> URL {
        let folder = destination.deletingLastPathComponent()
        let temp = folder.appendingPathComponent(
            ".\(destination.lastPathComponent).\(getpid()).\(UUID().uuidString.prefix(8)).tmp")
        do {
            var configuration = Configuration()
            configuration.label = "IsoFindDemoData"
            let queue = try DatabaseQueue(path: temp.path, configuration: configuration)
            try queue.write { db in try fill(db) }
            try queue.close()
        } catch {
            remove(temp)
            throw error
        }
        return temp
    }

    /// Renames `temp` over `destination` (atomic on POSIX file systems). Journal or WAL files left
    /// by the previous database would not belong to the new one: they are removed.
    static func replace(_ destination: URL, with temp: URL) throws {
        for suffix in sidecars { unlink(destination.path + suffix) }
        guard rename(temp.path, destination.path) == 0 else {
            let code = errno
            remove(temp)
            throw DemoDataError.replaceFailed(path: destination.path, errno: code)
        }
        for suffix in sidecars { unlink(destination.path + suffix) }
    }

    static func remove(_ file: URL) {
        unlink(file.path)
        for suffix in sidecars { unlink(file.path + suffix) }
    }
}
