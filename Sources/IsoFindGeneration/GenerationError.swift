import IsoFindJSON

/// Why a generation was refused or failed. The HTTP API maps each case to its status; the
/// `render` command prints it. Nothing is recorded or left on disk when one is thrown.
public enum GenerationError: Error, Sendable, Equatable {
    /// 422: every problem found, located in the request (`["body", "blocks", 2]`).
    case invalid([ValidationIssue])
    /// 404: the template or the Nexus session the request names does not exist.
    case notFound(String)
    /// 403: blocks above the server's licence.
    case licence(String)
    /// 500: the report could not be produced (its own store, the PDF writer, the reports folder).
    /// `summary` is the sentence for the client; `reason`, the technical cause, is for the log
    /// only (it may name files of the server).
    case failed(summary: String, reason: String)
    /// 500: the final report could not be signed; nothing was recorded. `reason` is for the log.
    case signingFailed(reason: String)

    /// One line for a terminal or a log: the status and every problem.
    public var explanation: String {
        switch self {
        case .invalid(let issues):
            return "422: " + issues.map { issue in
                issue.loc.map(\.description).joined(separator: ".") + ": " + issue.msg
            }.joined(separator: "; ")
        case .notFound(let message): return "404: \(message)"
        case .licence(let message): return "403: \(message)"
        case .failed(let summary, let reason): return "500: \(summary): \(reason)"
        case .signingFailed(let reason): return "500: the report could not be signed: \(reason)"
        }
    }
}
