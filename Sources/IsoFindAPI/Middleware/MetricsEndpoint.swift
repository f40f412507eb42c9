import IsoFindMetrics

/// `GET /metrics`: every series in the Prometheus text format (`ServiceMetrics`).
///
/// Answered only when the request came through nginx's `location = /metrics`, which lets only
/// its allowed addresses in (loopback by default) and marks what it passes with
/// `fastcgi_param ISOFIND_METRICS 1`; any other request for `/metrics` goes on to the router and
/// gets its 404, so a gateway that forwarded everything would still not publish the metrics.
/// No token is asked for or read: scrapers have none, and the address list is the gate. Not a
/// route of the table, so neither the token check nor the OpenAPI document knows it.
struct MetricsEndpoint: Middleware {
    let metrics: ServiceMetrics

    func respond(to request: Request, context: RequestContext, next: Responder) -> Response {
        guard request.path == GatewayPaths.metrics, request.gateway.metricsAllowed else { return next(request, context) }
        var response: Response
        if request.method == "GET" || request.method == "HEAD" {
            response = Response(status: 200, headers: [("Content-Type", ServiceMetrics.contentType), ("Cache-Control", "no-store")],
                                body: metrics.exposition())
        } else {
            response = .detail(405, "Method \(request.method) not allowed on \(GatewayPaths.metrics); allowed: GET.")
            response.headers.append(("Allow", "GET"))
        }
        response.route = GatewayPaths.metrics
        return response
    }
}
