import Foundation
import IsoFindStore

/// A rendered report and what the client is told about it.
public struct RenderedReport: Sendable {
    public let bytes: [UInt8]
    public let pages: Int
    public let warnings: [String]
    /// The samples the report used.
    public let sampleIDs: [Int]
}

/// A final report, written and recorded.
public struct GeneratedReport: Sendable {
    public let record: ReportRecord
    public let warnings: [String]
    /// How long each phase took, in order.
    public let timings: PhaseTimings
}

/// The time each phase of a generation took: what `Server-Timing` tells the client and what
/// `scripts/bench` reads (signing's cost is its own phase).
public struct PhaseTimings: Sendable {
    public private(set) var phases: [(name: String, milliseconds: Double)] = []
    private var mark = ContinuousClock.now

    public init() {}

    /// Ends the phase `name`, begun at the previous call (or at creation).
    mutating func end(_ name: String) {
        let now = ContinuousClock.now
        let elapsed = mark.duration(to: now).components
        phases.append((name, Double(elapsed.seconds) * 1000 + Double(elapsed.attoseconds) / 1e15))
        mark = now
    }

    /// `validate;dur=0.41, gather;dur=2.10, ...` (RFC: W3C Server Timing).
    public var serverTiming: String {
        phases.map { "\($0.name);dur=\(String(format: "%.2f", $0.milliseconds))" }.joined(separator: ", ")
    }
}
