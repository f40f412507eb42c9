/// The one description of a JSON shape, used twice: to validate request bodies (every problem
/// reported, FastAPI style) and to write the OpenAPI document. What is validated is what is
/// documented.
public indirect enum Schema: Sendable {
    case string(StringRules = StringRules())
    case integer(minimum: Int64? = nil, maximum: Int64? = nil)
    case number
    case boolean
    case array(Schema, ArrayRules = ArrayRules())
    case object(ObjectSchema)
    /// A free-form JSON object whose keys the engine reads tolerantly (request dicts).
    case anyObject(description: String)
    /// Any JSON value.
    case any
    /// The value or JSON null.
    case nullable(Schema)
    /// A reference to a named component schema (documentation only; validates as the target).
    case ref(String, Schema)
}

public struct StringRules: Sendable {
    public var minLength: Int?
    public var maxLength: Int?
    /// An allowed set of values (`Literal[...]` in FastAPI terms).
    public var oneOf: [String]?
    /// A check with its message and a regular expression to publish in the document.
    public var pattern: (regex: String, check: @Sendable (String) -> Bool)?
    public var format: String?
    /// Values worth showing (documentation only, never a restriction): the built-in block keys.
    public var examples: [String]?

    public init(minLength: Int? = nil, maxLength: Int? = nil, oneOf: [String]? = nil,
                pattern: (regex: String, check: @Sendable (String) -> Bool)? = nil, format: String? = nil,
                examples: [String]? = nil) {
        self.minLength = minLength
        self.maxLength = maxLength
        self.oneOf = oneOf
        self.pattern = pattern
        self.format = format
        self.examples = examples
    }
}

public struct ArrayRules: Sendable {
    public var minItems: Int?
    public var maxItems: Int?
    public var uniqueItems: Bool

    public init(minItems: Int? = nil, maxItems: Int? = nil, uniqueItems: Bool = false) {
        self.minItems = minItems
        self.maxItems = maxItems
        self.uniqueItems = uniqueItems
    }
}

public struct Field: Sendable {
    public var name: String
    public var schema: Schema
    public var required: Bool
    public var defaultValue: JSONValue?
    public var description: String

    public init(_ name: String, _ schema: Schema, required: Bool = false, default defaultValue: JSONValue? = nil,
                _ description: String = "") {
        self.name = name
        self.schema = schema
        self.required = required
        self.defaultValue = defaultValue
        self.description = description
    }
}

public struct ObjectSchema: Sendable {
    public var title: String
    public var fields: [Field]
    /// Unknown fields are refused unless this is set: a client must never believe a change was
    /// applied when it was silently ignored.
    public var allowsUnknownFields: Bool
    /// A whole-object rule (e.g. "at least one of"), run when the fields themselves are valid.
    public var check: (@Sendable ([String: JSONValue]) -> [ValidationIssue])?
    public var minProperties: Int?

    public init(_ title: String, _ fields: [Field], allowsUnknownFields: Bool = false, minProperties: Int? = nil,
                check: (@Sendable ([String: JSONValue]) -> [ValidationIssue])? = nil) {
        self.title = title
        self.fields = fields
        self.allowsUnknownFields = allowsUnknownFields
        self.minProperties = minProperties
        self.check = check
    }
}

// MARK: - Validation

extension Schema {
    /// Every problem of `value` against this schema, with `loc` relative to the value.
    public func validate(_ value: JSONValue, at loc: [LocComponent] = []) -> [ValidationIssue] {
        switch self {
        case .any:
            return value.nulIssues(at: loc)
        case .anyObject:
            guard value.objectValue != nil else {
                return [ValidationIssue(loc: loc, msg: "Input should be a valid dictionary", type: "dict_type")]
            }
            return value.nulIssues(at: loc)
        case .ref(_, let target):
            return target.validate(value, at: loc)
        case .nullable(let inner):
            return value.isNull ? [] : inner.validate(value, at: loc)
        case .boolean:
            return value.boolValue != nil ? [] : [ValidationIssue(loc: loc, msg: "Input should be a valid boolean", type: "bool_type")]
        case .number:
            switch value {
            case .int, .double: return []
            default: return [ValidationIssue(loc: loc, msg: "Input should be a valid number", type: "float_type")]
            }
        case .integer(let minimum, let maximum):
            guard let integer = value.integerValue.map(Int64.init) else {
                return [ValidationIssue(loc: loc, msg: "Input should be a valid integer", type: "int_type")]
            }
            if let minimum, integer < minimum {
                return [ValidationIssue(loc: loc, msg: "Input should be greater than or equal to \(minimum)", type: "greater_than_equal")]
            }
            if let maximum, integer > maximum {
                return [ValidationIssue(loc: loc, msg: "Input should be less than or equal to \(maximum)", type: "less_than_equal")]
            }
            return []
        case .string(let rules):
            guard let string = value.stringValue else {
                return [ValidationIssue(loc: loc, msg: "Input should be a valid string", type: "string_type")]
            }
            return rules.validate(string, at: loc)
        case .array(let element, let rules):
            guard let elements = value.arrayValue else {
                return [ValidationIssue(loc: loc, msg: "Input should be a valid list", type: "list_type")]
            }
            var issues: [ValidationIssue] = []
            if let minItems = rules.minItems, elements.count < minItems {
                issues.append(ValidationIssue(loc: loc, msg: "List should have at least \(minItems) item\(minItems == 1 ? "" : "s"), not \(elements.count)", type: "too_short"))
            }
            if let maxItems = rules.maxItems, elements.count > maxItems {
                // Do not walk a huge array element by element: one issue says it all.
                return issues + [ValidationIssue(loc: loc, msg: "List should have at most \(maxItems) items, not \(elements.count)", type: "too_long")]
            }
            var seen: [JSONValue] = []
            for (position, item) in elements.enumerated() {
                issues += element.validate(item, at: loc + [.index(position)])
                if rules.uniqueItems {
                    if seen.contains(item) {
                        issues.append(ValidationIssue(loc: loc + [.index(position)], msg: "Value \(Schema.quote(item)) is repeated; each item may appear once", type: "value_error"))
                    }
                    seen.append(item)
                }
            }
            return issues
        case .object(let object):
            return object.validate(value, at: loc)
        }
    }

    static func quote(_ value: JSONValue) -> String {
        switch value {
        case .string(let s): return "'\(s)'"
        case .int(let i): return "\(i)"
        case .double(let d): return "\(d)"
        case .bool(let b): return "\(b)"
        case .null: return "null"
        case .array: return "(a list)"
        case .object, .serialized: return "(an object)"
        }
    }
}

extension StringRules {
    func validate(_ string: String, at loc: [LocComponent]) -> [ValidationIssue] {
        if let issue = NULRule.issue(string, at: loc) { return [issue] }
        if let oneOf, !oneOf.contains(string) {
            let choices = oneOf.map { "'\($0)'" }
            let listed = choices.count > 1 ? choices.dropLast().joined(separator: ", ") + " or " + choices.last! : choices.joined()
            return [ValidationIssue(loc: loc, msg: "Input should be \(listed)", type: "literal_error")]
        }
        let length = string.count
        if let minLength, length < minLength {
            return [ValidationIssue(loc: loc, msg: "String should have at least \(minLength) character\(minLength == 1 ? "" : "s")", type: "string_too_short")]
        }
        if let maxLength, length > maxLength {
            return [ValidationIssue(loc: loc, msg: "String should have at most \(maxLength) characters", type: "string_too_long")]
        }
        if let pattern, !pattern.check(string) {
            return [ValidationIssue(loc: loc, msg: "String should match pattern '\(pattern.regex)'", type: "string_pattern_mismatch")]
        }
        return []
    }
}

extension ObjectSchema {
    func validate(_ value: JSONValue, at loc: [LocComponent]) -> [ValidationIssue] {
        guard let fields = value.objectValue else {
            return [ValidationIssue(loc: loc, msg: "Input should be a valid dictionary or object to extract fields from", type: "model_attributes_type")]
        }
        var issues: [ValidationIssue] = []
        for field in self.fields {
            if let fieldValue = fields[field.name] {
                issues += field.schema.validate(fieldValue, at: loc + [.key(field.name)])
            } else if field.required {
                issues.append(ValidationIssue(loc: loc + [.key(field.name)], msg: "Field required", type: "missing"))
            }
        }
        if allowsUnknownFields {
            let known = Set(self.fields.map(\.name))
            for (name, fieldValue) in fields where !known.contains(name) {
                issues += JSONValue.string(name).nulIssues(at: loc + [.key(name)]) + fieldValue.nulIssues(at: loc + [.key(name)])
            }
        } else {
            let known = Set(self.fields.map(\.name))
            for name in fields.keys.sorted() where !known.contains(name) {
                issues.append(ValidationIssue(loc: loc + [.key(name)], msg: "Extra inputs are not permitted", type: "extra_forbidden"))
            }
        }
        if let minProperties, fields.count < minProperties {
            let names = self.fields.map(\.name).joined(separator: ", ")
            issues.append(ValidationIssue(loc: loc, msg: "At least one of these fields must be given: \(names)", type: "value_error"))
        }
        if issues.isEmpty, let check {
            issues += check(fields).map { ValidationIssue(loc: loc + $0.loc, msg: $0.msg, type: $0.type) }
        }
        return issues
    }
}

// MARK: - The NUL rule

/// The one rule for U+0000, at every depth of a body and in every query and path parameter:
/// a string (or an object key) holding it is refused with `string_nul`. SQLite's text binding,
/// C strings and PDF text all end or drop it silently, so a value holding one would be printed
/// or stored as something other than what the client sent.
public enum NULRule {
    public static let message = "String should not contain NUL characters (U+0000)"

    public static func issue(_ string: String, at loc: [LocComponent]) -> ValidationIssue? {
        string.utf8.contains(0) ? ValidationIssue(loc: loc, msg: message, type: "string_nul") : nil
    }
}

extension JSONValue {
    /// A `string_nul` issue for every string and object key under this value that holds U+0000,
    /// with its location. Free-form values (request dicts) are walked whole: they are printed.
    public func nulIssues(at loc: [LocComponent]) -> [ValidationIssue] {
        switch self {
        case .string(let string):
            return NULRule.issue(string, at: loc).map { [$0] } ?? []
        case .array(let elements):
            return elements.enumerated().flatMap { $1.nulIssues(at: loc + [.index($0)]) }
        case .object(let fields):
            return fields.keys.sorted().flatMap { key in
                (NULRule.issue(key, at: loc + [.key(key)]).map { [$0] } ?? []) + fields[key]!.nulIssues(at: loc + [.key(key)])
            }
        case .null, .bool, .int, .double, .serialized:
            return []
        }
    }
}
