import IsoFindDomain
import IsoFindJSON

/// A refusal raised by a handler; the dispatcher turns it into the FastAPI-shaped response.
public enum APIError: Error, Sendable {
    /// 422 with every problem (locations already prefixed with body/query/path).
    case validation([ValidationIssue])
    /// Any other status with one clear sentence.
    case refused(Int, String)

    static func notFound(_ message: String) -> APIError { .refused(404, message) }
}
