import IsoFindDomain
import IsoFindFormat
import IsoFindRender

/// Everything a block may print, gathered before layout starts (request → command → data →
/// layout): the samples, the request's dicts, branding, matrix rules, and who generates.
/// Blocks read it; the only thing they add to it is warnings.
public final class ReportContext {
    public let language: Language
    public let title: String
    public let mode: ReportMode
    public let samples: [Sample]
    public let inputs: ReportInputs
    public let branding: Branding
    public let matrices: MatrixConfiguration
    /// "Report 42" or the preview mark, as printed in footers and on the cover.
    public let reference: Reference
    /// Generation time (SOURCE_DATE_EPOCH in tests and audits).
    public let generatedAt: Int64
    public let licence: Licence
    public let sources: DataSources
    public private(set) var warnings: [Warning] = []
    /// The offline basemap of `sample_map`, when the request gave a readable `mbtiles_path`.
    public var basemap: Basemap?

    public enum Reference: Sendable, Equatable {
        case report(id: Int)
        case preview
    }

    public struct Branding: Sendable {
        public var organizationName: String
        public var logo: LogoData?
        public init(organizationName: String, logo: LogoData? = nil) {
            self.organizationName = organizationName
            self.logo = logo
        }
    }

    /// A validated logo file's bytes and kind.
    public struct LogoData: Sendable {
        public enum Kind: Sendable { case png, jpeg, svg }
        public let kind: Kind
        public let bytes: [UInt8]
        public init(kind: Kind, bytes: [UInt8]) {
            self.kind = kind
            self.bytes = bytes
        }
    }

    /// Where the data came from, for data_provenance and the "source" of every value.
    public struct DataSources: Sendable {
        public var samplesDatabase: String?
        public var nexusSessionID: Int?
        public var softwareVersion: String
        public init(samplesDatabase: String?, nexusSessionID: Int?, softwareVersion: String) {
            self.samplesDatabase = samplesDatabase
            self.nexusSessionID = nexusSessionID
            self.softwareVersion = softwareVersion
        }
    }

    /// A problem worth telling the client: in the API response and in the limitations block.
    public struct Warning: Sendable, Equatable {
        public let block: String?
        public let message: String
    }

    public init(language: Language, title: String, mode: ReportMode, samples: [Sample], inputs: ReportInputs,
                branding: Branding, matrices: MatrixConfiguration, reference: Reference, generatedAt: Int64,
                licence: Licence, sources: DataSources) {
        self.language = language
        self.title = title
        self.mode = mode
        self.samples = samples
        self.inputs = inputs
        self.branding = branding
        self.matrices = matrices
        self.reference = reference
        self.generatedAt = generatedAt
        self.licence = licence
        self.sources = sources
    }

    public func warn(_ message: String, block: String? = nil) {
        let warning = Warning(block: block, message: message)
        if !warnings.contains(warning) { warnings.append(warning) }
    }

    /// Puts the warnings in the order of `blocks` (stable within a block; warnings of no block
    /// last), whatever order the blocks were built in.
    func orderWarnings(by blocks: [String]) {
        let position = { (warning: Warning) in warning.block.flatMap(blocks.firstIndex(of:)) ?? Int.max }
        warnings = warnings.enumerated().sorted { (position($0.element), $0.offset) < (position($1.element), $1.offset) }
            .map(\.element)
    }

    /// The formatting language of IsoFindFormat.
    public var format: ReportLanguage { language == .fr ? .fr : .en }

    public func text(_ localized: Localized) -> String { localized[language] }
}
