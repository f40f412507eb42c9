/// When the reports module could not start (store, renderer, fonts…), every `/api/reports/`
/// route answers 503 with the reason; `/health` still answers and says why.
struct ModuleAvailability: Middleware {
    /// Why the module is not loaded, or nil when it is.
    let failure: String?

    func respond(to request: Request, context: RequestContext, next: Responder) -> Response {
        if let failure, GatewayPaths.isAPI(request.path) {
            return .detail(503, "Reports module not loaded: \(failure)")
        }
        return next(request, context)
    }
}
