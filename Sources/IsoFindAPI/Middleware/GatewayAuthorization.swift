import IsoFindDomain
import IsoFindStore

/// The gateway's token check (nginx `auth_request` → `/_auth`): 204 with the identity
/// (`X-Auth-Subject`, `X-Auth-Role`) for nginx to pass on, or 401/403 with `X-Auth-Detail`. The
/// route table decides what the original request needs, and a path or method that is not in
/// the table needs a reader token (default deny), so a route added without an access rule is
/// never open.
struct GatewayAuthorization: Middleware {
    /// Nil when the reports module is not loaded: every API route answers 503 anyway, so the
    /// request is let through for the client to see why.
    let store: ReportsStore?
    let router: Router

    func respond(to request: Request, context: RequestContext, next: Responder) -> Response {
        guard request.path == GatewayPaths.authorization else { return next(request, context) }
        guard let store else {
            return .noContent(headers: [("X-Auth-Subject", "anonymous"), ("X-Auth-Role", "anonymous")])
        }
        let method = (request.gateway.originalMethod ?? "GET").uppercased()
        let path = Authorization.normalizedPath(request.gateway.originalURI ?? "/")
        let identity: Identity
        do {
            switch try Authorization.identity(for: Authorization.presentedToken(headers: request.headers), store: store) {
            case .identity(let found): identity = found
            case .refused(let message): return Self.denied(401, message)
            }
        } catch {
            context.logger.error("token check failed", metadata: ["error": "\(error)"])
            return Response(status: 500)
        }
        var required: Role? = .reader
        if case .found(let route, let parameters) = router.match(method: method, path: path) {
            required = route.access.requiredRole(parameters)
        }
        switch Authorization.decide(required: required, identity: identity) {
        case .allow(let allowed):
            var response = Response.noContent(headers: [("X-Auth-Subject", allowed.subject),
                                                        ("X-Auth-Role", allowed.role?.rawValue ?? "anonymous")])
            response.logFields = [("auth", "allowed")]
            return response
        case .unauthorized(let message): return Self.denied(401, message)
        case .forbidden(let message): return Self.denied(403, message)
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
