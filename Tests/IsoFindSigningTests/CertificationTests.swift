import CCairo
import Foundation
import PDFTestSupport
import XCTest

@testable import IsoFindSigning

/// The certification signature on real Cairo PDFs, checked by our verifier and by poppler's
/// `pdfsig`, which knows nothing of this code.
final class CertificationTests: XCTestCase {
    static let identity = try! SigningIdentity.selfSigned(organization: "Laboratoire d'Hydrogéologie")
    static let signingTime: Int64 = 1_796_400_000  // 2026-12-04T16:00:00Z

    func details(_ id: Int = 42) -> PDFCertification.Details {
        .init(fieldName: "IsoFind report \(id)", signerName: Self.identity.certificate.displayName,
              reason: "Certified IsoFind report \(id)", signingTime: Self.signingTime, softwareVersion: "test")
    }

    func certified(_ pdf: [UInt8]? = nil) throws -> [UInt8] {
        try PDFCertification(identity: Self.identity).certify(pdf ?? Self.cairoPDF(pages: 3, link: true), details())
    }

    var verifier: SignatureVerifier { SignatureVerifier(anchors: TrustAnchors([Self.identity.certificate])) }

    func testPdfsigAndOurVerifierAcceptTheSignature() throws {
        let original = try Self.cairoPDF(pages: 3, link: true)
        let signed = try certified(original)
        Poppler.keepForALook(signed, name: "certified")
        XCTAssertEqual(Array(signed.prefix(original.count)), original, "an incremental update never changes earlier bytes")
        let report = try Self.pdfsig(signed)
        XCTAssertTrue(report.contains("Signature Validation: Signature is Valid."), report)
        XCTAssertTrue(report.contains("Total document signed"), report)
        XCTAssertTrue(report.contains("Signature Type: adbe.pkcs7.detached"), report)
        XCTAssertTrue(report.contains("Signer Certificate Common Name: Laboratoire d'Hydrogéologie (IsoFind Reports)"), report)
        XCTAssertTrue(report.contains("Signing Time: Dec 04 2026"), report)
        XCTAssertTrue(report.contains("Signing Hash Algorithm: SHA-256"), report)

        let verdict = verifier.verify(signed)
        XCTAssertEqual(verdict, SignatureVerifier.Verdict(
            valid: true, reportID: 42, signer: Self.identity.certificate.subject, signedAt: "2026-12-04T16:00:00Z",
            certificateSHA256: Self.identity.certificate.sha256, trusted: true, reason: nil))
        XCTAssertTrue(try Poppler.text(signed, page: 1).contains("Page 1 of a test report"))
        // The link annotation Cairo wrote is kept beside the signature widget.
        let before = try Poppler.run("qpdf", ["--show-object=2"], on: original)
        let after = try Poppler.run("qpdf", ["--show-object=2"], on: signed)
        let link = try XCTUnwrap(before.firstMatch(of: /\/Annots \[ (\d+ 0 R) \]/)?.1)
        XCTAssertTrue(after.contains("/Annots [ \(link) "), after)
    }

    func testQpdfFindsTheSignedStructureSound() throws {
        // (Cairo 1.16's own output with link tags already has a cross-reference warning in qpdf,
        // so this checks a document without links: the update must add no problem of its own.)
        let signed = try certified(try Self.cairoPDF(pages: 2, link: false))
        let check = try Poppler.run("qpdf", ["--check"], on: signed)
        XCTAssertTrue(check.contains("No syntax or stream encoding errors found"), check)
    }

    func testAnotherInstallationsCertificateIsValidButNotTrusted() throws {
        let other = try SigningIdentity.selfSigned(organization: "Other lab")
        let verdict = SignatureVerifier(anchors: TrustAnchors([other.certificate])).verify(try certified())
        XCTAssertTrue(verdict.valid)
        XCTAssertFalse(verdict.trusted)
        XCTAssertEqual(verdict.reason, "the signature is intact, but it is not trusted: the signer's certificate is not one of this installation's and does not chain to a trusted certificate")
        XCTAssertFalse(SignatureVerifier(anchors: TrustAnchors([])).verify(try certified()).trusted)
    }

    func testOneChangedByteAnywhereInvalidatesIt() throws {
        let signed = try certified()
        let contents = try XCTUnwrap(Self.find("/Contents <", in: signed)) + "/Contents ".count
        let stream = try XCTUnwrap(Self.find("stream\n", in: signed)) + 40
        let places = [("first byte", 0), ("content stream", stream), ("right after /Contents", contents),
                      ("first signature digit", contents + 1), ("last byte", signed.count - 1)]
        for (what, offset) in places {
            var tampered = signed
            tampered[offset] ^= 0x01
            let verdict = verifier.verify(tampered)
            XCTAssertFalse(verdict.valid, what)
            XCTAssertNotNil(verdict.reason, what)
            XCTAssertFalse(try Self.pdfsig(tampered).contains("Signature is Valid"), what)
        }
        var changed = signed
        changed[stream] ^= 0x01
        XCTAssertEqual(verifier.verify(changed).reason,
                       "the document was changed after signing: the digest of its bytes does not match the signed digest")
    }

    func testAppendedAndTruncatedFilesAreReported() throws {
        let signed = try certified()
        let appended = signed + Array("1 0 obj\n<< >>\nendobj\n".utf8)
        XCTAssertEqual(verifier.verify(appended).reason,
                       "21 bytes were added after the signed revision: the file was changed after signing")
        XCTAssertFalse(verifier.verify(Array(signed.dropLast(200))).valid)
        XCTAssertTrue(verifier.verify(Array(signed.dropLast(200))).reason?.contains("not a complete PDF") ?? false)
    }

    func testGarbageUnsignedAndEmptyFilesGetAReason() throws {
        XCTAssertEqual(verifier.verify([]).reason, "the file is empty")
        XCTAssertEqual(verifier.verify(Array("hello, world".utf8)).reason,
                       "this is not a PDF file (it does not start with %PDF- and has no cross-reference)")
        XCTAssertEqual(verifier.verify(try Self.cairoPDF(pages: 1, link: false)).reason, "the PDF has no signature (it has no form fields)")
        XCTAssertFalse(verifier.verify(Array(repeating: 0xFF, count: 5000)).valid)
        // A tiny file that claims ten million objects is refused without making room for them.
        let liar = Array("%PDF-1.5\nxref\n0 9999999\ntrailer\n<< >>\nstartxref\n9\n%%EOF\n".utf8)
        XCTAssertTrue(verifier.verify(liar).reason?.contains("malformed cross-reference subsection") ?? false,
                      "\(verifier.verify(liar))")
    }

    func testASignedFileIsNotCertifiedTwice() throws {
        XCTAssertThrowsError(try PDFCertification(identity: Self.identity).certify(try certified(), details())) { error in
            XCTAssertTrue("\(error)".contains("already has a form"), "\(error)")
        }
    }

    func testTwoSignaturesDifferOnlyInTheSignatureValue() throws {
        let pdf = try Self.cairoPDF(pages: 2, link: false)
        let first = try certified(pdf), second = try certified(pdf)
        XCTAssertEqual(first.count, second.count)
        let hole = try XCTUnwrap(Self.find("/Contents <", in: first))
        XCTAssertEqual(Array(first[..<hole]), Array(second[..<hole]))
        let end = try XCTUnwrap(first[hole...].firstIndex(of: UInt8(ascii: ">")))
        XCTAssertEqual(Array(first[end...]), Array(second[end...]))
    }

    func testAKeyThatIsNotTheCertificatesStopsWithAClearMessage() throws {
        let other = try SigningIdentity.selfSigned(organization: "Other")
        XCTAssertThrowsError(try SigningIdentity(keyPEM: other.keyPEM, chainPEM: Array(Self.identity.chainPEM.utf8))) { error in
            XCTAssertTrue("\(error)".hasPrefix("the private key does not match its certificate"), "\(error)")
        }
        XCTAssertThrowsError(try SigningIdentity(keyPEM: Array("nope".utf8), chainPEM: Array(Self.identity.chainPEM.utf8))) { error in
            XCTAssertTrue("\(error)".hasPrefix("the private key cannot be read"), "\(error)")
        }
    }

    func testTheInstallationKeyIsMadeOnceWithMode0600() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("isofind-keys-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let made = try SigningKeys.installation(folder: folder, organization: "Hydro Lab")
        let again = try SigningKeys.installation(folder: folder, organization: "Renamed Lab")
        XCTAssertEqual(made.certificate.sha256, again.certificate.sha256)
        XCTAssertEqual(made.certificate.subject, "CN=Hydro Lab (IsoFind Reports),O=Hydro Lab")
        XCTAssertEqual(made.algorithm, "ECDSA P-256 with SHA-256")
        let attributes = try FileManager.default.attributesOfItem(atPath: folder + "/signing-key.pem")
        XCTAssertEqual((attributes[.posixPermissions] as? NSNumber)?.intValue, 0o600)
        let text = try Poppler.run("openssl", ["x509", "-noout", "-text", "-in", folder + "/signing-certificate.pem"])
        XCTAssertTrue(text.contains("Digital Signature, Non Repudiation"), text)
    }

    // MARK: - Helpers

    /// A real Cairo 1.16 PDF: `pages` pages of text, the first with a link annotation.
    static func cairoPDF(pages: Int, link: Bool) throws -> [UInt8] {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("cairo-\(UUID().uuidString).pdf").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let surface = cairo_pdf_surface_create(path, 595, 842)
        let cr = cairo_create(surface)
        for page in 1...pages {
            cairo_move_to(cr, 72, 72)
            if link, page == 1 { cairo_tag_begin(cr, CAIRO_TAG_LINK, "uri='https://example.org/'") }
            cairo_show_text(cr, "Page \(page) of a test report")
            if link, page == 1 { cairo_tag_end(cr, CAIRO_TAG_LINK) }
            cairo_show_page(cr)
        }
        cairo_destroy(cr)
        cairo_surface_finish(surface)
        cairo_surface_destroy(surface)
        return Array(try Data(contentsOf: URL(fileURLWithPath: path)))
    }

    /// `pdfsig`'s report, whatever its exit status.
    static func pdfsig(_ pdf: [UInt8]) throws -> String {
        try Poppler.withFile(pdf) { file, _ in
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/pdfsig")
            process.arguments = ["-nocert", file.path]
            let out = Pipe()
            process.standardOutput = out
            process.standardError = out
            try process.run()
            let data = out.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return String(decoding: data, as: UTF8.self)
        }
    }

    static func find(_ text: String, in bytes: [UInt8]) -> Int? {
        let needle = Array(text.utf8)
        guard bytes.count >= needle.count else { return nil }
        for index in 0...(bytes.count - needle.count) where bytes[index] == needle[0] && Array(bytes[index..<index + needle.count]) == needle {
            return index
        }
        return nil
    }
}
