import IsoFindJSON
import IsoFindSigning

/// Signed reports (`signing.md`): `POST /verify` checks a PDF's certification signature,
/// `GET /signing-certificate` serves the certificate reports are signed with, for a third party
/// to pin.
struct SignaturesController: Sendable {
    let signing: ReportSigning

    static let verdict = Schema.object(ObjectSchema("Verification", [
        Field("valid", .boolean, required: true,
              "The signature is intact: the file has not changed since it was signed, and the signature covers all of it."),
        Field("report_id", .nullable(.integer()), required: true, "The report id the signature names."),
        Field("signer", .nullable(.string()), required: true, "The signer's certificate subject."),
        Field("signed_at", .nullable(.string(StringRules(format: "date-time"))), required: true, "The signed signing time."),
        Field("certificate_sha256", .nullable(.string()), required: true, "SHA-256 of the signer's certificate (DER)."),
        Field("trusted", .boolean, required: true,
              "The certificate is one this installation has signed with, or chains to its configured certificate."),
        Field("reason", .nullable(.string()), required: true, "What failed, in words; null when the signature is valid and trusted."),
    ]))

    static func routes(_ controller: Self?) -> [Route] {
        [
            Route("POST", "/verify", access: .role(.reader), doc: OperationDoc(
                "verifyReport", tag: "Consultation", summary: "Verify a signed report",
                description: """
                    The body is the PDF's bytes (any Content-Type). The answer is 200 whatever the file is: garbage, an \
                    unsigned PDF or a changed one get `valid: false` and the reason.
                    """,
                bytesBody: ["application/pdf", "application/octet-stream"],
                responses: [.init(200, "The verdict.", .json(Self.verdict))]), controller, Self.verify),
            Route("GET", "/signing-certificate", access: .open, doc: OperationDoc(
                "signingCertificate", tag: "Consultation", summary: "The certificate reports are signed with (PEM)",
                description: "The signer's certificate, then its chain when one is configured.",
                responses: [.init(200, "The certificate chain.", .media("application/x-pem-file")),
                            .notFound("This installation does not sign reports.")]), controller, Self.certificate),
        ]
    }

    func verify(_ context: RouteContext) throws -> Response {
        var verdict = signing.verifier.verify(context.request.body)
        if context.request.body.isEmpty { verdict.reason = "the request body is empty: send the PDF's bytes as the body" }
        var response = Response.json(VerificationJSON.object(verdict))
        response.logFields = [("valid", String(verdict.valid)), ("trusted", String(verdict.trusted))]
        return response
    }

    func certificate(_ context: RouteContext) throws -> Response {
        guard let pem = signing.certificatePEM else { throw APIError.notFound("This installation does not sign reports.") }
        return Response(status: 200, headers: [
            ("Content-Type", "application/x-pem-file"),
            ("Content-Disposition", "inline; filename=\"isofind-reports-signing-certificate.pem\""),
        ], body: Array(pem.utf8))
    }
}

/// A verification's answer as JSON, the same for the API and `isofind-reports verify --json`.
public enum VerificationJSON {
    public static func object(_ verdict: SignatureVerifier.Verdict) -> JSONValue {
        [
            "valid": .bool(verdict.valid), "report_id": JSONValue(verdict.reportID), "signer": JSONValue(verdict.signer),
            "signed_at": JSONValue(verdict.signedAt), "certificate_sha256": JSONValue(verdict.certificateSHA256),
            "trusted": .bool(verdict.trusted), "reason": JSONValue(verdict.reason),
        ]
    }
}
