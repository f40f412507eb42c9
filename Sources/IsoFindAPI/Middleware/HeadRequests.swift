/// `HEAD` runs the `GET` handler (the router maps it) and answers its headers without the body.
struct HeadRequests: Middleware {
    func respond(to request: Request, context: RequestContext, next: Responder) -> Response {
        var response = next(request, context)
        if request.method == "HEAD" { response.body = [] }
        return response
    }
}
