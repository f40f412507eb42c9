import Logging

/// What travels with a request through the middleware chain: its id, a logger that carries the
/// id, and, once the routing step has run, the route it matched.
public struct RequestContext: Sendable {
    public let requestID: String
    /// The service's logger, without the request id.
    let baseLogger: Logger
    /// Set by `Routing`.
    public var match: (route: Route, parameters: [String: String])?

    public init(requestID: String, logger: Logger) {
        self.requestID = requestID
        baseLogger = logger
    }

    /// A logger whose every line carries the request id. Made when asked for: most requests
    /// (token checks, listings) log nothing of their own, and pay nothing for it.
    public var logger: Logger {
        var logger = baseLogger
        logger[metadataKey: "request_id"] = "\(requestID)"
        return logger
    }
}

/// The rest of the chain, as a step sees it.
public typealias Responder = @Sendable (Request, RequestContext) -> Response

/// One step of request handling: authentication, routing, errors… Each step answers by itself
/// or hands the request on to `next`, so the steps read in one list, in the order they run
/// (`ReportsAPI.steps`), instead of as branches inside one function.
public protocol Middleware: Sendable {
    func respond(to request: Request, context: RequestContext, next: Responder) -> Response
}

extension Array where Element == any Middleware {
    /// These steps in order, ending with `terminal`.
    func chained(to terminal: @escaping Responder) -> Responder {
        reversed().reduce(terminal) { next, step in
            { request, context in step.respond(to: request, context: context, next: next) }
        }
    }
}
