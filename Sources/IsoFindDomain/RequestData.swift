// The dicts a generation request carries (docs/spec domain.md "Where the data comes from" →
// "Request dicts"), as typed, tolerant models. The rule: every field is optional; unknown keys
// are ignored; a key that is missing, null or of the wrong type reads as nil ("not provided")
// and never makes the request fail. The models are read from the JSON value the API parsed
// once (`LenientObject`); nothing here parses text again.
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
import IsoFindJSON

// MARK: - The whole request

/// The data dicts of a `ReportGenerateRequest`, read from the parsed request body. The other
/// request fields (`template_id`, `blocks`, `title`, `language`…) are ignored here.
public struct ReportInputs: Sendable, Equatable {
    /// At most this many `scenarios` are accepted (more → 422, by the request's schema).
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

    /// Reads the dicts of a request body. Every snapshot that is not a decodable PNG or JPEG is a
    /// problem that makes the request a 422: it is added to `issues`, located in the body without
    /// the "body" prefix (`["snapshots", "map", 1]`). Snapshots are decoded here, once.
    public init(lenient c: LenientObject, issues: inout [ValidationIssue]) {
        projectData = c.object("project_data", ProjectData.init(lenient:))
        project = c.string("project")
        nexusResult = c.object("nexus_result", NexusResult.init(lenient:))
        autoContextResult = c.object("auto_context_result", AutoContextResult.init(lenient:))
        scoringResult = c.object("scoring_result", ScoringResult.init(lenient:))
        licenceData = c.object("licence_data", LicenceData.init(lenient:))
        simulationResult = c.object("simulation_result", SimulationResult.init(lenient:))
        scenarios = c.array("scenarios", Scenario.init(lenient:))
        snapshots = c.object("snapshots") { Snapshots(lenient: $0, errors: &issues) }
    }

    /// The project's display name: `project_data.name`, else `project` (see
    /// `ProjectData.displayName(fallback:)`).
    public var projectName: String? {
        if let projectData { return projectData.displayName(fallback: project) }
        return ProjectData.nonBlank(project)
    }
}

// MARK: - project_data

/// `project_data`: `{name, objective, constraints: str | [str], client, reference}`.
public struct ProjectData: Sendable, Equatable {
    public var name: String?
    public var objective: String?
    /// A single string is kept as a one-element list; blank entries are dropped.
    public var constraints: [String]?
    public var client: String?
    public var reference: String?

    public init(name: String? = nil, objective: String? = nil, constraints: [String]? = nil,
                client: String? = nil, reference: String? = nil) {
        self.name = name
        self.objective = objective
        self.constraints = constraints
        self.client = client
        self.reference = reference
    }

    public init(lenient c: LenientObject) {
        name = c.string("name")
        objective = c.string("objective")
        constraints = c.strings("constraints")?
            .filter { !$0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
        client = c.string("client")
        reference = c.string("reference")
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
public struct LicenceData: Sendable, Equatable {
    public var holder: String?
    /// As given, e.g. `pro` or `research+`.
    public var tier: String?
    public var number: String?
    /// As given, normally `YYYY-MM-DD`.
    public var expires: String?

    public init(holder: String? = nil, tier: String? = nil, number: String? = nil, expires: String? = nil) {
        self.holder = holder
        self.tier = tier
        self.number = number
        self.expires = expires
    }

    public init(lenient c: LenientObject) {
        holder = c.string("holder")
        tier = c.string("tier")
        number = c.string("number")
        expires = c.string("expires")
    }

    /// `tier` as a known licence (case and surrounding spaces ignored), or nil.
    public var licence: Licence? {
        tier.flatMap { Licence(rawValue: $0.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()) }
    }
}

// MARK: - scenarios

/// One value of a scenario's `meta`: a JSON scalar, kept for display and comparison. Numbers are
/// compared as numbers (`10` equals `10.0`); a number never equals a string (`10` ≠ `"10"`).
public enum ScenarioValue: Sendable, Hashable {
    case string(String)
    case number(Double)
    case bool(Bool)
    case null

    /// Nil for an object or an array (such a `meta` entry is dropped).
    public init?(_ value: JSONValue) {
        switch value {
        case .null: self = .null
        case .bool(let flag): self = .bool(flag)
        case .int(let integer): self = .number(Double(integer))
        case .double(let number): self = .number(number)
        case .string(let text): self = .string(text)
        case .array, .object, .serialized: return nil
        }
    }

    public var isNull: Bool { self == .null }
}

/// A saved scenario: `{id, label, ts, meta: {parameter: value, ...}}`.
public struct Scenario: Sendable, Equatable {
    /// As given (a numeric id is kept as its text).
    public var id: String?
    public var label: String?
    /// The time stamp as given (an ISO date, or epoch seconds or milliseconds as text).
    public var ts: String?
    /// The parameters. Entries whose value is an object or an array are dropped. Swift dictionaries
    /// have no stable order: use `Scenario.parameterNames(_:)` to lay out a table.
    public var meta: [String: ScenarioValue]?

    public init(id: String? = nil, label: String? = nil, ts: String? = nil, meta: [String: ScenarioValue]? = nil) {
        self.id = id
        self.label = label
        self.ts = ts
        self.meta = meta
    }

    public init(lenient c: LenientObject) {
        id = c.string("id")
        label = c.string("label")
        ts = c.string("ts")
        meta = c.object("meta") { object in object.fields.compactMapValues(ScenarioValue.init) }
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

// MARK: - Tolerant reading

/// A JSON object read by the tolerant rules at the top of this file: each accessor gives nil
/// for a key that is missing, null or of the wrong kind, never an error.
public struct LenientObject: Sendable {
    public let fields: [String: JSONValue]

    /// Nil unless `value` is a JSON object.
    public init?(_ value: JSONValue?) {
        guard let fields = value?.objectValue else { return nil }
        self.fields = fields
    }

    /// The value under `key` when present and not null.
    public func value(_ key: String) -> JSONValue? {
        guard let value = fields[key], !value.isNull else { return nil }
        return value
    }

    /// A finite number (or numeric string); nil when missing, null or of another type.
    public func double(_ key: String) -> Double? { value(key).flatMap(Lenient.double) }

    /// An integral number (or integral numeric string); nil otherwise. Integers are kept exact;
    /// other numbers follow the number rule (`JSONValue.integerValue`).
    public func int(_ key: String) -> Int? {
        switch value(key) {
        case .int(let integer)?: return Int(exactly: integer)
        case .double(let number)?: return JSONValue.double(number).integerValue
        case .string(let text)?:
            let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
            return Int(trimmed) ?? Lenient.parseNumber(trimmed).flatMap { JSONValue.double($0).integerValue }
        default: return nil
        }
    }

    /// A string, or a number as its text; nil otherwise.
    public func string(_ key: String) -> String? { value(key).flatMap(Lenient.string) }

    /// A string only (a vocabulary word such as a match class); nil otherwise.
    public func word(_ key: String) -> String? { value(key)?.stringValue }

    /// A boolean, 0/1, or "true"/"false"/"1"/"0" in any case; nil otherwise.
    public func bool(_ key: String) -> Bool? {
        switch value(key) {
        case .bool(let flag)?: return flag
        case let number? where Lenient.isNumber(number):
            let value = Lenient.double(number)
            return value == 0 ? false : value == 1 ? true : nil
        case .string(let text)?:
            switch text.trimmingCharacters(in: .whitespacesAndNewlines).lowercased() {
            case "true", "1": return true
            case "false", "0": return false
            default: return nil
            }
        default: return nil
        }
    }

    /// A nested object read by `make`; nil when the value is not an object.
    public func object<T>(_ key: String, _ make: (LenientObject) -> T) -> T? {
        LenientObject(fields[key]).map(make)
    }

    /// A list whose elements that are not objects are dropped; nil when missing, null or not a list.
    public func array<T>(_ key: String, _ make: (LenientObject) -> T) -> [T]? {
        value(key)?.arrayValue?.compactMap { LenientObject($0).map(make) }
    }

    /// `str | [str]` as a list: a single string (or number) gives one element; in a list, strings
    /// and numbers are kept (numbers as text), anything else is dropped.
    public func strings(_ key: String) -> [String]? {
        guard let value = value(key) else { return nil }
        if let elements = value.arrayValue { return elements.compactMap(Lenient.string) }
        return Lenient.string(value).map { [$0] }
    }
}

/// The scalar rules of tolerant reading.
enum Lenient {
    static func isNumber(_ value: JSONValue) -> Bool {
        switch value {
        case .int, .double: true
        default: false
        }
    }

    /// A finite number, or a string holding one.
    static func double(_ value: JSONValue) -> Double? {
        switch value {
        case .int(let integer): return Double(integer)
        case .double(let number): return number.isFinite ? number : nil
        case .string(let text): return parseNumber(text)
        default: return nil
        }
    }

    /// A string, or a number as its text.
    static func string(_ value: JSONValue) -> String? {
        switch value {
        case .string(let text): return text
        case .int(let integer): return String(integer)
        case .double(let number): return number.isFinite ? text(of: number) : nil
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
