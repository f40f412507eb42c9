/// The route's access rule against the identity the gateway established: 401 (with the Bearer
/// challenge) when a token is needed, 403 when its role is too low.
///
/// What a token holder gets is for that holder only: an answer to a call that needed a token, or
/// that was made with one, carries `Cache-Control: no-store` (unless the handler chose its own),
/// so no browser or proxy cache keeps it.
struct RoleCheck: Middleware {
    func respond(to request: Request, context: RequestContext, next: Responder) -> Response {
        guard let (route, parameters) = context.match else { return next(request, context) }
        let required = route.access.requiredRole(parameters)
        let decision = Authorization.decide(required: required, identity: request.identity)
        guard case .allow = decision else { return Self.refusal(decision) }
        var response = next(request, context)
        if required != nil || request.identity.role != nil, response.header("Cache-Control") == nil {
            response.headers.append(("Cache-Control", "no-store"))
        }
        return response
    }

    /// The responder's own 401 or 403 for a refused decision.
    static func refusal(_ decision: AuthDecision) -> Response {
        switch decision {
        case .forbidden(let message):
            return .detail(403, message)
        case .unauthorized(let message):
            var response = Response.detail(401, message)
            response.headers.append(("WWW-Authenticate", "Bearer realm=\"isofind-reports\""))
            return response
        case .allow:
            return .detail(500, "Refusal expected.")
        }
    }
}
