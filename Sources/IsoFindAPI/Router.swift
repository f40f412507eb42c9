import IsoFindDomain
import Logging
import IsoFindJSON

/// A refusal raised by a handler; the dispatcher turns it into the FastAPI-shaped response.
public enum APIError: Error, Sendable {
    /// 422 with every problem (locations already prefixed with body/query/path).
    case validation([ValidationIssue])
    /// Any other status with one clear sentence.
    case refused(Int, String)

    static func notFound(_ message: String) -> APIError { .refused(404, message) }

    /// One line for a terminal: the status and every problem.
    public var explanation: String {
        switch self {
        case .refused(let status, let message): return "\(status): \(message)"
        case .validation(let issues):
            return "422: " + issues.map { issue in
                issue.loc.map(\.description).joined(separator: ".") + ": " + issue.msg
            }.joined(separator: "; ")
        }
    }
}

/// Who may call a route (`api.md`, "Authentication and roles").
public struct Access: Sendable {
    /// The role needed for a call with these path parameters; nil means anyone, without a token.
    public let requiredRole: @Sendable (_ pathParameters: [String: String]) -> Role?
    /// How the OpenAPI document describes it.
    public let summary: String
    /// Whether some calls succeed without a token (the document then marks the token optional).
    public let allowsAnonymous: Bool
    /// The highest role any call may need (nil: none); above `reader`, a valid token can get 403.
    public let highestRole: Role?

    public init(requiredRole: @escaping @Sendable (_ pathParameters: [String: String]) -> Role?, summary: String,
                allowsAnonymous: Bool, highestRole: Role?) {
        self.requiredRole = requiredRole
        self.summary = summary
        self.allowsAnonymous = allowsAnonymous
        self.highestRole = highestRole
    }

    public static let open = Access(requiredRole: { _ in nil }, summary: "public: no token needed", allowsAnonymous: true,
                                    highestRole: nil)

    public static func role(_ role: Role) -> Access {
        Access(requiredRole: { _ in role }, summary: "\(role.rawValue) role or above", allowsAnonymous: false, highestRole: role)
    }
}

/// What a handler receives.
public struct RouteContext: Sendable {
    public let request: Request
    public let pathParameters: [String: String]
    /// The request id, shared with the log line of the request and nginx's access log.
    public let requestID: String
    /// A logger whose every line carries the request id.
    public let logger: Logger

    public init(request: Request, pathParameters: [String: String], requestID: String = "-",
                logger: Logger = Logger(label: "isofind-reports")) {
        self.request = request
        self.pathParameters = pathParameters
        self.requestID = requestID
        var logger = logger
        logger[metadataKey: "request_id"] = "\(requestID)"
        self.logger = logger
    }

    public var identity: Identity { request.identity }

    /// An integer path parameter: 422 (`loc: ["path", name]`) when it is not one.
    public func integerParameter(_ name: String) throws(APIError) -> Int {
        let text = pathParameters[name] ?? ""
        guard let value = Int(text) else {
            throw .validation([ValidationIssue(loc: [.key("path"), .key(name)],
                                               msg: "Input should be a valid integer, unable to parse string as an integer",
                                               type: "int_parsing")])
        }
        return value
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
            throw .validation([ValidationIssue(loc: [.key("body"), .index(error.offset)],
                                               msg: "JSON decode error: \(error.message)", type: "json_invalid")])
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

/// One operation of the API: method, path pattern, access rule, documentation and handler.
public struct Route: Sendable {
    public let method: String
    public let pattern: String
    public let access: Access
    public let doc: OperationDoc
    public let handler: @Sendable (RouteContext) throws -> Response
    let segments: [Segment]

    enum Segment: Sendable, Equatable {
        case literal(String)
        case parameter(String)
    }

    public init(_ method: String, _ pattern: String, access: Access, doc: OperationDoc,
                handler: @escaping @Sendable (RouteContext) throws -> Response) {
        self.method = method
        self.pattern = pattern
        self.access = access
        self.doc = doc
        self.handler = handler
        segments = pattern.split(separator: "/").map { part in
            part.hasPrefix("{") && part.hasSuffix("}") ? .parameter(String(part.dropFirst().dropLast())) : .literal(String(part))
        }
    }
}

/// Matches paths to routes. Literal segments win over parameters position by position, so fixed
/// paths (`/list`, `/templates`, `/download/{id}`…) are always matched before `/{id}`, whatever
/// the order in which routes were declared.
public struct Router: Sendable {
    public let routes: [Route]

    public enum Match {
        case found(Route, [String: String])
        /// The path exists but not with this method; the allowed methods are given.
        case methodNotAllowed([String])
        case notFound
    }

    public init(routes: [Route]) { self.routes = routes }

    /// The most specific path pattern that matches decides; then the method must be one it accepts.
    public func match(method: String, path: String) -> Match {
        let parts = path.split(separator: "/").map(String.init)
        let lookupMethod = method == "HEAD" ? "GET" : method
        var best: (rank: [Bool], routes: [(Route, [String: String])])?
        for route in routes where route.segments.count == parts.count {
            guard let (rank, parameters) = Router.bind(route.segments, to: parts) else { continue }
            if let current = best {
                if Router.outranks(current.rank, rank) { continue }
                if Router.outranks(rank, current.rank) { best = nil }
            }
            best = (rank, (best?.routes ?? []) + [(route, parameters)])
        }
        guard let best else { return .notFound }
        if let (route, parameters) = best.routes.first(where: { $0.0.method == lookupMethod }) {
            return .found(route, parameters)
        }
        return .methodNotAllowed(Array(Set(best.routes.map(\.0.method))).sorted())
    }

    private static func bind(_ segments: [Route.Segment], to parts: [String]) -> ([Bool], [String: String])? {
        var parameters: [String: String] = [:]
        var rank: [Bool] = []
        for (segment, part) in zip(segments, parts) {
            switch segment {
            case .literal(let literal):
                guard literal == part else { return nil }
                rank.append(true)
            case .parameter(let name):
                parameters[name] = part
                rank.append(false)
            }
        }
        return (rank, parameters)
    }

    /// True when `a` is more specific than `b`: at the first position where they differ, `a` has a literal.
    static func outranks(_ a: [Bool], _ b: [Bool]) -> Bool {
        for (x, y) in zip(a, b) where x != y { return x }
        return false
    }
}
