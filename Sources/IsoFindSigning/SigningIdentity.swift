import COpenSSL
import Foundation

/// A signing key and its certificate chain (the signer's certificate first, then any
/// intermediates), checked to belong together. Immutable and safe to share between threads.
public final class SigningIdentity: Sendable {
    let key: PrivateKey
    /// The signer's certificate, then the chain up to (not necessarily including) its root.
    public let chain: [Certificate]

    public var certificate: Certificate { chain[0] }

    /// The record's `algorithm`: the key and the digest, e.g. "ECDSA P-256 with SHA-256".
    public var algorithm: String { "\(key.algorithmName) with SHA-256" }

    /// The largest signature value the key makes, bytes.
    var maximumSignatureSize: Int { Int(isofind_pkey_max_signature_size(key.pointer)) }

    /// `chain` must not be empty; its first certificate must be the key's.
    init(key: PrivateKey, chain: [Certificate]) throws(SigningSetupError) {
        guard let first = chain.first else { throw .init("the certificate file holds no PEM certificate") }
        guard first.matches(key) else {
            throw .init("the private key does not match its certificate (\(first.subject), SHA-256 \(first.sha256)): "
                        + "the first certificate of the chain must be the key's own")
        }
        self.key = key
        self.chain = chain
    }

    /// A key and its chain, in PEM: the key unencrypted, the chain with the signer's certificate first.
    public convenience init(keyPEM: [UInt8], chainPEM: [UInt8]) throws(SigningSetupError) {
        let key: PrivateKey
        do { key = try PrivateKey.pem(keyPEM) } catch {
            throw .init("the private key cannot be read: it must be an unencrypted PEM key (\(error))")
        }
        let chain: [Certificate]
        do { chain = try Certificate.pemChain(chainPEM) } catch { throw .init("the certificate cannot be read (\(error))") }
        try self.init(key: key, chain: chain)
    }

    /// A new ECDSA P-256 key and a self-signed certificate naming `organization`, valid for
    /// `years` from `now`: what a fresh installation signs with.
    public static func selfSigned(organization: String, now: Int64 = Int64(Date().timeIntervalSince1970),
                                  years: Int = 30) throws(SigningSetupError) -> SigningIdentity {
        do {
            let key = try PrivateKey.generateP256()
            guard let cert = X509_new() else { throw OpenSSLError("X509_new") }
            defer { X509_free(cert) }
            try SelfSignedCertificate.fill(cert, key: key, organization: organization, now: now, years: years)
            return try SigningIdentity(key: key, chain: [Certificate(sharing: cert)])
        } catch let error as OpenSSLError {
            throw .init("the installation's signing certificate could not be made (\(error))")
        } catch let error as SigningSetupError {
            throw error
        } catch {
            throw .init("\(error)")
        }
    }

    public var keyPEM: [UInt8] {
        get throws(OpenSSLError) { try key.pem }
    }

    public var chainPEM: String {
        get throws(OpenSSLError) {
            var text = ""
            for certificate in chain { text += try certificate.pem }
            return text
        }
    }

    /// A detached CMS SignedData (DER) over `content`: SHA-256, the signer's certificate and
    /// chain, and the signed attributes contentType, messageDigest, signingTime (set to
    /// `signingTime`, epoch seconds) and ESS signing-certificate-v2 (CAdES).
    public func signDetached(_ content: [UInt8], signingTime: Int64) throws(OpenSSLError) -> [UInt8] {
        clearOpenSSLErrors()
        let flags = UInt32(CMS_DETACHED | CMS_BINARY | CMS_PARTIAL | CMS_NOSMIMECAP | CMS_CADES)
        guard let cms = CMS_sign(nil, nil, nil, nil, flags) else { throw OpenSSLError("CMS_sign") }
        defer { CMS_ContentInfo_free(cms) }
        guard let signer = CMS_add1_signer(cms, certificate.pointer, key.pointer, EVP_sha256(), flags) else {
            throw OpenSSLError("CMS_add1_signer")
        }
        guard isofind_cms_set_signing_time(signer, signingTime) == 1 else { throw OpenSSLError("setting the signing time") }
        for intermediate in chain.dropFirst() where CMS_add1_cert(cms, intermediate.pointer) != 1 {
            throw OpenSSLError("CMS_add1_cert")
        }
        // A read-only BIO over the caller's bytes (no copy), alive for the call.
        let finished = content.withUnsafeBytes { raw -> Bool in
            guard let data = BIO_new_mem_buf(raw.baseAddress, Int32(raw.count)) else { return false }
            defer { BIO_free(data) }
            return CMS_final(cms, data, nil, flags) == 1
        }
        guard finished else { throw OpenSSLError("CMS_final") }
        var out: UnsafeMutablePointer<UInt8>?
        let count = i2d_CMS_ContentInfo(cms, &out)
        guard count > 0, let out else { throw OpenSSLError("i2d_CMS_ContentInfo") }
        defer { CRYPTO_free(out, #fileID, #line) }
        return Array(UnsafeBufferPointer(start: out, count: Int(count)))
    }
}

/// Why the signing key or certificate cannot be used: start-up stops with this message.
public struct SigningSetupError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}

enum SelfSignedCertificate {
    /// Fills an empty certificate as a self-signed end-entity certificate for signing documents
    /// (keyUsage digitalSignature and nonRepudiation, which PDF validators look for).
    static func fill(_ pointer: OpaquePointer, key: PrivateKey, organization: String, now: Int64, years: Int) throws(OpenSSLError) {
        guard X509_set_version(pointer, 2) == 1 else { throw OpenSSLError("X509_set_version") }
        // A random positive 127-bit serial number (RFC 5280 allows up to 20 octets).
        guard let serial = BN_new() else { throw OpenSSLError("BN_new") }
        defer { BN_free(serial) }
        guard BN_rand(serial, 127, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY) == 1,
              BN_to_ASN1_INTEGER(serial, X509_get_serialNumber(pointer)) != nil else { throw OpenSSLError("the serial number") }
        guard ASN1_TIME_set(X509_getm_notBefore(pointer), time_t(now)) != nil,
              ASN1_TIME_adj(X509_getm_notAfter(pointer), time_t(now), Int32(years * 365 + years / 4), 0) != nil else {
            throw OpenSSLError("the validity period")
        }
        guard let name = X509_NAME_new() else { throw OpenSSLError("X509_NAME_new") }
        defer { X509_NAME_free(name) }
        // Most general first, as X.500 names are written.
        let entries = [("O", organization), ("CN", "\(organization) (IsoFind Reports)")]
        for (field, value) in entries {
            // X.520 caps both at 64 characters.
            let bytes = Array(String(value.prefix(64)).utf8)
            guard X509_NAME_add_entry_by_txt(name, field, MBSTRING_UTF8, bytes, Int32(bytes.count), -1, 0) == 1 else {
                throw OpenSSLError("the subject's \(field)")
            }
        }
        guard X509_set_subject_name(pointer, name) == 1, X509_set_issuer_name(pointer, name) == 1,
              X509_set_pubkey(pointer, key.pointer) == 1 else { throw OpenSSLError("the subject and key") }
        let extensions: [(Int32, String)] = [
            (NID_basic_constraints, "critical,CA:FALSE"),
            (NID_key_usage, "critical,digitalSignature,nonRepudiation"),
            (NID_subject_key_identifier, "hash"),
        ]
        for (nid, value) in extensions where isofind_x509_add_extension(pointer, nid, value) != 1 {
            throw OpenSSLError("the extension \(value)")
        }
        guard X509_sign(pointer, key.pointer, EVP_sha256()) > 0 else { throw OpenSSLError("X509_sign") }
    }
}
