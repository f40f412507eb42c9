import Foundation
import IsoFindDomain
import IsoFindStore
import Logging
import Synchronization

/// The HTTP application: routes requests to handlers, enforces roles, answers the gateway's auth
/// subrequest, health and readiness, and turns every failure into the documented error shape.
/// It knows nothing of FastCGI: requests and responses are plain values.
public final class ReportsAPI: Sendable {
    /// Either the module is loaded, or why it is not.
    public enum ModuleState: Sendable {
        case loaded(ReportsModule)
        case failed(String)
    }

    public static let version = "0.1.0"
    public static let authPath = "/_auth"

    public let state: ModuleState
    let router: Router
    let openAPIBody: [UInt8]
    let docsPage: [UInt8]
    let logger: Logger
    private let ready = Atomic<Bool>(false)

    public init(state: ModuleState, logger: Logger) {
        self.state = state
        self.logger = logger
        let module: @Sendable () throws -> ReportsModule = {
            guard case .loaded(let module) = state else { throw APIError.refused(503, "Reports module not loaded.") }
            return module
        }
        // The document describes the route table, which does not depend on the document's bytes.
        let documentBox = Mutex<[UInt8]>([])
        let routes = Routes.all(module: module, openAPI: {
            Response(status: 200, headers: [("Content-Type", "application/json")], body: documentBox.withLock { $0 })
        })
        router = Router(routes: routes)
        let document = OpenAPIDocument.build(routes: routes, version: Self.version)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let body = Array((try? encoder.encode(document)) ?? Data("{}".utf8))
        documentBox.withLock { $0 = body }
        openAPIBody = body
        docsPage = Array(DocsPage.html(routes: routes, version: Self.version).utf8)
    }

    public var module: ReportsModule? {
        if case .loaded(let module) = state { return module }
        return nil
    }

    /// Called once start-up work is done; `/api/ready` answers 200 from then on.
    public func markReady() { ready.store(true, ordering: .releasing) }

    public var isReady: Bool { ready.load(ordering: .acquiring) }

    /// Handles one request. Never throws: every failure becomes a response, and a 500 carries the
    /// request id that the log line also carries.
    public func handle(_ request: Request, requestID: String) -> Response {
        let path = request.path.count > 1 && request.path.hasSuffix("/") ? String(request.path.dropLast()) : request.path
        if path == Self.authPath { return authorize(request, requestID: requestID) }
        switch path {
        case "/health": return health()
        case "/api/ready": return readiness()
        case "/docs": return Response(status: 200, headers: [("Content-Type", "text/html; charset=utf-8")], body: docsPage)
        default: break
        }
        guard path == Routes.prefix || path.hasPrefix(Routes.prefix + "/") else {
            return .detail(404, "Not found: \(path)")
        }
        if case .failed(let reason) = state {
            return .detail(503, "Reports module not loaded: \(reason)")
        }
        switch router.match(method: request.method, path: path) {
        case .notFound:
            return .detail(404, "Not found: \(path)")
        case .methodNotAllowed(let methods):
            var response = Response.detail(405, "Method \(request.method) not allowed on \(path); allowed: \(methods.joined(separator: ", ")).")
            response.headers.append(("Allow", methods.joined(separator: ", ")))
            return response
        case .found(let route, let parameters):
            switch Authorization.decide(required: route.access.requiredRole(parameters), identity: request.identity) {
            case .unauthorized(let message):
                var response = Response.detail(401, message)
                response.headers.append(("WWW-Authenticate", "Bearer realm=\"isofind-reports\""))
                return response
            case .forbidden(let message):
                return .detail(403, message)
            case .allow:
                return run(route, RouteContext(request: request, pathParameters: parameters), requestID: requestID)
            }
        }
    }

    private func run(_ route: Route, _ context: RouteContext, requestID: String) -> Response {
        do {
            var response = try route.handler(context)
            if context.request.method == "HEAD" { response.body = [] }
            return response
        } catch let error as APIError {
            switch error {
            case .validation(let issues): return .validation(issues)
            case .refused(let status, let message):
                if status >= 500 {
                    logger.error("request failed", metadata: ["request_id": "\(requestID)", "error": "\(message)"])
                    return Self.internalError(requestID, status: status, message)
                }
                return .detail(status, message)
            }
        } catch {
            logger.error("request failed", metadata: ["request_id": "\(requestID)", "error": "\(error)"])
            return Self.internalError(requestID)
        }
    }

    static func internalError(_ requestID: String, status: Int = 500, _ message: String = "Internal server error.") -> Response {
        struct Body: Encodable { let detail: String; let request_id: String }
        let sentence = message.hasSuffix(".") ? message : message + "."
        return .json(Body(detail: "\(sentence) Request id: \(requestID).", request_id: requestID), status: status)
    }

    // MARK: - Gateway endpoints

    /// The `auth_request` subrequest: 204 with the identity, 401 or 403 with `X-Auth-Detail`.
    func authorize(_ request: Request, requestID: String) -> Response {
        let denied: (Int, String) -> Response = { status, message in
            var headers = [("X-Auth-Detail", message)]
            if status == 401 { headers.append(("WWW-Authenticate", "Bearer realm=\"isofind-reports\"")) }
            var response = Response(status: status, headers: headers)
            response.logFields = [("auth", "denied")]
            return response
        }
        guard case .loaded(let module) = state else {
            // Every API route answers 503 anyway; let the request through so the client sees why.
            return .noContent(headers: [("X-Auth-Subject", "anonymous"), ("X-Auth-Role", "anonymous")])
        }
        let method = (request.gateway.originalMethod ?? "GET").uppercased()
        let path = Authorization.normalizedPath(request.gateway.originalURI ?? "/")
        let identity: Identity
        do {
            switch try Authorization.identity(for: Authorization.presentedToken(headers: request.headers), store: module.store) {
            case .identity(let found): identity = found
            case .refused(let message): return denied(401, message)
            }
        } catch {
            logger.error("token check failed", metadata: ["request_id": "\(requestID)", "error": "\(error)"])
            return Response(status: 500)
        }
        // Default deny: a path or method that is not in the route table needs a reader token, so
        // anonymous probes learn nothing and a route added without an access rule is never open.
        var required: Role? = .reader
        if case .found(let route, let parameters) = router.match(method: method, path: path) {
            required = route.access.requiredRole(parameters)
        }
        switch Authorization.decide(required: required, identity: identity) {
        case .allow(let allowed):
            var response = Response.noContent(headers: [("X-Auth-Subject", allowed.subject),
                                                        ("X-Auth-Role", allowed.role?.rawValue ?? "anonymous")])
            response.logFields = [("auth", "allowed")]
            return response
        case .unauthorized(let message): return denied(401, message)
        case .forbidden(let message): return denied(403, message)
        }
    }

    func health() -> Response {
        struct Body: Encodable { let status: String; let version: String; let reasons: [String] }
        switch state {
        case .loaded:
            return .json(Body(status: "healthy", version: Self.version, reasons: []))
        case .failed(let reason):
            return .json(Body(status: "degraded", version: Self.version, reasons: ["Reports module not loaded: \(reason)"]), status: 503)
        }
    }

    func readiness() -> Response {
        if case .failed(let reason) = state { return .json(["status": "not ready", "detail": "Reports module not loaded: \(reason)"], status: 503) }
        return isReady ? .json(["status": "ready"]) : .json(["status": "starting"], status: 503)
    }
}
