/// `/api/reports/templates/` is `/api/reports/templates`: one trailing slash is dropped.
struct PathNormalization: Middleware {
    func respond(to request: Request, context: RequestContext, next: Responder) -> Response {
        guard request.path.count > 1, request.path.hasSuffix("/") else { return next(request, context) }
        var request = request
        request.path.removeLast()
        return next(request, context)
    }
}
