import Foundation
import IsoFindDomain
import IsoFindJSON

/// The service's configuration: one JSON file, each key overridable by an `ISOFIND_REPORTS_<KEY>`
/// environment variable (upper case), e.g. `ISOFIND_REPORTS_LICENCE=pro`. Unknown keys are an
/// error, so a typo never silently leaves a default in force.
public struct ServiceConfiguration: Sendable, Equatable {
    /// Where `reports.db`, `reports/`, `branding/`, `keys/` and `tiles/` live.
    public var dataDir: String
    /// IsoFind's samples database (read-only).
    public var samplesDB: String
    /// IsoFind's Nexus sessions database, `workflows.db` (read-only).
    public var sessionsDB: String
    /// The licence tier of this installation; it decides which blocks may be generated.
    public var licence: Licence
    /// FastCGI worker threads, i.e. requests served at once.
    public var threads: Int
    /// The only folder from which `mbtiles_path` may name basemap files.
    public var tilesDir: String
    /// trace, debug, info, notice, warning, error or critical.
    public var logLevel: String

    public static let defaultDataDir = "/var/lib/isofind-reports"
    public static let defaultPath = "/etc/isofind-reports/config.json"
    public static let environmentPrefix = "ISOFIND_REPORTS_"

    public var storePath: String { (dataDir as NSString).appendingPathComponent("reports.db") }

    /// Every key, its default and meaning: the README's configuration table is written from this.
    public static let keys: [(key: String, defaultValue: String, meaning: String)] = [
        ("data_dir", defaultDataDir, "data folder: reports.db, reports/, branding/, keys/, tiles/"),
        ("samples_db", "<data_dir>/isofind.db", "IsoFind samples database (read-only)"),
        ("sessions_db", "<data_dir>/workflows.db", "IsoFind Nexus sessions database (read-only)"),
        ("licence", "research", "licence tier: research, research+, pro or enterprise"),
        ("threads", "8", "FastCGI worker threads (requests served at once), 1–256"),
        ("tiles_dir", "<data_dir>/tiles", "the only folder allowed for mbtiles_path"),
        ("log_level", "info", "trace, debug, info, notice, warning, error, critical"),
    ]

    static let schema = ObjectSchema("Configuration", [
        Field("data_dir", .string(StringRules(minLength: 1))),
        Field("samples_db", .string(StringRules(minLength: 1))),
        Field("sessions_db", .string(StringRules(minLength: 1))),
        Field("licence", .string(StringRules(oneOf: Licence.allCases.map(\.rawValue)))),
        Field("threads", .integer(minimum: 1, maximum: 256)),
        Field("tiles_dir", .string(StringRules(minLength: 1))),
        Field("log_level", .string(StringRules(oneOf: ["trace", "debug", "info", "notice", "warning", "error", "critical"]))),
    ])

    public struct LoadError: Error, CustomStringConvertible {
        public let description: String
    }

    /// Reads `path` (when given, it must exist; when nil, `/etc/isofind-reports/config.json` is read
    /// if present) and applies environment overrides.
    public static func load(path: String?, environment: [String: String]) throws -> ServiceConfiguration {
        var values: [String: JSONValue] = [:]
        let file = path ?? (FileManager.default.fileExists(atPath: defaultPath) ? defaultPath : nil)
        if let file {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw LoadError(description: "cannot read the configuration file \(file)")
            }
            do {
                guard let object = try JSONParser.parse(data).objectValue else {
                    throw LoadError(description: "\(file): the configuration must be a JSON object")
                }
                values = object
            } catch let error as JSONParseError {
                throw LoadError(description: "\(file): not valid JSON at byte \(error.offset): \(error.message)")
            }
        }
        for field in schema.fields {
            guard let text = environment[environmentPrefix + field.name.uppercased()] else { continue }
            if case .integer = field.schema {
                guard let integer = JSONValue.integer(parameterText: text) else {
                    throw LoadError(description: "\(environmentPrefix + field.name.uppercased()) must be an integer, not '\(text)'")
                }
                values[field.name] = .int(Int64(integer))
            } else {
                values[field.name] = .string(text)
            }
        }
        let issues = Schema.object(schema).validate(.object(values))
        if !issues.isEmpty {
            let lines = issues.map { issue in
                let key = issue.loc.map { component -> String in
                    if case .key(let name) = component { return name }
                    return "?"
                }.joined(separator: ".")
                return "\(key): \(issue.msg)"
            }
            throw LoadError(description: "invalid configuration (\(file ?? "environment")): " + lines.joined(separator: "; "))
        }
        let dataDir = values["data_dir"]?.stringValue ?? defaultDataDir
        func inData(_ name: String) -> String { (dataDir as NSString).appendingPathComponent(name) }
        return ServiceConfiguration(
            dataDir: dataDir,
            samplesDB: values["samples_db"]?.stringValue ?? inData("isofind.db"),
            sessionsDB: values["sessions_db"]?.stringValue ?? inData("workflows.db"),
            licence: values["licence"]?.stringValue.flatMap(Licence.init(rawValue:)) ?? .research,
            threads: values["threads"]?.integerValue ?? 8,
            tilesDir: values["tiles_dir"]?.stringValue ?? inData("tiles"),
            logLevel: values["log_level"]?.stringValue ?? "info")
    }
}
