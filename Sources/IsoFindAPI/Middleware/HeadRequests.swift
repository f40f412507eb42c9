/// `HEAD` is answered like `GET` (the router maps it to the `GET` route), without the body:
/// whatever answers, a handler or a refusal of any later step. So it is the first step.
struct HeadRequests: Middleware {
    func respond(to request: Request, context: RequestContext, next: Responder) -> Response {
        var response = next(request, context)
        if request.method == "HEAD" { response.body = [] }
        return response
    }
}
