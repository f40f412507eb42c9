import IsoFindDomain
import IsoFindMetrics
import IsoFindStore
import Metrics

/// The gateway's token check (nginx `auth_request` → `/_auth`): 204 with the identity
/// (`X-Auth-Subject`, `X-Auth-Role`) for nginx to pass on, or 401/403 with `X-Auth-Detail`. The
/// route table decides what the original request needs, and a path or method that is not in
/// the table needs a reader token (default deny), so a route added without an access rule is
/// never open. Each check is counted by outcome, reason and how the token was sent
/// (`Metric.tokenChecks`); the token and its name never reach the metrics.
struct GatewayAuthorization: Middleware {
    /// Nil when the reports module is not loaded: every API route answers 503 anyway, so the
    /// request is let through for the client to see why.
    let store: ReportsStore?
    let router: Router
    let metrics: ServiceMetrics

    func respond(to request: Request, context: RequestContext, next: Responder) -> Response {
        guard request.path == GatewayPaths.authorization else {
            // nginx lets a GET or HEAD skip the check when its token headers are empty, judging by
            // the first copy of each: a token that still arrives came in a repeated header
            // (`X-IsoFind-Token:` then `X-IsoFind-Token: <token>`), refused as in the check.
            if request.gateway.identity == .anonymous, Authorization.presentedToken(headers: request.headers) != .none {
                return RoleCheck.refusal(.unauthorized(Authorization.repeatedHeader))
            }
            return next(request, context)
        }
        var response = check(request, context)
        response.route = GatewayPaths.authorization
        return response
    }

    func check(_ request: Request, _ context: RequestContext) -> Response {
        guard let store else {
            return .noContent(headers: [("X-Auth-Subject", "anonymous"), ("X-Auth-Role", "anonymous")])
        }
        let scheme = Self.scheme(request.headers)
        let method = (request.gateway.originalMethod ?? "GET").uppercased()
        let path = Authorization.normalizedPath(request.gateway.originalURI ?? "/")
        let identity: Identity
        do {
            let presented = Authorization.presentedToken(headers: request.headers)
            switch try Authorization.identity(for: presented, store: store) {
            case .identity(let found): identity = found
            case .refused(let message, let reason):
                count(.refused, reason, scheme)
                return Self.denied(401, message)
            }
        } catch {
            count(.refused, .error, scheme)
            context.logger.error("token check failed", metadata: ["error": "\(error)"])
            return Response(status: 500)
        }
        var required: Role? = .reader
        if case .found(let route, let parameters) = router.match(method: method, path: path) {
            required = route.access.requiredRole(parameters)
        }
        switch Authorization.decide(required: required, identity: identity) {
        case .allow(let allowed):
            count(.accepted, allowed.role == nil ? .anonymous : .valid, scheme)
            var response = Response.noContent(headers: [("X-Auth-Subject", allowed.subject),
                                                        ("X-Auth-Role", allowed.role?.rawValue ?? "anonymous")])
            response.logFields = [("auth", "allowed")]
            return response
        case .unauthorized(let message):
            count(.refused, .tokenRequired, scheme)
            return Self.denied(401, message)
        case .forbidden(let message):
            count(.refused, .roleTooLow, scheme)
            return Self.denied(403, message)
        }
    }

    enum Outcome: String { case accepted, refused }

    func count(_ outcome: Outcome, _ reason: Metric.TokenCheckReason, _ scheme: Metric.TokenScheme) {
        Counter(label: Metric.tokenChecks,
                dimensions: [("outcome", outcome.rawValue), ("reason", reason.rawValue), ("scheme", scheme.rawValue)],
                factory: metrics.factory).increment()
    }

    /// How the client sent its token, for the metrics: which headers, never what is in them.
    static func scheme(_ headers: [String: String]) -> Metric.TokenScheme {
        let authorization = headers["authorization"].map(Authorization.trimmed) ?? ""
        let header = headers["x-isofind-token"].map(Authorization.trimmed) ?? ""
        if !authorization.isEmpty, !authorization.lowercased().hasPrefix("bearer ") { return .other }
        switch (!authorization.isEmpty, !header.isEmpty) {
        case (true, true): return .both
        case (true, false): return .bearer
        case (false, true): return .header
        case (false, false): return .none
        }
    }

    static func denied(_ status: Int, _ message: String) -> Response {
        var headers = [("X-Auth-Detail", message)]
        if status == 401 { headers.append(("WWW-Authenticate", "Bearer realm=\"isofind-reports\"")) }
        var response = Response(status: status, headers: headers)
        response.logFields = [("auth", "denied")]
        return response
    }
}
