// The dicts a generation request carries (docs/spec domain.md "Where the data comes from" →
// "Request dicts"), as typed, tolerant models. The rule: every field is optional; unknown keys
// are ignored; a key that is missing, null or of the wrong type decodes to nil ("not provided")
// and never makes the request fail. Decoding only throws when the value being decoded is not a
// JSON object at all, and the parent turns that into nil too.
//
// Accepted leniencies, the same for every field:
// - a number may be given as a JSON string ("0.71", " -5.2 "): plain decimal or exponent notation,
//   finite; anything else (`"abc"`, `"nan"`, `"0,71"`) is nil;
// - an integer field takes an integral number (`12`, `12.0`, `"12"`); `12.5` is nil;
// - a text field takes a string, or a number, kept as its text (`12` → "12", `0.5` → "0.5"),
//   because references, sample names and ids are often numeric; a bool, object or array is nil;
// - a boolean field takes `true`/`false`, the numbers 0 and 1 (SQLite booleans), and the strings
//   "true"/"false"/"1"/"0" in any case;
// - in a list, an element of the wrong kind (not an object where objects are expected) is dropped;
//   the others are kept, in order. Snapshots are the exception: every element is kept so that a
//   bad one can be reported by its index (RequestDataSnapshots.swift).
// Values are kept as given (no trimming, no unit conversion); formatting is the renderer's job.

import Foundation

// MARK: - The whole request

/// The data dicts of a `ReportGenerateRequest`, decoded from the request body. The other
/// request fields (`template_id`, `blocks`, `title`, `language`…) are ignored here.
public struct ReportInputs: Sendable, Equatable, Decodable {
    /// At most this many `scenarios` are accepted (more → 422).
    public static let maximumScenarioCount = 10

    /// `project_data`: the full project object; takes priority over `project`.
    public var projectData: ProjectData?
    /// `project`: a plain project name.
    public var project: String?
    /// `nexus_result` given directly (a Nexus session's `result_json` decodes to the same type).
    public var nexusResult: NexusResult?
    public var autoContextResult: AutoContextResult?
    public var scoringResult: ScoringResult?
    /// `licence_data`, printed only.
    public var licenceData: LicenceData?
    public var simulationResult: SimulationResult?
    /// Saved scenarios, in the order given.
    public var scenarios: [Scenario]?
    public var snapshots: Snapshots?

    enum CodingKeys: String, CodingKey {
        case projectData = "project_data"
        case project
        case nexusResult = "nexus_result"
        case autoContextResult = "auto_context_result"
        case scoringResult = "scoring_result"
        case licenceData = "licence_data"
        case simulationResult = "simulation_result"
        case scenarios
        case snapshots
    }

    public init(projectData: ProjectData? = nil, project: String? = nil, nexusResult: NexusResult? = nil,
                autoContextResult: AutoContextResult? = nil, scoringResult: ScoringResult? = nil,
                licenceData: LicenceData? = nil, simulationResult: SimulationResult? = nil,
                scenarios: [Scenario]? = nil, snapshots: Snapshots? = nil) {
        self.projectData = projectData
        self.project = project
        self.nexusResult = nexusResult
        self.autoContextResult = autoContextResult
        self.scoringResult = scoringResult
        self.licenceData = licenceData
        self.simulationResult = simulationResult
        self.scenarios = scenarios
        self.snapshots = snapshots
    }

    /// Throws only when the body is not a JSON object.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        projectData = c.lenientObject(ProjectData.self, forKey: .projectData)
        project = c.lenient(String.self, forKey: .project)
        nexusResult = c.lenientObject(NexusResult.self, forKey: .nexusResult)
        autoContextResult = c.lenientObject(AutoContextResult.self, forKey: .autoContextResult)
        scoringResult = c.lenientObject(ScoringResult.self, forKey: .scoringResult)
        licenceData = c.lenientObject(LicenceData.self, forKey: .licenceData)
        simulationResult = c.lenientObject(SimulationResult.self, forKey: .simulationResult)
        scenarios = c.lenientArray(Scenario.self, forKey: .scenarios)
        snapshots = c.lenientObject(Snapshots.self, forKey: .snapshots)
    }

    /// The project's display name: `project_data.name`, else `project` (see
    /// `ProjectData.displayName(fallback:)`).
    public var projectName: String? {
        if let projectData { return projectData.displayName(fallback: project) }
        return ProjectData.nonBlank(project)
    }

    /// The problems that make the request a 422, located in the body without the "body" prefix:
    /// more than `maximumScenarioCount` scenarios (`["scenarios"]`), and every snapshot that is
    /// not a decodable PNG or JPEG (`["snapshots", "map", 1]`).
    public func validationIssues() -> [ValidationIssue] {
        var issues: [ValidationIssue] = []
        if let scenarios, scenarios.count > Self.maximumScenarioCount {
            issues.append(ValidationIssue(
                loc: ["scenarios"],
                msg: "at most \(Self.maximumScenarioCount) scenarios are accepted, \(scenarios.count) were given"))
        }
        if let snapshots { issues += snapshots.validationIssues() }
        return issues
    }
}

// MARK: - project_data

/// `project_data`: `{name, objective, constraints: str | [str], client, reference}`.
public struct ProjectData: Sendable, Equatable, Decodable {
    public var name: String?
    public var objective: String?
    /// A single string is kept as a one-element list; blank entries are dropped.
    public var constraints: [String]?
    public var client: String?
    public var reference: String?

    enum CodingKeys: String, CodingKey {
        case name, objective, constraints, client, reference
    }

    public init(name: String? = nil, objective: String? = nil, constraints: [String]? = nil,
                client: String? = nil, reference: String? = nil) {
        self.name = name
        self.objective = objective
        self.constraints = constraints
        self.client = client
        self.reference = reference
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = c.lenient(String.self, forKey: .name)
        objective = c.lenient(String.self, forKey: .objective)
        constraints = c.lenientStrings(forKey: .constraints)?
            .filter { !$0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
        client = c.lenient(String.self, forKey: .client)
        reference = c.lenient(String.self, forKey: .reference)
    }

    /// The name to print: `name` when it is not blank, else `project` when it is not blank, else
    /// nil. Surrounding spaces are removed.
    public func displayName(fallback project: String?) -> String? {
        Self.nonBlank(name) ?? Self.nonBlank(project)
    }

    static func nonBlank(_ text: String?) -> String? {
        guard let trimmed = text?.trimmingCharacters(in: .whitespacesAndNewlines), !trimmed.isEmpty else {
            return nil
        }
        return trimmed
    }
}

// MARK: - licence_data

/// `licence_data`: `{holder, tier, number, expires}`, printed as given.
public struct LicenceData: Sendable, Equatable, Decodable {
    public var holder: String?
    /// As given, e.g. `pro` or `research+`.
    public var tier: String?
    public var number: String?
    /// As given, normally `YYYY-MM-DD`.
    public var expires: String?

    enum CodingKeys: String, CodingKey {
        case holder, tier, number, expires
    }

    public init(holder: String? = nil, tier: String? = nil, number: String? = nil, expires: String? = nil) {
        self.holder = holder
        self.tier = tier
        self.number = number
        self.expires = expires
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        holder = c.lenient(String.self, forKey: .holder)
        tier = c.lenient(String.self, forKey: .tier)
        number = c.lenient(String.self, forKey: .number)
        expires = c.lenient(String.self, forKey: .expires)
    }

    /// `tier` as a known licence (case and surrounding spaces ignored), or nil.
    public var licence: Licence? {
        tier.flatMap { Licence(rawValue: $0.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()) }
    }
}

// MARK: - scenarios

/// One value of a scenario's `meta`: a JSON scalar, kept for display and comparison. Numbers are
/// compared as numbers (`10` equals `10.0`); a number never equals a string (`10` ≠ `"10"`).
public enum ScenarioValue: Sendable, Hashable, Decodable {
    case string(String)
    case number(Double)
    case bool(Bool)
    case null

    /// Throws for an object or an array (such a `meta` entry is dropped).
    public init(from decoder: any Decoder) throws {
        switch JSONScalar(decoder: decoder) {
        case .null: self = .null
        case .bool(let value): self = .bool(value)
        case .number(let value): self = .number(value)
        case .string(let value): self = .string(value)
        case .composite:
            throw DecodingError.typeMismatch(ScenarioValue.self, DecodingError.Context(
                codingPath: decoder.codingPath, debugDescription: "expected a string, number, bool or null"))
        }
    }

    public var isNull: Bool { self == .null }
}

/// A saved scenario: `{id, label, ts, meta: {parameter: value, ...}}`.
public struct Scenario: Sendable, Equatable, Decodable {
    /// As given (a numeric id is kept as its text).
    public var id: String?
    public var label: String?
    /// The time stamp as given (an ISO date, or epoch seconds or milliseconds as text).
    public var ts: String?
    /// The parameters. Entries whose value is an object or an array are dropped. Swift dictionaries
    /// have no stable order: use `Scenario.parameterNames(_:)` to lay out a table.
    public var meta: [String: ScenarioValue]?

    enum CodingKeys: String, CodingKey {
        case id, label, ts, meta
    }

    public init(id: String? = nil, label: String? = nil, ts: String? = nil, meta: [String: ScenarioValue]? = nil) {
        self.id = id
        self.label = label
        self.ts = ts
        self.meta = meta
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = c.lenient(String.self, forKey: .id)
        label = c.lenient(String.self, forKey: .label)
        ts = c.lenient(String.self, forKey: .ts)
        if let object = try? c.nestedContainer(keyedBy: AnyCodingKey.self, forKey: .meta) {
            var meta: [String: ScenarioValue] = [:]
            for key in object.allKeys {
                if let value = try? object.decode(ScenarioValue.self, forKey: key) {
                    meta[key.stringValue] = value
                }
            }
            self.meta = meta
        } else {
            meta = nil
        }
    }

    /// The value of a parameter; `.null` when it is absent.
    public func value(of parameter: String) -> ScenarioValue {
        meta?[parameter] ?? .null
    }

    /// The parameters whose value here differs from `first`'s, including those present in only
    /// one of the two. An absent parameter and a `null` one count as the same (both print as
    /// "not provided").
    public func differingParameters(from first: Scenario) -> Set<String> {
        let keys = Set((meta ?? [:]).keys).union((first.meta ?? [:]).keys)
        return keys.filter { value(of: $0) != first.value(of: $0) }
    }

    /// The parameters that differ between the first scenario and any other one.
    public static func differingParameters(in scenarios: [Scenario]) -> Set<String> {
        guard let first = scenarios.first else { return [] }
        return scenarios.dropFirst().reduce(into: Set<String>()) { $0.formUnion($1.differingParameters(from: first)) }
    }

    /// Every parameter named by any of the scenarios, sorted (a stable order for tables).
    public static func parameterNames(_ scenarios: [Scenario]) -> [String] {
        Set(scenarios.flatMap { ($0.meta ?? [:]).keys }).sorted()
    }
}

// MARK: - Tolerant decoding

/// A JSON value reduced to what tolerant decoding needs.
enum JSONScalar: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    /// An object or an array.
    case composite

    init(decoder: any Decoder) {
        guard let c = try? decoder.singleValueContainer() else {
            self = .composite
            return
        }
        if c.decodeNil() {
            self = .null
        } else if let value = try? c.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? c.decode(Double.self) {
            self = .number(value)
        } else if let value = try? c.decode(String.self) {
            self = .string(value)
        } else {
            self = .composite
        }
    }

    /// A finite number, or a string holding one.
    var double: Double? {
        switch self {
        case .number(let value): return value.isFinite ? value : nil
        case .string(let text): return Self.parseNumber(text)
        default: return nil
        }
    }

    /// An integral number (or a string holding one) that fits an `Int`.
    var int: Int? {
        guard let value = double, value == value.rounded(), abs(value) < 9.0e18 else { return nil }
        return Int(value)
    }

    /// A string, or a number as its text.
    var string: String? {
        switch self {
        case .string(let text): return text
        case .number(let value): return value.isFinite ? Self.text(of: value) : nil
        default: return nil
        }
    }

    var bool: Bool? {
        switch self {
        case .bool(let value): return value
        case .number(let value) where value == 0: return false
        case .number(let value) where value == 1: return true
        case .string(let text):
            switch text.trimmingCharacters(in: .whitespacesAndNewlines).lowercased() {
            case "true", "1": return true
            case "false", "0": return false
            default: return nil
            }
        default: return nil
        }
    }

    private static let numberCharacters = Set("0123456789+-.eE")

    static func parseNumber(_ text: String) -> Double? {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty, trimmed.allSatisfy({ numberCharacters.contains($0) }),
              let value = Double(trimmed), value.isFinite
        else { return nil }
        return value
    }

    /// `12` for integral values, else Swift's shortest round-trip text (`0.71`, `1e-05`).
    static func text(of value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }
}

private struct Tolerant<Value: Decodable>: Decodable {
    let value: Value?

    init(from decoder: any Decoder) throws {
        value = try? Value(from: decoder)
    }
}

private struct ScalarBox: Decodable {
    let scalar: JSONScalar

    init(from decoder: any Decoder) throws {
        scalar = JSONScalar(decoder: decoder)
    }
}

/// A coding key for objects whose keys are data (`scenarios[].meta`).
struct AnyCodingKey: CodingKey {
    var stringValue: String
    var intValue: Int?

    init(stringValue: String) {
        self.stringValue = stringValue
        intValue = nil
    }

    init(intValue: Int) {
        stringValue = String(intValue)
        self.intValue = intValue
    }
}

extension KeyedDecodingContainer {
    /// The value under `key` when present and not null.
    func scalar(forKey key: Key) -> JSONScalar? {
        guard let box = (try? decodeIfPresent(ScalarBox.self, forKey: key)) ?? nil else { return nil }
        return box.scalar == .null ? nil : box.scalar
    }

    /// A finite number (or numeric string); nil when missing, null or of another type.
    public func lenient(_ type: Double.Type, forKey key: Key) -> Double? {
        scalar(forKey: key)?.double
    }

    /// An integral number (or integral numeric string); nil otherwise.
    public func lenient(_ type: Int.Type, forKey key: Key) -> Int? {
        scalar(forKey: key)?.int
    }

    /// A string, or a number as its text; nil otherwise.
    public func lenient(_ type: String.Type, forKey key: Key) -> String? {
        scalar(forKey: key)?.string
    }

    /// A boolean, 0/1, or "true"/"false"/"1"/"0"; nil otherwise.
    public func lenient(_ type: Bool.Type, forKey key: Key) -> Bool? {
        scalar(forKey: key)?.bool
    }

    /// Any decodable value (normally a tolerant model object); nil when missing, null or when
    /// decoding it throws.
    public func lenientObject<T: Decodable>(_ type: T.Type, forKey key: Key) -> T? {
        (try? decodeIfPresent(T.self, forKey: key)) ?? nil
    }

    /// A list whose elements that fail to decode are dropped; nil when missing, null or not a list.
    public func lenientArray<T: Decodable>(_ type: T.Type, forKey key: Key) -> [T]? {
        guard let boxes = (try? decodeIfPresent([Tolerant<T>].self, forKey: key)) ?? nil else { return nil }
        return boxes.compactMap(\.value)
    }

    /// `str | [str]` as a list: a single string (or number) gives one element; in a list, strings
    /// and numbers are kept (numbers as text), anything else is dropped.
    public func lenientStrings(forKey key: Key) -> [String]? {
        if let single = scalar(forKey: key) {
            if let text = single.string { return [text] }
            if single != .composite { return nil }
        }
        guard let boxes = (try? decodeIfPresent([ScalarBox].self, forKey: key)) ?? nil else { return nil }
        return boxes.compactMap(\.scalar.string)
    }
}
