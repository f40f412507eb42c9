import IsoFindDomain
import IsoFindJSON
import IsoFindReport
import Logging

/// Runs a custom block's code in the gathering phase, before layout: the block (its key and
/// code) and the data it may see in; story items, or why there are none, out. No Python runs
/// while a page is drawn.
///
/// Called on the generation's own thread, once per custom block of the report. An
/// implementation must return within its own deadline and never hold a lock that other requests
/// need; a failure is an outcome (an error box in that block and a warning naming its key),
/// never a thrown error, so the rest of the report is always produced. `logger` carries the
/// request id: what the block's code prints goes there, tagged with the block's key.
public protocol CustomBlockRunner: Sendable {
    func run(_ block: CustomBlock, job: CustomBlockJob, logger: Logger) -> CustomBlockOutcome
}

/// What one custom block's code is given: the report's language (`lang`) and the sections of
/// `data` its `api_calls` allow (`CustomBlockData`).
public struct CustomBlockJob: Sendable {
    public var language: Language
    public var data: [String: JSONValue]

    public init(language: Language, data: [String: JSONValue]) {
        self.language = language
        self.data = data
    }
}

/// The runner of a server that cannot run custom blocks: each custom block of a report gets an
/// error box saying why, and the response a warning naming its key. Nothing is dropped silently.
public struct CustomBlocksNotEnabled: CustomBlockRunner {
    let reason: String

    public init(reason: String = "custom Python blocks are not enabled on this server") { self.reason = reason }

    public func run(_ block: CustomBlock, job: CustomBlockJob, logger: Logger) -> CustomBlockOutcome {
        .failed(CustomBlockFailure(kind: "NotEnabled", message: reason))
    }
}
