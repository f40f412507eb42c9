import IsoFindDomain
import IsoFindStore

/// IsoFind's samples database as the pipeline reads it. `SamplesReader` is the real one; tests
/// put a failing one in its place to check that a report degrades instead of failing.
public protocol SamplesSource: Sendable {
    /// The ids among `ids` that match no sample, in the order given.
    func missingIDs(_ ids: [Int]) throws -> [Int]
    /// The selected samples with all their measurements.
    func samples(_ selection: SampleSelection) throws -> [Sample]
}

extension SamplesReader: SamplesSource {}

/// IsoFind's Nexus sessions database (`workflows.db`) as the pipeline reads it.
public protocol NexusSessionSource: Sendable {
    /// The session's sample and `result_json`; nil when no session has that id.
    func session(id: Int) throws -> (sampleID: Int?, resultJSON: String?)?
}

extension NexusSessionsReader: NexusSessionSource {}
