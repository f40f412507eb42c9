import IsoFindMetrics
import Metrics

/// Counts every request the API answers by route template, method and status, times it, and
/// keeps the number in flight. The first step, so that it sees every answer, refusals included.
/// Labels come from the response's `route` (set by the step that answered: routing, the token
/// check, the metrics endpoint), never from the raw path.
struct RequestMetrics: Middleware {
    let metrics: ServiceMetrics
    let inFlight: Meter

    init(metrics: ServiceMetrics) {
        self.metrics = metrics
        inFlight = Meter(label: Metric.httpRequestsInFlight, factory: metrics.factory)
    }

    func respond(to request: Request, context: RequestContext, next: Responder) -> Response {
        let started = ContinuousClock.now
        inFlight.increment()
        let response = next(request, context)
        inFlight.decrement()
        let route = response.route ?? Metric.unmatchedRoute
        let method = Metric.method(request.method)
        Counter(label: Metric.httpRequests, dimensions: [("route", route), ("method", method), ("status", String(response.status))],
                factory: metrics.factory).increment()
        Timer(label: Metric.httpRequestDuration, dimensions: [("route", route), ("method", method)], factory: metrics.factory)
            .record(duration: started.duration(to: .now))
        return response
    }
}
