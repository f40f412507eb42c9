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
    /// FastCGI threads for every request but the renders waiting for or running on the render
    /// pool; the server starts `threads + render.workers + render.queueDepth` in all, so these
    /// are always free for token checks, listings and downloads (README, "Rendering never
    /// starves the fast calls").
    public var threads: Int
    /// The only folder from which `mbtiles_path` may name basemap files.
    public var tilesDir: String
    /// trace, debug, info, notice, warning, error or critical.
    public var logLevel: String
    /// Custom Python blocks: the worker pool and its limits.
    public var python: PythonSettings = PythonSettings()
    /// How final reports are signed.
    public var signing: SigningSettings = SigningSettings()
    /// The render pool: how many reports are rendered at once and how many may wait.
    public var render: RenderSettings = RenderSettings()

    /// The `render_*` keys (README, "Rendering never starves the fast calls").
    public struct RenderSettings: Sendable, Equatable {
        /// Reports rendered at once (`/preview` and `/generate`): the render pool's threads.
        public var workers = RenderSettings.cores
        /// Reports that may wait for a render thread; the next one gets 503 with Retry-After.
        public var queueDepth = 32
        /// How long a report may wait for a render thread before it gets 503, seconds. Below
        /// nginx's `fastcgi_read_timeout` (120 s), so the client never sees nginx's 504.
        public var queueWaitSeconds = 30

        /// The machine's cores (those this process may run on).
        public static var cores: Int { max(1, ProcessInfo.processInfo.activeProcessorCount) }

        public init() {}
    }

    /// The `signing_*` keys (README, "Signed reports").
    public struct SigningSettings: Sendable, Equatable {
        /// A PEM private key (unencrypted) to sign with instead of the installation's own key.
        public var keyPath: String?
        /// Its certificate chain, PEM, the signer's certificate first. Set with `keyPath`.
        public var certificatePath: String?
        /// The organisation the installation's self-signed certificate names when it is made
        /// (first start); default: the branding's organisation name at that moment.
        public var organization: String?

        public init(keyPath: String? = nil, certificatePath: String? = nil, organization: String? = nil) {
            self.keyPath = keyPath
            self.certificatePath = certificatePath
            self.organization = organization
        }
    }

    /// The `python_*` keys: how custom blocks run (README, "Custom Python blocks").
    public struct PythonSettings: Sendable, Equatable {
        /// Worker processes, i.e. custom blocks run at once.
        public var workers = 2
        /// Wall time per block, seconds, waiting for a free worker included.
        public var blockSeconds = 5
        /// CPU time per block, seconds.
        public var blockCPUSeconds = 5
        /// Address space of a worker, MiB.
        public var memoryMiB = 512
        public var maxStoryItems = 5000
        public var maxTextMiB = 2
        public var maxImageMiB = 10
        /// What a block prints that is kept for the log, KiB.
        public var maxPrintKiB = 64
        /// Outbound network for blocks; off unless set.
        public var network = false
        /// A worker is replaced after this many jobs.
        public var workerMaxJobs = 200

        public init() {}
    }

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
        ("threads", "8", "FastCGI threads kept for everything but rendering (token checks, listings, downloads…), 1–256; the server starts threads + render_workers + render_queue_depth"),
        ("render_workers", "(the machine's cores)", "reports rendered at once (/preview, /generate), on threads of lower CPU priority, 1–64"),
        ("render_queue_depth", "32", "reports that may wait for a render thread, 0–1024; one more gets 503 with Retry-After"),
        ("render_queue_wait_seconds", "30", "how long a report may wait for a render thread before it gets 503 with Retry-After, s, 1–110"),
        ("tiles_dir", "<data_dir>/tiles", "the only folder allowed for mbtiles_path"),
        ("log_level", "info", "trace, debug, info, notice, warning, error, critical"),
        ("python_workers", "2", "custom blocks: sandboxed Python worker processes (blocks run at once), 1–64"),
        ("python_block_seconds", "5", "custom blocks: wall time per block, s (the worker is killed at the deadline), 1–300"),
        ("python_block_cpu_seconds", "5", "custom blocks: CPU time per block, s (RLIMIT_CPU), 1–300"),
        ("python_memory_mib", "512", "custom blocks: address space of a worker, MiB (RLIMIT_AS), 128–65536"),
        ("python_max_story_items", "5000", "custom blocks: story items per block, 1–100000"),
        ("python_max_text_mib", "2", "custom blocks: text per block, MiB, 1–64"),
        ("python_max_image_mib", "10", "custom blocks: images per block, MiB, 1–64"),
        ("python_max_print_kib", "64", "custom blocks: printed output kept for the log per block, KiB, 1–1024"),
        ("python_network", "false", "custom blocks: allow outbound network (true/false)"),
        ("python_worker_max_jobs", "200", "custom blocks: a worker is replaced after this many jobs, 1–100000"),
        ("signing_key", "(none: <data_dir>/keys/signing-key.pem, made on first start)",
         "signing: a PEM private key (unencrypted, ECDSA or RSA) to sign final reports with; set with signing_certificate"),
        ("signing_certificate", "(none)", "signing: the key's certificate chain (PEM, the signer's certificate first, then intermediates)"),
        ("signing_organization", "(the branding's organisation name)", "signing: the organisation the installation's own certificate names, when it is made on first start"),
    ]

    static let schema = ObjectSchema("Configuration", [
        Field("data_dir", .string(StringRules(minLength: 1))),
        Field("samples_db", .string(StringRules(minLength: 1))),
        Field("sessions_db", .string(StringRules(minLength: 1))),
        Field("licence", .string(StringRules(oneOf: Licence.allCases.map(\.rawValue)))),
        Field("threads", .integer(minimum: 1, maximum: 256)),
        Field("render_workers", .integer(minimum: 1, maximum: 64)),
        Field("render_queue_depth", .integer(minimum: 0, maximum: 1024)),
        Field("render_queue_wait_seconds", .integer(minimum: 1, maximum: 110)),
        Field("tiles_dir", .string(StringRules(minLength: 1))),
        Field("log_level", .string(StringRules(oneOf: ["trace", "debug", "info", "notice", "warning", "error", "critical"]))),
        Field("python_workers", .integer(minimum: 1, maximum: 64)),
        Field("python_block_seconds", .integer(minimum: 1, maximum: 300)),
        Field("python_block_cpu_seconds", .integer(minimum: 1, maximum: 300)),
        Field("python_memory_mib", .integer(minimum: 128, maximum: 65536)),
        Field("python_max_story_items", .integer(minimum: 1, maximum: 100_000)),
        Field("python_max_text_mib", .integer(minimum: 1, maximum: 64)),
        Field("python_max_image_mib", .integer(minimum: 1, maximum: 64)),
        Field("python_max_print_kib", .integer(minimum: 1, maximum: 1024)),
        Field("python_network", .boolean),
        Field("python_worker_max_jobs", .integer(minimum: 1, maximum: 100_000)),
        Field("signing_key", .string(StringRules(minLength: 1))),
        Field("signing_certificate", .string(StringRules(minLength: 1))),
        Field("signing_organization", .string(StringRules(minLength: 1, maxLength: 64))),
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
            } else if case .boolean = field.schema {
                switch text.lowercased() {
                case "true", "1", "yes", "on": values[field.name] = .bool(true)
                case "false", "0", "no", "off": values[field.name] = .bool(false)
                default:
                    throw LoadError(description: "\(environmentPrefix + field.name.uppercased()) must be true or false, not '\(text)'")
                }
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
        var python = PythonSettings()
        func integer(_ key: String, _ target: inout Int) { if let value = values[key]?.integerValue { target = value } }
        integer("python_workers", &python.workers)
        integer("python_block_seconds", &python.blockSeconds)
        integer("python_block_cpu_seconds", &python.blockCPUSeconds)
        integer("python_memory_mib", &python.memoryMiB)
        integer("python_max_story_items", &python.maxStoryItems)
        integer("python_max_text_mib", &python.maxTextMiB)
        integer("python_max_image_mib", &python.maxImageMiB)
        integer("python_max_print_kib", &python.maxPrintKiB)
        integer("python_worker_max_jobs", &python.workerMaxJobs)
        python.network = values["python_network"]?.boolValue ?? false
        var render = RenderSettings()
        integer("render_workers", &render.workers)
        integer("render_queue_depth", &render.queueDepth)
        integer("render_queue_wait_seconds", &render.queueWaitSeconds)
        let signing = SigningSettings(keyPath: values["signing_key"]?.stringValue,
                                      certificatePath: values["signing_certificate"]?.stringValue,
                                      organization: values["signing_organization"]?.stringValue)
        if (signing.keyPath == nil) != (signing.certificatePath == nil) {
            throw LoadError(description: "invalid configuration (\(file ?? "environment")): signing_key and signing_certificate go together: set both, or neither to use the installation's own key")
        }
        return ServiceConfiguration(
            dataDir: dataDir,
            samplesDB: values["samples_db"]?.stringValue ?? inData("isofind.db"),
            sessionsDB: values["sessions_db"]?.stringValue ?? inData("workflows.db"),
            licence: values["licence"]?.stringValue.flatMap(Licence.init(rawValue:)) ?? .research,
            threads: values["threads"]?.integerValue ?? 8,
            tilesDir: values["tiles_dir"]?.stringValue ?? inData("tiles"),
            logLevel: values["log_level"]?.stringValue ?? "info", python: python, signing: signing, render: render)
    }
}
