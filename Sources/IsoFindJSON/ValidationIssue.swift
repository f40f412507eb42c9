// Validation issues, independent of HTTP. The API layer prefixes `loc` with "body", "query"
// or "path" and serves them as FastAPI-style 422 details.

/// One step of a location inside a JSON document: an object key or an array index.
/// Literals work: `let loc: [LocComponent] = ["groups", 2, "id"]`.
public enum LocComponent: Sendable, Equatable, Hashable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral,
    CustomStringConvertible
{
    case key(String)
    case index(Int)

    public init(stringLiteral value: String) { self = .key(value) }
    public init(integerLiteral value: Int) { self = .index(value) }

    public var description: String {
        switch self {
        case .key(let key): key
        case .index(let index): String(index)
        }
    }
}

/// One problem found in an input, FastAPI-style: where, what, and its kind.
public struct ValidationIssue: Sendable, Equatable {
    public var loc: [LocComponent]
    /// One clear sentence naming the offending value.
    public var msg: String
    /// FastAPI error type, e.g. "value_error".
    public var type: String

    public init(loc: [LocComponent], msg: String, type: String = "value_error") {
        self.loc = loc
        self.msg = msg
        self.type = type
    }

    /// The same issue located inside `prefix` (e.g. `["body"]`).
    public func prefixed(_ prefix: [LocComponent]) -> ValidationIssue {
        ValidationIssue(loc: prefix + loc, msg: msg, type: type)
    }
}
