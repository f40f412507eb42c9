/// `GET /docs`: the human-readable reference written from the route table.
struct DocumentationPage: Middleware {
    let page: [UInt8]

    func respond(to request: Request, context: RequestContext, next: Responder) -> Response {
        guard request.path == "/docs" else { return next(request, context) }
        return Response(status: 200, headers: [("Content-Type", "text/html; charset=utf-8")], body: page)
    }
}
