import Foundation
import IsoFindDomain
import IsoFindGeneration
import IsoFindStore
import Logging
import Synchronization
import IsoFindJSON

/// The HTTP application: routes requests to handlers, enforces roles, answers the gateway's auth
/// subrequest, health and readiness, and turns every failure into the documented error shape.
/// It knows nothing of FastCGI: requests and responses are plain values.
public final class ReportsAPI: Sendable {
    /// Either the module is loaded, or why it is not.
    public enum ModuleState: Sendable {
        case loaded(ReportsModule)
        case failed(String)
    }

    public static let version = Product.version
    public static let authPath = "/_auth"

    public let state: ModuleState
    let router: Router
    let openAPIBody: [UInt8]
    let docsPage: [UInt8]
    let logger: Logger
    let status: ServiceStatus

    public init(state: ModuleState, logger: Logger) {
        self.state = state
        self.logger = logger
        let status = ServiceStatus(state: state)
        self.status = status
        let module: @Sendable () throws -> ReportsModule = {
            guard case .loaded(let module) = state else { throw APIError.refused(503, "Reports module not loaded.") }
            return module
        }
        // The document describes the route table, which does not depend on the document's bytes.
        let documentBox = Mutex<[UInt8]>([])
        let routes = Routes.service(status) + Routes.all(module: module, openAPI: {
            Response(status: 200, headers: [("Content-Type", "application/json")], body: documentBox.withLock { $0 })
        })
        router = Router(routes: routes)
        let document = OpenAPIDocument.build(routes: routes, version: Self.version)
        let body = JSONWriter.bytes(document)
        documentBox.withLock { $0 = body }
        openAPIBody = body
        docsPage = Array(DocsPage.html(routes: routes, version: Self.version).utf8)
    }

    public var module: ReportsModule? {
        if case .loaded(let module) = state { return module }
        return nil
    }

    /// Called once start-up work is done; `/api/ready` answers 200 from then on.
    public func markReady() { status.markReady() }

    /// Handles one request. Never throws: every failure becomes a response, and a 500 carries the
    /// request id that the log line also carries.
    public func handle(_ request: Request, requestID: String) -> Response {
        let path = request.path.count > 1 && request.path.hasSuffix("/") ? String(request.path.dropLast()) : request.path
        if path == Self.authPath { return authorize(request, requestID: requestID) }
        if path == "/docs" {
            return Response(status: 200, headers: [("Content-Type", "text/html; charset=utf-8")], body: docsPage)
        }
        if case .failed(let reason) = state, path == Routes.prefix || path.hasPrefix(Routes.prefix + "/") {
            return .detail(503, "Reports module not loaded: \(reason)")
        }
        let match = router.match(method: request.method, path: path)
        if path == Routes.prefix || path.hasPrefix(Routes.prefix + "/"), request.identity.role == nil {
            // Default deny, as in the auth subrequest: anonymous callers learn nothing about
            // paths and methods that are not public routes.
            switch match {
            case .notFound, .methodNotAllowed: return Self.unauthorized(Authorization.decide(required: .reader, identity: .anonymous))
            case .found: break
            }
        }
        switch match {
        case .notFound:
            return .detail(404, "Not found: \(path)")
        case .methodNotAllowed(let methods):
            var response = Response.detail(405, "Method \(request.method) not allowed on \(path); allowed: \(methods.joined(separator: ", ")).")
            response.headers.append(("Allow", methods.joined(separator: ", ")))
            return response
        case .found(let route, let parameters):
            let decision = Authorization.decide(required: route.access.requiredRole(parameters), identity: request.identity)
            guard case .allow = decision else { return Self.unauthorized(decision) }
            return run(route, RouteContext(request: request, pathParameters: parameters, requestID: requestID, logger: logger),
                       requestID: requestID)
        }
    }

    /// The responder's own 401 (with the Bearer challenge) or 403 for a refused decision.
    static func unauthorized(_ decision: AuthDecision) -> Response {
        switch decision {
        case .forbidden(let message):
            return .detail(403, message)
        case .unauthorized(let message):
            var response = Response.detail(401, message)
            response.headers.append(("WWW-Authenticate", "Bearer realm=\"isofind-reports\""))
            return response
        case .allow:
            return .detail(500, "Refusal expected.")
        }
    }

    private func run(_ route: Route, _ context: RouteContext, requestID: String) -> Response {
        do {
            var response = try route.handler(context)
            if context.request.method == "HEAD" { response.body = [] }
            return response
        } catch let error as GenerationError {
            switch error {
            case .invalid(let issues): return .validation(issues)
            case .notFound(let message): return .detail(404, message)
            case .licence(let message): return .detail(403, message)
            case .failed(let message): return Self.internalError(requestID, status: 500, message)
            case .signingFailed(let message):
                return Self.internalError(requestID, status: 500, "The report could not be signed: \(message)")
            }
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
        let sentence = message.hasSuffix(".") ? message : message + "."
        return .json(["detail": .string("\(sentence) Request id: \(requestID)."), "request_id": .string(requestID)], status: status)
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
}

/// Whether the service can answer: `/health` (is the reports module loaded?) and `/api/ready`
/// (has start-up finished?). Shared by the dispatcher and the service routes.
final class ServiceStatus: Sendable {
    let state: ReportsAPI.ModuleState
    private let ready = Atomic<Bool>(false)

    init(state: ReportsAPI.ModuleState) { self.state = state }

    func markReady() { ready.store(true, ordering: .releasing) }

    var isReady: Bool { ready.load(ordering: .acquiring) }

    func health() -> Response {
        switch state {
        case .loaded:
            return .json(["status": "healthy", "version": .string(ReportsAPI.version), "reasons": []])
        case .failed(let reason):
            return .json(["status": "degraded", "version": .string(ReportsAPI.version),
                          "reasons": [.string("Reports module not loaded: \(reason)")]], status: 503)
        }
    }

    func readiness() -> Response {
        if case .failed(let reason) = state {
            return .json(["status": "not ready", "detail": .string("Reports module not loaded: \(reason)")], status: 503)
        }
        return isReady ? .json(["status": "ready"]) : .json(["status": "starting"], status: 503)
    }
}
