import Foundation
import IsoFindGeneration
import IsoFindSigning
import IsoFindStore

/// What the service signs final reports with, and the certificates it trusts when it verifies
/// one: every certificate the installation has signed with (kept in the store), and the
/// configured chain.
public struct ReportSigning: Sendable {
    public let signer: any ReportSigner
    /// The certificate served by `GET /signing-certificate`, PEM (the chain); nil when the
    /// service does not sign.
    public let certificatePEM: String?
    public let verifier: SignatureVerifier

    public init(signer: any ReportSigner, certificatePEM: String?, verifier: SignatureVerifier) {
        self.signer = signer
        self.certificatePEM = certificatePEM
        self.verifier = verifier
    }

    /// Reports are not signed, and nothing is trusted (tests, previews-only commands).
    public static let unsigned = ReportSigning(signer: UnsignedReports(), certificatePEM: nil,
                                               verifier: SignatureVerifier(anchors: TrustAnchors([])))

    /// The configured key and chain, or the installation's own key in `<data_dir>/keys/`, made
    /// on first start. Its certificate is kept in the store. A key that cannot be used (does not
    /// match its certificate, cannot be read) throws `SigningSetupError`: start-up stops.
    public static func setUp(_ configuration: ServiceConfiguration, store: ReportsStore) throws -> ReportSigning {
        let identity: SigningIdentity
        if let key = configuration.signing.keyPath, let certificate = configuration.signing.certificatePath {
            identity = try SigningKeys.configured(keyPath: key, certificatePath: certificate)
        } else {
            let organization = try configuration.signing.organization ?? store.branding().organizationName
            identity = try SigningKeys.installation(folder: keysFolder(configuration), organization: organization)
        }
        // A key that cannot make a trial signature stops start-up like one that is not its certificate's.
        let signer: CertifyingSigner, pem: String, certificatePEM: String
        do {
            signer = try CertifyingSigner(identity: identity)
            pem = try identity.chainPEM
            certificatePEM = try identity.certificate.pem
        } catch {
            throw SigningSetupError("the signing key cannot sign (\(error))")
        }
        try store.keepSigningCertificate(sha256: identity.certificate.sha256, pem: certificatePEM,
                                         subject: identity.certificate.subject)
        return ReportSigning(signer: signer, certificatePEM: pem,
                             verifier: SignatureVerifier(anchors: TrustAnchors(try anchors(store) + identity.chain)))
    }

    /// The certificates the installation trusts without signing anything (the `verify`
    /// command): those kept in the store, the configured chain, and the installation's own
    /// certificate file when there is one. Never makes a key.
    public static func trustedCertificates(_ configuration: ServiceConfiguration, store: ReportsStore?) throws -> [Certificate] {
        var certificates = try store.map(anchors) ?? []
        var files = [(keysFolder(configuration) as NSString).appendingPathComponent(SigningKeys.certificateFileName)]
        if let configured = configuration.signing.certificatePath { files.append(configured) }
        for file in files {
            guard let pem = FileManager.default.contents(atPath: file) else { continue }
            certificates += try Certificate.pemChain(Array(pem))
        }
        return certificates
    }

    static func anchors(_ store: ReportsStore) throws -> [Certificate] {
        var certificates: [Certificate] = []
        for kept in try store.signingCertificates() { certificates += try Certificate.pemChain(Array(kept.pem.utf8)) }
        return certificates
    }

    static func keysFolder(_ configuration: ServiceConfiguration) -> String {
        (configuration.dataDir as NSString).appendingPathComponent("keys")
    }
}
