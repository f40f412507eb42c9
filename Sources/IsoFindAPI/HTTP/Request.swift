import Foundation
import IsoFindDomain

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
    /// Set by nginx's `location = /metrics` only (`fastcgi_param ISOFIND_METRICS 1`): the
    /// request passed that location's allow/deny list. `GET /metrics` is answered only then.
    public var metricsAllowed: Bool

    public init(identity: Identity? = nil, originalMethod: String? = nil, originalURI: String? = nil, requestID: String? = nil,
                metricsAllowed: Bool = false) {
        self.identity = identity
        self.originalMethod = originalMethod
        self.originalURI = originalURI
        self.requestID = requestID
        self.metricsAllowed = metricsAllowed
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
