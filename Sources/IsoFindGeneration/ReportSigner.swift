import IsoFindReport
import IsoFindStore

/// Signs a final report between rendering and archiving: the PDF's bytes in; the signed bytes
/// and a summary of the signature out. The pipeline records the `sha256` and `file_size` of what
/// this returns, and writes that file once, atomically. Previews never reach it.
///
/// Called on the generation's thread. A thrown error fails the generation with a 500 that
/// carries the request id; nothing is written or recorded.
public protocol ReportSigner: Sendable {
    /// The certificate reports are signed with, printed by the certification block before the
    /// signature exists; nil when reports are not signed.
    var certification: ReportContext.Certification? { get }

    func sign(_ pdf: [UInt8], report: SigningRequest) throws -> SignedReport
}

/// What the signer is told about the report it signs.
public struct SigningRequest: Sendable {
    public let reportID: Int
    public let title: String
    /// The organisation that issues it (the branding's name).
    public let organization: String
    /// The generation time, epoch seconds.
    public let generatedAt: Int64

    public init(reportID: Int, title: String, organization: String, generatedAt: Int64) {
        self.reportID = reportID
        self.title = title
        self.organization = organization
        self.generatedAt = generatedAt
    }
}

/// A signed final report.
public struct SignedReport: Sendable {
    public let bytes: [UInt8]
    /// The recorded signature summary; nil when the report is not signed.
    public let signature: ReportSignature?

    public init(bytes: [UInt8], signature: ReportSignature?) {
        self.bytes = bytes
        self.signature = signature
    }
}

/// The signer of a server without a signing key: the bytes pass through unchanged and the
/// record says `"signature": null`. The server signs with `CertifyingSigner`; this one serves the
/// commands and tests that never make a signed report.
public struct UnsignedReports: ReportSigner {
    public init() {}

    public var certification: ReportContext.Certification? { nil }

    public func sign(_ pdf: [UInt8], report: SigningRequest) throws -> SignedReport {
        SignedReport(bytes: pdf, signature: nil)
    }
}
