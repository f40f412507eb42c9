import Foundation
import IsoFindDomain
import IsoFindReport

/// A generation request checked against the store and the configuration: what the later phases
/// need, and nothing they would have to check again.
struct GenerationPlan {
    struct Session {
        let id: Int
        let sampleID: Int?
        let resultJSON: String?
    }

    let title: String
    let templateID: Int?
    let blocks: [any ReportBlock]
    let language: Language
    let mode: ReportMode
    let selection: SampleSelection
    /// The request's `nexus_session_id` (its session is `session` when it could be read).
    let nexusSessionID: Int?
    let session: Session?
    /// The basemap file, resolved inside the tiles folder.
    let basemapFile: URL?
    let inputs: ReportInputs
    /// About the request itself, for the response only (not the report's reader).
    let notes: [String]
    /// Sources found unreadable while validating.
    let unavailable: [ReportContext.DataSource: String]
}
