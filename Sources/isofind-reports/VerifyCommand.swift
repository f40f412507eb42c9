import ArgumentParser
import Foundation
import IsoFindAPI
import IsoFindJSON
import IsoFindSigning
import IsoFindStore

struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Verify a signed report: is it intact, and was it signed by this installation?",
        discussion: """
            Checks that the signature covers the whole file but its own value, that nothing was added after \
            signing, that the digest matches and that the CMS signature verifies with the certificate it carries; \
            then whether that certificate is one this installation has signed with (its store and keys folder, or \
            the configured chain) or one given with --trust. Works without a server, and on a machine without an \
            installation when --trust names the certificate (GET /api/reports/signing-certificate).

            Exit status: 0 valid and trusted; 1 not valid (changed, truncated, unsigned, not a PDF); \
            2 valid but not trusted; 64 a usage error or an unreadable file.
            """)

    @OptionGroup var options: ConfigOptions
    @Argument(help: ArgumentHelp("The PDF to verify.", valueName: "file.pdf")) var file: String
    @Flag(help: "Print the answer as JSON (the same object as POST /api/reports/verify).") var json = false
    @Option(help: ArgumentHelp("Also trust the certificates of this PEM file (repeatable).", valueName: "cert.pem"))
    var trust: [String] = []

    func run() throws {
        guard let bytes = FileManager.default.contents(atPath: file) else { throw ValidationError("cannot read \(file)") }
        var anchors: [Certificate] = []
        for path in trust {
            guard let pem = FileManager.default.contents(atPath: path) else { throw ValidationError("cannot read \(path)") }
            let certificates = try Certificate.pemChain(Array(pem))
            if certificates.isEmpty { throw ValidationError("\(path) holds no PEM certificate") }
            anchors += certificates
        }
        anchors += try installationCertificates()
        let verdict = SignatureVerifier(anchors: TrustAnchors(anchors)).verify(Array(bytes))
        if json {
            print(String(decoding: JSONWriter.bytes(VerificationJSON.object(verdict)), as: UTF8.self))
        } else {
            print(Self.text(verdict, file: file))
        }
        if !verdict.valid { throw ExitCode(1) }
        if !verdict.trusted { throw ExitCode(2) }
    }

    /// The installation's certificates, when this machine has one (its store is never created here).
    func installationCertificates() throws -> [Certificate] {
        let configuration = try options.load()
        let store = FileManager.default.fileExists(atPath: configuration.storePath) ? try? ReportsStore(path: configuration.storePath) : nil
        return (try? ReportSigning.trustedCertificates(configuration, store: store)) ?? []
    }

    static func text(_ verdict: SignatureVerifier.Verdict, file: String) -> String {
        var lines: [String]
        switch (verdict.valid, verdict.trusted) {
        case (true, true): lines = ["\(file): VALID. The signature is intact and covers the whole file; its certificate is trusted."]
        case (true, false): lines = ["\(file): VALID but NOT TRUSTED: \(verdict.reason ?? "")"]
        default: lines = ["\(file): NOT VALID: \(verdict.reason ?? "")"]
        }
        let details: [(String, String?)] = [
            ("report", verdict.reportID.map(String.init)), ("signer", verdict.signer), ("signed at", verdict.signedAt),
            ("certificate SHA-256", verdict.certificateSHA256),
        ]
        for case let (label, value?) in details { lines.append("  \(label):".padding(toLength: 24, withPad: " ", startingAt: 0) + value) }
        return lines.joined(separator: "\n")
    }
}
