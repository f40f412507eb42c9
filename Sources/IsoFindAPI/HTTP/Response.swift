import IsoFindJSON

/// An HTTP response. `logFields` travel to the request log line and `route` to the metrics,
/// never to the client.
public struct Response: Sendable {
    public var status: Int
    public var headers: [(String, String)]
    public var body: [UInt8]
    public var logFields: [(String, String)] = []
    /// The template of the route that answered (`/api/reports/{id}`), `/_auth` or
    /// `/metrics`; nil when none did (404, 405, default deny, module not loaded).
    public var route: String?

    public init(status: Int, headers: [(String, String)] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    public func header(_ name: String) -> String? {
        headers.first { $0.0.lowercased() == name.lowercased() }?.1
    }

    public static func json(_ value: JSONValue, status: Int = 200) -> Response {
        Response(status: status, headers: [("Content-Type", "application/json")], body: JSONWriter.bytes(value))
    }

    /// A refusal in FastAPI's shape: `{"detail": "<one clear sentence>"}`.
    public static func detail(_ status: Int, _ message: String) -> Response {
        .json(["detail": .string(message)], status: status)
    }

    /// A 422 listing every problem found: `{"detail": [{"loc": [...], "msg": ..., "type": ...}]}`.
    public static func validation(_ issues: [ValidationIssue]) -> Response {
        .json(["detail": .array(issues.map { issue in
            .object([
                "loc": .array(issue.loc.map { component in
                    switch component {
                    case .key(let key): return .string(key)
                    case .index(let index): return .int(Int64(index))
                    }
                }),
                "msg": .string(issue.msg),
                "type": .string(issue.type),
            ])
        })], status: 422)
    }

    public static func noContent(headers: [(String, String)] = []) -> Response {
        Response(status: 204, headers: headers)
    }

    public static let reasonPhrases: [Int: String] = [
        200: "OK", 201: "Created", 204: "No Content", 400: "Bad Request", 401: "Unauthorized", 403: "Forbidden",
        404: "Not Found", 405: "Method Not Allowed", 413: "Content Too Large", 415: "Unsupported Media Type",
        422: "Unprocessable Content", 500: "Internal Server Error", 503: "Service Unavailable",
    ]
}
