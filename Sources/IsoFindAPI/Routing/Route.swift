import IsoFindDomain
import IsoFindJSON

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

extension Route {
    /// A route under `/api/reports` whose handler is `action` of `controller`. When the reports
    /// module is not loaded there is no controller: the route still feeds the router, the token
    /// check and the OpenAPI document, and the module-availability step answers 503 before any
    /// handler could run.
    public init<Controller: Sendable>(_ method: String, _ path: String, access: Access, doc: OperationDoc,
                                      _ controller: Controller?,
                                      _ action: @escaping @Sendable (Controller) -> (RouteContext) throws -> Response) {
        self.init(method, GatewayPaths.api + path, access: access, doc: doc) { context in
            guard let controller else { throw APIError.refused(503, "Reports module not loaded.") }
            return try action(controller)(context)
        }
    }
}
