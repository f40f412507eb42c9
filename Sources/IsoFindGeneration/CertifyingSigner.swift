import Foundation
import IsoFindDomain
import IsoFindReport
import IsoFindSigning
import IsoFindStore

/// The signer of a server with a signing key: each final report gets a PDF certification
/// signature (`PDFCertification`), whose field is named after the report ("IsoFind report 42",
/// which `verify` reads back), and whose signing time is the report's generation time.
public struct CertifyingSigner: ReportSigner {
    let certifier: PDFCertification

    public init(identity: SigningIdentity) throws(PDFCertification.Failure) {
        certifier = try PDFCertification(identity: identity)
    }

    public var identity: SigningIdentity { certifier.identity }

    public var certification: ReportContext.Certification? {
        ReportContext.Certification(subject: identity.certificate.subject, certificateSHA256: identity.certificate.sha256,
                                    algorithm: identity.algorithm)
    }

    public func sign(_ pdf: [UInt8], report: SigningRequest) throws -> SignedReport {
        let certificate = identity.certificate
        let signed = try certifier.certify(pdf, .init(
            fieldName: "IsoFind report \(report.reportID)", signerName: certificate.displayName,
            reason: "Certified IsoFind report \(report.reportID), issued by \(report.organization)",
            signingTime: report.generatedAt, softwareVersion: Product.version))
        return SignedReport(bytes: signed, signature: ReportSignature(
            algorithm: identity.algorithm, signer: certificate.subject, certificateSHA256: certificate.sha256,
            signedAt: PDFDate.iso8601(report.generatedAt)))
    }
}
