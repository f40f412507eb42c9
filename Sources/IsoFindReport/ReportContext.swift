import IsoFindDomain
import IsoFindFormat

/// Everything a report may print, gathered before layout starts (request → validated command →
/// gathered data → layout): the report's settings, the samples, the request's dicts, branding,
/// matrix rules, the basemap and the custom blocks' output. Immutable: built once per generation
/// by the pipeline, read by every block. What a block adds while it renders, its warnings, goes
/// to the rendering's own `WarningLog`, never here.
///
/// The rule for degrading (one for every source): when a source cannot be read, the report still
/// renders. The source is listed in `unavailable` with the reason, the blocks that need it say so
/// in the PDF (`BlockSupport`), and the renderer makes it a warning, in the report's language, in
/// the response and the limitations block. Only what the report cannot be printed without (its own store, the PDF writer) fails
/// a generation.
public struct ReportContext: Sendable {
    public let language: Language
    public let title: String
    public let mode: ReportMode
    /// "Report 42" or the preview mark, as printed in footers and on the cover.
    public let reference: Reference
    /// Generation time (SOURCE_DATE_EPOCH in tests and audits).
    public let generatedAt: Int64
    public let licence: Licence
    public let sources: DataSources
    public let samples: [Sample]
    public let inputs: ReportInputs
    public let branding: Branding
    /// The installation's matrix groups and rules; empty when they could not be read (and then
    /// `unavailable[.matrixRules]` says why).
    public let matrices: MatrixConfiguration
    /// The offline basemap of `sample_map`, when the request named a readable `mbtiles_path`.
    public let basemap: Basemap?
    /// What each custom block of the report produced in the gathering phase.
    public let customBlocks: [BlockKey: CustomBlockOutcome]
    /// The sources that could not be read, and why (the technical reason, e.g. the database's
    /// error). The renderer turns each into a warning in the report's language.
    public let unavailable: [DataSource: String]
    /// Who certifies a final report, known before layout so that the certification block prints
    /// it; nil for a preview, and for a final report of an installation that does not sign.
    public let certification: Certification?

    public enum Reference: Sendable, Equatable {
        case report(id: Int)
        case preview
    }

    /// A source of data a report reads besides the request itself.
    public enum DataSource: String, Sendable, Hashable, CaseIterable {
        case samples, nexusSession, branding, logo, matrixRules, basemap
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

    /// The signing certificate a final report is certified with. The signing time is the
    /// report's `generatedAt`.
    public struct Certification: Sendable, Equatable {
        /// The certificate's subject, e.g. "CN=Hydro Lab (IsoFind Reports),O=Hydro Lab".
        public var subject: String
        /// SHA-256 of the certificate (DER), lower-case hex.
        public var certificateSHA256: String
        /// "ECDSA P-256 with SHA-256".
        public var algorithm: String

        public init(subject: String, certificateSHA256: String, algorithm: String) {
            self.subject = subject
            self.certificateSHA256 = certificateSHA256
            self.algorithm = algorithm
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

    public init(language: Language, title: String, mode: ReportMode, reference: Reference, generatedAt: Int64,
                licence: Licence, sources: DataSources, samples: [Sample], inputs: ReportInputs, branding: Branding,
                matrices: MatrixConfiguration, basemap: Basemap? = nil, customBlocks: [BlockKey: CustomBlockOutcome] = [:],
                unavailable: [DataSource: String] = [:], certification: Certification? = nil) {
        self.language = language
        self.title = title
        self.mode = mode
        self.reference = reference
        self.generatedAt = generatedAt
        self.licence = licence
        self.sources = sources
        self.samples = samples
        self.inputs = inputs
        self.branding = branding
        self.matrices = matrices
        self.basemap = basemap
        self.customBlocks = customBlocks
        self.unavailable = unavailable
        self.certification = certification
    }

    /// The same report with the custom blocks' output (the gathering's third phase).
    public func adding(customBlocks outcomes: [BlockKey: CustomBlockOutcome]) -> ReportContext {
        ReportContext(language: language, title: title, mode: mode, reference: reference, generatedAt: generatedAt,
                      licence: licence, sources: sources, samples: samples, inputs: inputs, branding: branding,
                      matrices: matrices, basemap: basemap, customBlocks: customBlocks.merging(outcomes) { $1 },
                      unavailable: unavailable, certification: certification)
    }

    /// The formatting language of IsoFindFormat.
    public var format: ReportLanguage { language == .fr ? .fr : .en }

    public func text(_ localized: Localized) -> String { localized[language] }
}

/// A problem worth telling the client: in the API response and in the limitations block.
public struct ReportWarning: Sendable, Equatable {
    /// The block it concerns, or nil for the report as a whole.
    public let block: BlockKey?
    public let message: String

    public init(block: BlockKey?, message: String) {
        self.block = block
        self.message = message
    }

    /// "sample_map: The basemap was not drawn…", as the API lists it.
    public var line: String { block.map { "\($0): \(message)" } ?? message }
}
