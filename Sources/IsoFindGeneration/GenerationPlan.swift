import Foundation
import IsoFindDomain
import IsoFindJSON
import IsoFindReport

/// A generation request checked against the store and the configuration: what the later phases
/// need, and nothing they would have to check again.
struct GenerationPlan {
    let title: String
    let templateID: Int?
    let blocks: [any ReportBlock]
    let language: Language
    let mode: ReportMode
    let selection: SampleSelection
    /// The request's `nexus_session_id`.
    let nexusSessionID: Int?
    /// That session's `result_json`, when it was read and has one.
    let sessionResult: String?
    /// The basemap file, resolved inside the tiles folder.
    let basemapFile: URL?
    let inputs: ReportInputs
    /// The request dicts as sent, for custom blocks (`CustomBlockData`).
    let requestData: [String: JSONValue]
    /// About the request itself, for the response only (not the report's reader).
    let notes: [String]
    /// Sources found unreadable while validating.
    let unavailable: [ReportContext.DataSource: String]
}
