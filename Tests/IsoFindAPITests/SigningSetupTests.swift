import Foundation
import IsoFindSigning
import IsoFindStore
import Logging
import Testing
@testable import IsoFindAPI

/// How the service finds its signing key: made on first start, kept, replaced by a configured
/// one without losing the old certificate, refused when the key is not its certificate's.
@Suite struct SigningSetupTests {
    let root = (NSTemporaryDirectory() as NSString).appendingPathComponent("signing-setup-\(UUID().uuidString)")

    func configuration(_ signing: ServiceConfiguration.SigningSettings = .init()) -> ServiceConfiguration {
        ServiceConfiguration(dataDir: (root as NSString).appendingPathComponent("data"), samplesDB: "/nonexistent/isofind.db",
                             sessionsDB: "/nonexistent/workflows.db", licence: .pro, threads: 1, tilesDir: "/nonexistent/tiles",
                             logLevel: "info", signing: signing)
    }

    func write(_ text: String, _ name: String) throws -> String {
        let path = (root as NSString).appendingPathComponent(name)
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func theInstallationKeyIsMadeOnceAndEveryCertificateIsKept() throws {
        defer { try? FileManager.default.removeItem(atPath: root) }
        let first = try ReportsService.open(configuration(.init(organization: "Hydro Lab")))
        let installation = try #require(first.signing.signer.certification)
        #expect(installation.subject == "CN=Hydro Lab (IsoFind Reports),O=Hydro Lab")
        #expect(try ReportsService.open(configuration()).signing.signer.certification == installation)

        // The operator switches to a key of the laboratory's PKI: both certificates stay trusted.
        let lab = try SigningIdentity.selfSigned(organization: "Lab PKI")
        let keyPath = try write(String(decoding: try lab.keyPEM, as: UTF8.self), "lab-key.pem")
        let chainPath = try write(try lab.chainPEM, "lab-chain.pem")
        let switched = try ReportsService.open(configuration(.init(keyPath: keyPath, certificatePath: chainPath)))
        #expect(switched.signing.signer.certification?.certificateSHA256 == lab.certificate.sha256)
        #expect(switched.signing.certificatePEM == (try lab.chainPEM))
        let kept = try switched.store.signingCertificates().map(\.sha256)
        #expect(Set(kept) == [installation.certificateSHA256, lab.certificate.sha256])
        let anchors = Set(switched.signing.verifier.anchors.certificates.map(\.sha256))
        #expect(anchors.isSuperset(of: [installation.certificateSHA256, lab.certificate.sha256]))
    }

    @Test func aKeyThatIsNotItsCertificatesIsRefused() throws {
        defer { try? FileManager.default.removeItem(atPath: root) }
        let one = try SigningIdentity.selfSigned(organization: "One"), two = try SigningIdentity.selfSigned(organization: "Two")
        let keyPath = try write(String(decoding: try one.keyPEM, as: UTF8.self), "one-key.pem")
        let chainPath = try write(try two.chainPEM, "two-chain.pem")
        #expect {
            try ReportsService.open(configuration(.init(keyPath: keyPath, certificatePath: chainPath)))
        } throws: { error in
            (error as? SigningSetupError)?.description.contains("the private key does not match its certificate") == true
        }
        #expect(throws: SigningSetupError.self) {
            try ReportsService.open(configuration(.init(keyPath: keyPath + ".missing", certificatePath: chainPath)))
        }
    }

    @Test func signingKeyAndCertificateGoTogether() {
        #expect {
            try ServiceConfiguration.load(path: nil, environment: ["ISOFIND_REPORTS_SIGNING_KEY": "/etc/key.pem"])
        } throws: { error in
            "\(error)".contains("signing_key and signing_certificate go together")
        }
    }

    @Test func anInstallationThatDoesNotSignHasNoCertificateToServe() throws {
        defer { try? FileManager.default.removeItem(atPath: root) }
        let api = ReportsAPI(state: .loaded(try ReportsService.open(configuration(), signing: false)), logger: Logger(label: "t"))
        let response = api.respond(to: Request(method: "GET", path: "/api/reports/signing-certificate"), requestID: "r")
        #expect(response.status == 404)
        #expect(String(decoding: response.body, as: UTF8.self) == #"{"detail":"This installation does not sign reports."}"#)
    }

    @Test func commandsThatNeverSignMakeNoKey() throws {
        defer { try? FileManager.default.removeItem(atPath: root) }
        let service = try ReportsService.open(configuration(), signing: false)
        #expect(service.signing.signer.certification == nil)
        let keys = (configuration().dataDir as NSString).appendingPathComponent("keys/signing-key.pem")
        #expect(!FileManager.default.fileExists(atPath: keys))
    }
}
