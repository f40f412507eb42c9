import Foundation
import IsoFindDomain
import IsoFindJSON

/// Who is calling, as established by the gateway's token check (nginx `auth_request` → `/_auth`).
/// The API never sees tokens on ordinary requests: only this identity.
public struct Identity: Sendable, Equatable {
    /// The token's name, or "anonymous".
    public var subject: String
    /// nil for anonymous callers.
    public var role: Role?

    public static let anonymous = Identity(subject: "anonymous", role: nil)

    public init(subject: String, role: Role?) {
        self.subject = subject
        self.role = role
    }
}

/// What the gateway (nginx) tells the responder besides the client's request itself.
public struct GatewayInfo: Sendable, Equatable {
    /// The identity set by the gateway after its auth subrequest; `nil` when the gateway sent none.
    public var identity: Identity?
    /// For the auth subrequest: the client's method and URI being authorised.
    public var originalMethod: String?
    public var originalURI: String?
    /// nginx's `$request_id`, shared with its access log.
    public var requestID: String?

    public init(identity: Identity? = nil, originalMethod: String? = nil, originalURI: String? = nil, requestID: String? = nil) {
        self.identity = identity
        self.originalMethod = originalMethod
        self.originalURI = originalURI
        self.requestID = requestID
    }
}

/// An HTTP request as the API sees it: no FastCGI, no CGI variable names.
public struct Request: Sendable {
    public var method: String
    /// The decoded path, without the query string (nginx's `$uri`).
    public var path: String
    /// The raw query string, without '?'.
    public var query: String
    /// Header names in lower case.
    public var headers: [String: String]
    public var body: [UInt8]
    public var gateway: GatewayInfo

    public init(method: String, path: String, query: String = "", headers: [String: String] = [:], body: [UInt8] = [],
                gateway: GatewayInfo = GatewayInfo()) {
        self.method = method.uppercased()
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
        self.gateway = gateway
    }

    public var identity: Identity { gateway.identity ?? .anonymous }

    public func header(_ name: String) -> String? { headers[name.lowercased()] }

    /// Query parameters in order; repeated names keep every value.
    public var queryItems: [(name: String, value: String)] {
        query.split(separator: "&", omittingEmptySubsequences: true).map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = Request.percentDecode(String(parts[0]))
            let value = parts.count > 1 ? Request.percentDecode(String(parts[1])) : ""
            return (name, value)
        }
    }

    static func percentDecode(_ text: String) -> String {
        let spaced = text.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }
}

/// An HTTP response. `logFields` travel to the request log line, never to the client.
public struct Response: Sendable {
    public var status: Int
    public var headers: [(String, String)]
    public var body: [UInt8]
    public var logFields: [(String, String)] = []

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
