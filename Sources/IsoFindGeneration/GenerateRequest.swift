import IsoFindDomain
import IsoFindJSON
import IsoFindReport

/// A `ReportGenerateRequest`, read once from the parsed JSON body into a value that cannot be
/// invalid: the schema's checks (types, ranges, lengths, unknown fields, the NUL and number
/// rules), then the rules that need only the body (a template or blocks; at most ten scenarios;
/// every snapshot a decodable PNG or JPEG). Every problem is listed in one `.invalid`, FastAPI
/// style. What needs the store or the configuration (the template, the custom blocks, the
/// samples, the Nexus session, the tiles folder, the licence) is checked by the pipeline next.
public struct GenerateRequest: Sendable {
    /// The template to use; it wins over `blocks`.
    public var templateID: Int?
    /// The blocks, in order, when no template is named (ignored, with a note, when one is).
    public var blocks: [BlockKey]?
    public var title: String
    /// The samples to include; nil or empty lets the project, the session or "all" decide.
    public var sampleIDs: [Int]?
    public var nexusSessionID: Int?
    /// The language asked for; nil lets the template decide (else French, the seed's default).
    public var language: Language?
    public var isPreview: Bool
    /// `mbtiles_path` as given; the pipeline resolves it inside the tiles folder.
    public var mbtilesPath: String?
    /// The request dicts, snapshots decoded.
    public var inputs: ReportInputs
    /// The same dicts as the client sent them (`project_data`, `project`, `nexus_result`,
    /// `auto_context_result`, `scoring_result`, `simulation_result`, `scenarios`), for custom
    /// blocks' `data`; absent when null or not given.
    public var requestData: [String: JSONValue] = [:]

    /// The request fields that custom blocks see, as sent.
    public static let requestDataFields = [
        "project_data", "project", "nexus_result", "auto_context_result", "scoring_result", "simulation_result", "scenarios",
    ]

    public init(templateID: Int? = nil, blocks: [BlockKey]? = nil, title: String = GenerateRequest.defaultTitle,
                sampleIDs: [Int]? = nil, nexusSessionID: Int? = nil, language: Language? = nil, isPreview: Bool = false,
                mbtilesPath: String? = nil, inputs: ReportInputs = ReportInputs()) {
        self.templateID = templateID
        self.blocks = blocks
        self.title = title
        self.sampleIDs = sampleIDs
        self.nexusSessionID = nexusSessionID
        self.language = language
        self.isPreview = isPreview
        self.mbtilesPath = mbtilesPath
        self.inputs = inputs
    }

    public static let defaultTitle = "IsoFind Report"

    /// Reads a request body (the bytes of a JSON document).
    public init(body: some Collection<UInt8>) throws(GenerationError) {
        let value: JSONValue
        do {
            value = try JSONParser.parse(body)
        } catch {
            throw .invalid([error.bodyIssue])
        }
        try self.init(json: value)
    }

    /// Reads a parsed body. Every problem is listed in one `.invalid`: the schema's, then the
    /// body's own rules (a rule's problem under a location the schema already refused is left
    /// out). Locations start with "body".
    public init(json: JSONValue) throws(GenerationError) {
        let schemaIssues = Schema.object(Self.schema).validate(json)
        guard let fields = json.objectValue else { throw .invalid(schemaIssues.map { $0.prefixed(["body"]) }) }
        func value(_ key: String) -> JSONValue? { fields[key].flatMap { $0.isNull ? nil : $0 } }
        var issues: [ValidationIssue] = []
        templateID = value("template_id")?.integerValue
        blocks = value("blocks")?.arrayValue?.compactMap { $0.stringValue.flatMap(BlockKey.init) }
        if value("template_id") == nil, value("blocks") == nil {
            issues.append(ValidationIssue(loc: [], msg: "Either template_id or blocks is required.", type: "missing"))
        }
        title = value("title")?.stringValue ?? Self.defaultTitle
        sampleIDs = value("sample_ids")?.arrayValue?.compactMap(\.integerValue)
        nexusSessionID = value("nexus_session_id")?.integerValue
        language = value("language")?.stringValue.flatMap(Language.init(rawValue:))
        isPreview = value("is_preview")?.boolValue ?? false
        mbtilesPath = value("mbtiles_path")?.stringValue
        inputs = ReportInputs(lenient: LenientObject(json)!, issues: &issues)
        for field in Self.requestDataFields { requestData[field] = value(field) }
        let refused = schemaIssues.map(\.loc)
        let all = schemaIssues + issues.filter { issue in !refused.contains { issue.loc.starts(with: $0) } }
        guard all.isEmpty else { throw .invalid(all.map { $0.prefixed(["body"]) }) }
    }

    static func dict(_ description: String) -> Schema { .nullable(.anyObject(description: description)) }

    /// The schema of the body (the seed page's sixteen fields plus `is_preview`), which both
    /// validates it and documents it in the OpenAPI document. The request dicts are free-form
    /// objects whose known keys are read tolerantly; unknown keys inside them are ignored (only
    /// the top level refuses unknown fields).
    public static let schema = ObjectSchema("ReportGenerateRequest", [
        Field("template_id", .nullable(.integer(minimum: 1)), "ID of an existing template; wins over `blocks`."),
        Field("blocks", .nullable(.array(BlockSchemas.key, ArrayRules(minItems: 1, maxItems: 80))),
              "Ad hoc list of block keys (when no template_id)."),
        Field("title", .string(StringRules(minLength: 1, maxLength: 300)), default: .string(defaultTitle), "Report title."),
        Field("sample_ids", .nullable(.array(.integer(minimum: 1), ArrayRules(maxItems: 10_000))), "Samples to include."),
        Field("project", .nullable(.string(StringRules(maxLength: 300))), "Project name (selects its samples)."),
        Field("project_data", dict("{name, objective, constraints, client, reference}; wins over `project`.")),
        Field("nexus_session_id", .nullable(.integer(minimum: 1)), "Loads that Nexus session's result."),
        Field("nexus_result", dict("A Nexus result given directly (alternative to nexus_session_id).")),
        Field("auto_context_result", dict("Automatic geochemical context result.")),
        Field("scoring_result", dict("Matching or scoring result.")),
        Field("licence_data", dict("Licence holder, tier, number, expiry: printed only, never unlocks anything.")),
        Field("language", .string(StringRules(oneOf: Language.allCases.map(\.rawValue))), default: "fr", "Report language."),
        Field("is_preview", .boolean, default: false,
              "Preview mode: forced to true by /preview. /generate makes a final report and refuses true (422)."),
        Field("mbtiles_path", .nullable(.string(StringRules(maxLength: 1000))), "An .mbtiles file inside the configured tiles folder."),
        Field("snapshots", dict("{map: [img], section: [img]}: base64 PNG or JPEG (data: URI allowed) or {image, caption}.")),
        Field("simulation_result", dict("CSIA or redox simulation result; required by sim_* blocks.")),
        Field("scenarios", .nullable(.array(.anyObject(description: "{id, label, ts, meta}"),
                                            ArrayRules(maxItems: ReportInputs.maximumScenarioCount))),
              "Saved scenarios for scenario_comparison (at most 10)."),
    ])
}

/// The schemas of block keys, shared by generation requests and templates.
public enum BlockSchemas {
    /// One block key. The syntax is checked by the schema; that the key names a block of the
    /// registry (built-in, or an active custom block) is checked next, reported as
    /// `unknown block key`.
    public static let key = Schema.ref("BlockKey", .string(StringRules(
        pattern: (BlockKey.pattern, { BlockKey.isWellFormed($0) }),
        examples: BlockRegistry.builtin.keys.map(\.rawValue))))
}
