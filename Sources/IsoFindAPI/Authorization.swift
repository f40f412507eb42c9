import Foundation
import IsoFindDomain
import IsoFindMetrics
import IsoFindStore
import IsoFindJSON

/// The auth decision for one request: made in the `/_auth` subrequest from the token, and made
/// again by the dispatcher from the identity the gateway passed on.
public enum AuthDecision: Equatable, Sendable {
    case allow(Identity)
    /// 401: a token is needed and is missing, unknown, expired or revoked.
    case unauthorized(String)
    /// 403: the token is valid but its role is too low.
    case forbidden(String)
}

enum Authorization {
    /// The token a client sent, from `Authorization: Bearer …` or `X-IsoFind-Token`.
    enum Presented: Equatable {
        case none
        case token(String)
        case malformed(String)
    }

    /// A header sent more than once arrives with its values joined by commas (RFC 9110 §5.3), and
    /// a token never holds a comma: such a header is refused, whatever its copies hold, as two
    /// different tokens are.
    static let repeatedHeader = "A token header was sent more than once; send one token, once."

    static func presentedToken(headers: [String: String]) -> Presented {
        var bearer: String?
        if let authorization = headers["authorization"].map(trimmed), !authorization.isEmpty {
            if authorization.utf8.contains(UInt8(ascii: ",")) { return .malformed(repeatedHeader) }
            let parts = authorization.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
            guard parts.count == 2, parts[0].lowercased() == "bearer" else {
                return .malformed("The Authorization header must be 'Bearer <token>'.")
            }
            bearer = trimmed(String(parts[1]))
        }
        let header = headers["x-isofind-token"].map(trimmed)
        if let header, header.utf8.contains(UInt8(ascii: ",")) { return .malformed(repeatedHeader) }
        switch (bearer, header) {
        case (nil, nil), (nil, ""?): return .none
        case (let token?, nil), (let token?, ""?), (nil, let token?): return .token(token)
        case (let a?, let b?): return a == b ? .token(a) : .malformed("Two different tokens were sent; send one.")
        }
    }

    /// Without spaces and tabs at either end (header values are ASCII; no Foundation needed).
    static func trimmed(_ text: String) -> String {
        let utf8 = text.utf8
        guard let first = utf8.firstIndex(where: { $0 != 0x20 && $0 != 0x09 }),
              let last = utf8.lastIndex(where: { $0 != 0x20 && $0 != 0x09 }) else { return "" }
        if first == utf8.startIndex, last == utf8.index(before: utf8.endIndex) { return text }
        return String(text[first...last])
    }

    /// The role needed versus who is calling.
    static func decide(required: Role?, identity: Identity) -> AuthDecision {
        guard let required else { return .allow(identity) }
        guard let role = identity.role else {
            return .unauthorized("This operation needs a token with the \(required.rawValue) role; send it as Authorization: Bearer TOKEN or X-IsoFind-Token.")
        }
        guard role >= required else {
            return .forbidden("This operation needs the \(required.rawValue) role; the token \(identity.subject) has the \(role.rawValue) role.")
        }
        return .allow(identity)
    }

    /// Establishes the identity from a presented token: 401 on any token that is not valid, even on
    /// public routes, so a client never mistakes a broken token for a working one.
    enum Established: Equatable {
        case identity(Identity)
        /// 401 with this sentence; the reason is what the metrics count.
        case refused(String, Metric.TokenCheckReason)
    }

    static func identity(for presented: Presented, store: ReportsStore) throws -> Established {
        switch presented {
        case .none:
            return .identity(.anonymous)
        case .malformed(let message):
            return .refused(message, .malformed)
        case .token(let token):
            switch try store.checkToken(token) {
            case .valid(let record): return .identity(Identity(subject: record.name, role: record.role))
            case .unknown: return .refused("The token is not valid.", .unknown)
            case .expired: return .refused("The token has expired.", .expired)
            case .revoked: return .refused("The token has been revoked.", .revoked)
            }
        }
    }

    /// The path of a request URI: query removed, percent-decoded, `.` and `..` segments resolved and
    /// repeated slashes merged, as nginx normalises `$uri`. Deciding on the raw URI would let
    /// `/api/reports/templates/../list` be judged as something other than what nginx then serves.
    static func normalizedPath(_ uri: String) -> String {
        let rawPath = uri.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
        // The common case, a plain path, is already normal: no escapes, no dot segments, no "//".
        if !rawPath.utf8.contains(UInt8(ascii: "%")), !rawPath.contains("/."), !rawPath.contains("//"),
           rawPath.hasPrefix("/"), rawPath == "/" || !rawPath.hasSuffix("/") {
            return rawPath
        }
        let decoded = rawPath.removingPercentEncoding ?? rawPath
        var segments: [Substring] = []
        for segment in decoded.split(separator: "/", omittingEmptySubsequences: true) {
            if segment == "." { continue }
            if segment == ".." { _ = segments.popLast(); continue }
            segments.append(segment)
        }
        return "/" + segments.joined(separator: "/")
    }
}
