import IsoFindDomain
import IsoFindReport
import Logging

/// Runs a custom block's code in the gathering phase, before layout: the block (its key, code
/// and the data sections it may see) and the report's gathered data in; story items, or why
/// there are none, out. No Python runs while a page is drawn.
///
/// Called on the generation's own thread, once per custom block of the report. An
/// implementation must return within its own deadline and never hold a lock that other requests
/// need; a failure is an outcome (an error box in that block and a warning naming its key),
/// never a thrown error, so the rest of the report is always produced. `logger` carries the
/// request id: what the block's code prints goes there, tagged with the block's key.
public protocol CustomBlockRunner: Sendable {
    func run(_ block: CustomBlock, data: ReportContext, logger: Logger) -> CustomBlockOutcome
}

/// The runner of a server that cannot run custom blocks: each custom block of a report gets an
/// error box saying so, and the response a warning naming its key. Nothing is dropped silently.
public struct CustomBlocksNotEnabled: CustomBlockRunner {
    public init() {}

    public func run(_ block: CustomBlock, data: ReportContext, logger: Logger) -> CustomBlockOutcome {
        .failed(CustomBlockFailure(kind: "NotEnabled", message: "custom Python blocks are not enabled on this server"))
    }
}
