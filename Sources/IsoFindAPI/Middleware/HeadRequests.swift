/// `HEAD` is answered like `GET` (the router maps it to the `GET` route), without the body:
/// whatever answers, a handler or a refusal of any later step. So it is the first step.
///
/// The answer keeps the `Content-Length` that `GET` would send (RFC 9110 §8.6): the transport
/// writes the header only when a response does not carry one, and would count the empty body.
/// A download (`X-Accel-Redirect`) is left alone: nginx sends the file's length itself.
struct HeadRequests: Middleware {
    func respond(to request: Request, context: RequestContext, next: Responder) -> Response {
        var response = next(request, context)
        guard request.method == "HEAD" else { return response }
        if response.status != 204, response.header("Content-Length") == nil, response.header("X-Accel-Redirect") == nil {
            response.headers.append(("Content-Length", String(response.body.count)))
        }
        response.body = []
        return response
    }
}
