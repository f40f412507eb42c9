import IsoFindDomain
import IsoFindJSON
import IsoFindMetrics
import Logging
import Synchronization

/// The HTTP application: one route table, built from the controllers, and the chain of steps
/// every request goes through. It knows nothing of FastCGI: requests and responses are plain
/// values, and the transport sees it as an `HTTPResponder`.
///
/// The route table feeds the router, the token check's default deny and the OpenAPI document,
/// so they cannot disagree. The steps run in the order of `steps`.
public final class ReportsAPI: HTTPResponder {
    /// Either the reports module is loaded, or why it is not.
    public enum ModuleState: Sendable {
        case loaded(ReportsService)
        case failed(String)
    }

    public let state: ModuleState
    let routes: [Route]
    let openAPIBody: [UInt8]
    let status: ServiceStatus
    let logger: Logger
    /// What `GET /metrics` shows: `metrics` when given, else the loaded module's, else a registry of its own.
    public let metrics: ServiceMetrics
    let chain: Responder

    public init(state: ModuleState, logger: Logger, metrics: ServiceMetrics? = nil) {
        self.state = state
        self.logger = logger
        var service: ReportsService?
        var failure: String?
        switch state {
        case .loaded(let loaded): service = loaded
        case .failed(let reason): failure = reason
        }
        let metrics = metrics ?? service?.metrics ?? ServiceMetrics()
        self.metrics = metrics
        status = ServiceStatus(failure: failure, customBlocks: service.map(CustomBlocksHealth.init(service:)) ?? .moduleNotLoaded)
        let serviceRoutes = ServiceController(status: status)
        routes = serviceRoutes.routes()
            + TemplatesController.routes(service?.templates)
            + GenerationController.routes(service?.generation)
            + HistoryController.routes(service?.history)
            + BrandingController.routes(service?.branding)
            + CatalogueController.routes(service?.catalogue)
            + MatricesController.routes(service?.matrices)
            + CustomBlocksController.routes(service?.customBlockEndpoints)
            + SignaturesController.routes(service?.signatures)
        let router = Router(routes: routes)
        let document = JSONWriter.bytes(OpenAPIDocument.build(routes: routes, version: Product.version))
        serviceRoutes.openAPI.bytes.withLock { $0 = document }
        openAPIBody = document

        // The steps, in the order they run.
        let steps: [any Middleware] = [
            RequestMetrics(metrics: metrics),
            HeadRequests(),
            PathNormalization(),
            MetricsEndpoint(metrics: metrics),
            GatewayAuthorization(store: service?.store, router: router, metrics: metrics),
            ModuleAvailability(failure: failure),
            Routing(router: router),
            RoleCheck(),
        ]
        chain = steps.chained(to: RouteHandling.respond)
    }

    /// The reports module, when it is loaded.
    public var service: ReportsService? {
        if case .loaded(let service) = state { return service }
        return nil
    }

    /// Called once start-up work is done; `/api/ready` answers 200 from then on.
    public func markReady() { status.markReady() }

    public func respond(to request: Request, requestID: String) -> Response {
        chain(request, RequestContext(requestID: requestID, logger: logger))
    }
}
