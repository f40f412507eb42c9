/// Matches the request to a route of the table. 404 for an unknown path and 405 (with `Allow`)
/// for a method the path does not accept; but an anonymous caller of an `/api/reports/` path
/// that is not a public route gets the 401 of default deny, as in the token check, so anonymous
/// probes learn nothing about paths and methods.
struct Routing: Middleware {
    let router: Router

    func respond(to request: Request, context: RequestContext, next: Responder) -> Response {
        let match = router.match(method: request.method, path: request.path)
        if case .found(let route, let parameters) = match {
            var context = context
            context.match = (route, parameters)
            var response = next(request, context)
            response.route = route.pattern
            return response
        }
        if GatewayPaths.isAPI(request.path), request.identity.role == nil {
            return RoleCheck.refusal(Authorization.decide(required: .reader, identity: .anonymous))
        }
        if case .methodNotAllowed(let methods) = match {
            var response = Response.detail(
                405, "Method \(request.method) not allowed on \(request.path); allowed: \(methods.joined(separator: ", ")).")
            response.headers.append(("Allow", methods.joined(separator: ", ")))
            return response
        }
        return .detail(404, "Not found: \(request.path)")
    }
}
