import COpenSSL

/// A detached CMS SignedData read back and checked against the bytes it claims to sign.
struct DetachedSignature {
    /// The signer's certificate, as the signature carries it.
    let signer: Certificate
    /// The other certificates it carries (the chain).
    let others: [Certificate]
    /// The signed signingTime, epoch seconds, when present.
    let signingTime: Int64?

    enum Failure: Error, Equatable {
        /// Not one DER CMS SignedData with one signer (the reason says what).
        case malformed(String)
        /// The digest of the signed bytes does not match the signed messageDigest.
        case digestMismatch
        /// The signature value does not verify with the embedded certificate (or an ESS
        /// signing-certificate attribute names another certificate).
        case signatureInvalid(String)
    }

    /// Reads `der` (exactly; nothing may follow it) and verifies it over `content`. The signer's
    /// certificate is not checked against any trust anchor here: see `TrustAnchors`.
    static func verify(_ der: ArraySlice<UInt8>, over content: [UInt8]) throws(Failure) -> DetachedSignature {
        clearOpenSSLErrors()
        var consumed = 0
        let parsed = der.withUnsafeBufferPointer { buffer -> OpaquePointer? in
            var cursor: UnsafePointer<UInt8>? = buffer.baseAddress
            let cms = d2i_CMS_ContentInfo(nil, &cursor, buffer.count)
            if let cursor, let base = buffer.baseAddress { consumed = base.distance(to: cursor) }
            return cms
        }
        guard let cms = parsed else {
            clearOpenSSLErrors()
            throw .malformed("the signature value is not a DER-encoded CMS structure")
        }
        defer { CMS_ContentInfo_free(cms) }
        guard consumed == der.count else { throw .malformed("the signature value has \(der.count - consumed) extra bytes after its CMS structure") }
        guard OBJ_obj2nid(CMS_get0_type(cms)) == NID_pkcs7_signed else { throw .malformed("the CMS structure is not SignedData") }
        guard isofind_cms_signer_count(cms) == 1, let info = isofind_cms_signer_at(cms, 0) else {
            throw .malformed("the SignedData must have exactly one signer, it has \(isofind_cms_signer_count(cms))")
        }
        let flags = CMS_BINARY | CMS_NO_SIGNER_CERT_VERIFY
        let data: MemoryBIO
        do { data = try MemoryBIO(content) } catch { throw .malformed("\(error)") }
        guard CMS_verify(cms, nil, nil, data.pointer, nil, UInt32(flags)) == 1 else {
            let error = OpenSSLError("CMS_verify")
            if error.lastReason == CMS_R_CONTENT_VERIFY_ERROR { throw .digestMismatch }
            if error.lastReason == CMS_R_NO_CONTENT || error.lastReason == CMS_R_SIGNER_CERTIFICATE_NOT_FOUND {
                throw .malformed(error.reasons.last ?? "the signer's certificate is not in the signature")
            }
            throw .signatureInvalid(error.reasons.last.map(Self.plain) ?? "verification failure")
        }
        let signers = CMS_get0_signers(cms)
        defer { isofind_x509_stack_free(signers) }
        guard isofind_x509_stack_count(signers) == 1, let signerPointer = isofind_x509_stack_at(signers, 0) else {
            throw .malformed("the signer's certificate is not in the signature")
        }
        // When the ESS signing-certificate attribute is there (CAdES), it must name the signer.
        if isofind_cms_check_signing_certificate(info, signerPointer) == 0 {
            throw .signatureInvalid("its ESS signing-certificate attribute names another certificate than the one it carries")
        }
        do {
            let signer = try Certificate(sharing: signerPointer)
            let all = CMS_get1_certs(cms)
            defer { isofind_x509_stack_free_all(all) }
            var others: [Certificate] = []
            for index in 0..<isofind_x509_stack_count(all) {
                guard let pointer = isofind_x509_stack_at(all, index) else { continue }
                let certificate = try Certificate(sharing: pointer)
                if certificate.der != signer.der { others.append(certificate) }
            }
            var epoch: Int64 = 0
            return DetachedSignature(signer: signer, others: others,
                                     signingTime: isofind_cms_signing_time(info, &epoch) == 1 ? epoch : nil)
        } catch {
            throw .malformed("a certificate in the signature cannot be read (\(error))")
        }
    }

    /// "error:10800065:CMS routines::verification failure" → "verification failure".
    static func plain(_ reason: String) -> String {
        reason.split(separator: ":").last.map(String.init) ?? reason
    }
}

/// The certificates a signature may chain to: every certificate this installation has signed
/// with, and the configured chain. A signer is trusted when its certificate is one of them, or
/// chains to one of them, at the time the signature claims.
public struct TrustAnchors: Sendable {
    public let certificates: [Certificate]

    public init(_ certificates: [Certificate]) { self.certificates = certificates }

    /// Nil when trusted; else why not, in words.
    func problem(with signer: Certificate, intermediates: [Certificate], at time: Int64?) -> String? {
        if certificates.isEmpty { return "no trusted certificate is configured to compare it with" }
        if certificates.contains(where: { $0.der == signer.der }) { return nil }
        clearOpenSSLErrors()
        guard let store = X509_STORE_new() else { return "the certificate store could not be made" }
        defer { X509_STORE_free(store) }
        for anchor in certificates { X509_STORE_add_cert(store, anchor.pointer) }
        // Any of them may be the anchor: an installation's own certificate need not be a root.
        X509_STORE_set_flags(store, UInt(X509_V_FLAG_PARTIAL_CHAIN))
        guard let context = X509_STORE_CTX_new() else { return "the verification context could not be made" }
        defer { X509_STORE_CTX_free(context) }
        let untrusted = isofind_x509_stack_new()
        defer { isofind_x509_stack_free(untrusted) }
        for certificate in intermediates { _ = isofind_x509_stack_push(untrusted, certificate.pointer) }
        guard X509_STORE_CTX_init(context, store, signer.pointer, untrusted) == 1 else {
            return "the verification context could not be made"
        }
        if let time { X509_STORE_CTX_set_time(context, 0, time_t(time)) }
        defer { clearOpenSSLErrors() }
        if X509_verify_cert(context) == 1 { return nil }
        let code = X509_STORE_CTX_get_error(context)
        if code == X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY || code == X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT
            || code == X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN || code == X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT {
            return "the signer's certificate is not one of this installation's and does not chain to a trusted certificate"
        }
        return "the signer's certificate does not chain to a trusted certificate: \(String(cString: X509_verify_cert_error_string(Int(code))))"
    }
}
