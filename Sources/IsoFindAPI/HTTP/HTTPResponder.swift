/// The application as a transport sees it: one request in, one response out. The FastCGI server
/// (and the tests) talk to the API through this protocol only, never through its concrete type.
///
/// `respond` never throws: every failure is a response, and a 500 carries the request id that
/// the log lines of the request also carry. It is called on the transport's worker threads,
/// concurrently.
public protocol HTTPResponder: Sendable {
    func respond(to request: Request, requestID: String) -> Response
}

/// Paths the transport treats specially.
public enum GatewayPaths {
    /// The gateway's token check (nginx `auth_request`): its requests carry no body, and they
    /// are logged at debug level only (one per authenticated call).
    public static let authorization = "/_auth"
    /// The Prometheus scrape (`MetricsEndpoint`); not under the API, not in the OpenAPI document.
    public static let metrics = "/metrics"
    /// The prefix of the reports API.
    public static let api = "/api/reports"

    /// Whether `path` is under the reports API.
    public static func isAPI(_ path: String) -> Bool { path == api || path.hasPrefix(api + "/") }
}
