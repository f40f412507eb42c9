import IsoFindDomain
import IsoFindJSON
import Logging

/// What a handler receives: the request, its route's path parameters, and a logger whose every
/// line carries the request id. Parameters and bodies are read through the methods below, which
/// apply the API's rules in one place: the schema of the route, the number rule (a body's `1.0`
/// and a parameter's `1.0` are the integer 1, as in pydantic's lax mode) and the NUL rule
/// (U+0000 refused at every depth and in every parameter).
public struct RouteContext: Sendable {
    public let request: Request
    public let route: Route
    public let pathParameters: [String: String]
    let requestContext: RequestContext

    public init(request: Request, route: Route, pathParameters: [String: String], context: RequestContext) {
        self.request = request
        self.route = route
        self.pathParameters = pathParameters
        requestContext = context
    }

    /// The request id, shared with the log line of the request and nginx's access log.
    public var requestID: String { requestContext.requestID }

    /// A logger whose every line carries the request id.
    public var logger: Logger { requestContext.logger }

    public var identity: Identity { request.identity }

    /// An integer path parameter: 422 (`loc: ["path", name]`) when it is not one.
    public func integerParameter(_ name: String) throws(APIError) -> Int {
        let text = pathParameters[name] ?? ""
        guard let value = JSONValue.integer(parameterText: text) else {
            throw .validation([Self.notAnInteger(at: [.key("path"), .key(name)])])
        }
        return value
    }

    /// The query parameters the route documents, each read by its schema (a repeated name keeps
    /// its first value; names the route does not document are ignored): a value that is not
    /// valid, or a required one that is missing, is a 422 at `["query", name]`, every problem
    /// listed. Absent optional parameters are absent from the result.
    public func query() throws(APIError) -> [String: JSONValue] {
        var given: [String: String] = [:]
        for item in request.queryItems where given[item.name] == nil { given[item.name] = item.value }
        var values: [String: JSONValue] = [:]
        var issues: [ValidationIssue] = []
        for parameter in route.doc.query {
            let loc: [LocComponent] = [.key("query"), .key(parameter.name)]
            guard let text = given[parameter.name] else {
                if parameter.required { issues.append(ValidationIssue(loc: loc, msg: "Field required", type: "missing")) }
                continue
            }
            let value: JSONValue
            if case .integer = parameter.schema {
                guard let number = JSONValue.integer(parameterText: text) else {
                    issues.append(Self.notAnInteger(at: loc))
                    continue
                }
                value = .int(Int64(number))
            } else {
                value = .string(text)
            }
            let found = parameter.schema.validate(value, at: loc)
            if found.isEmpty { values[parameter.name] = value } else { issues += found }
        }
        guard issues.isEmpty else { throw .validation(issues) }
        return values
    }

    static func notAnInteger(at loc: [LocComponent]) -> ValidationIssue {
        ValidationIssue(loc: loc, msg: "Input should be a valid integer, unable to parse string as an integer", type: "int_parsing")
    }

    /// The body parsed as JSON and validated against `schema`, then against `semantics` (rules the
    /// schema cannot express, such as "a known block key"). One 422 lists every problem of both
    /// kinds; `semantics` sees the object even when the schema found problems, must tolerate
    /// wrong types, and its issues under a location the schema already refused are dropped.
    public func body(_ schema: ObjectSchema,
                     semantics: ([String: JSONValue]) -> [ValidationIssue] = { _ in [] }) throws(APIError) -> [String: JSONValue] {
        let value: JSONValue
        do {
            value = try JSONParser.parse(request.body)
        } catch {
            throw .validation([error.bodyIssue])
        }
        var issues = Schema.object(schema).validate(value)
        guard let fields = value.objectValue else { throw .validation(issues.map { $0.prefixed(["body"]) }) }
        let refused = issues.map(\.loc)
        issues += semantics(fields).filter { issue in
            !refused.contains { issue.loc.starts(with: $0) }
        }
        guard issues.isEmpty else { throw .validation(issues.map { $0.prefixed(["body"]) }) }
        return fields
    }
}
