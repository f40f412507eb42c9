import IsoFindGeneration
import IsoFindJSON
import Logging

/// The end of the chain: runs the matched route's handler and turns whatever it throws into the
/// documented error shape, in one place. Refusals (`APIError`, `GenerationError`) become their
/// status with FastAPI's `{"detail": …}`; anything at or above 500 is logged with the request id
/// and answered with a short detail that carries the same id, never a stack trace.
enum RouteHandling {
    static func respond(to request: Request, context: RequestContext) -> Response {
        guard let (route, parameters) = context.match else { return .detail(404, "Not found: \(request.path)") }
        let routeContext = RouteContext(request: request, route: route, pathParameters: parameters, context: context)
        do {
            return try route.handler(routeContext)
        } catch {
            return response(for: error, context)
        }
    }

    static func response(for error: any Error, _ context: RequestContext) -> Response {
        switch error {
        case let error as APIError:
            switch error {
            case .validation(let issues): return .validation(issues)
            case .refused(let status, let message) where status < 500: return .detail(status, message)
            case .refused(let status, let message): return internalError(message, status: status, context)
            }
        case let error as GenerationError:
            switch error {
            case .invalid(let issues): return .validation(issues)
            case .notFound(let message): return .detail(404, message)
            case .licence(let message): return .detail(403, message)
            case .failed(let summary, let reason):
                context.logger.error("request failed", metadata: ["status": "500", "error": "\(summary): \(reason)"])
                return internalError(summary, status: 500, context, logged: true)
            case .signingFailed(let reason):
                context.logger.error("request failed", metadata: ["status": "500", "error": "the report could not be signed: \(reason)"])
                return internalError("The report could not be signed", status: 500, context, logged: true)
            }
        default:
            context.logger.error("request failed", metadata: ["error": "\(error)"])
            return internalError("Internal server error.", status: 500, context, logged: true)
        }
    }

    /// A 5xx with one sentence and the request id (which the log line also carries).
    static func internalError(_ message: String, status: Int, _ context: RequestContext, logged: Bool = false) -> Response {
        if !logged { context.logger.error("request failed", metadata: ["status": "\(status)", "error": "\(message)"]) }
        let sentence = message.hasSuffix(".") ? message : message + "."
        return .json(["detail": .string("\(sentence) Request id: \(context.requestID)."), "request_id": .string(context.requestID)],
                     status: status)
    }
}
