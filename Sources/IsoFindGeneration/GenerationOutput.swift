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
}
