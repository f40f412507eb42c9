import COpenSSL
import Foundation

/// An error from libcrypto, with OpenSSL's own reasons (its error queue, oldest first) after
/// what we were doing.
public struct OpenSSLError: Error, CustomStringConvertible, Sendable {
    public let operation: String
    public let reasons: [String]
    /// The reason code of the last queued error (`ERR_GET_REASON`), 0 when none.
    let lastReason: Int32

    /// Takes (and clears) the thread's error queue.
    init(_ operation: String) {
        self.operation = operation
        var reasons: [String] = []
        var last: Int32 = 0
        while case let code = ERR_get_error(), code != 0 {
            var buffer = [CChar](repeating: 0, count: 256)
            ERR_error_string_n(code, &buffer, buffer.count)
            reasons.append(String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
            last = isofind_err_reason(code)
        }
        self.reasons = reasons
        lastReason = last
    }

    public var description: String {
        reasons.isEmpty ? operation : "\(operation) (\(reasons.joined(separator: "; ")))"
    }
}

/// Clears the calling thread's OpenSSL error queue, so that a later error reports only its own
/// reasons.
func clearOpenSSLErrors() { ERR_clear_error() }

/// A memory BIO: bytes in for reading, or collected when written to.
final class MemoryBIO {
    let pointer: OpaquePointer

    /// A read-only BIO over a copy of `bytes`.
    init(_ bytes: some Collection<UInt8>) throws(OpenSSLError) {
        let copy = Array(bytes)
        let pointer = BIO_new(BIO_s_mem())
        guard let pointer else { throw OpenSSLError("BIO_new") }
        self.pointer = pointer
        let written = copy.withUnsafeBytes { raw in BIO_write(pointer, raw.baseAddress, Int32(raw.count)) }
        guard written == copy.count || copy.isEmpty else { throw OpenSSLError("BIO_write") }
    }

    /// An empty BIO to write into.
    init() throws(OpenSSLError) {
        guard let pointer = BIO_new(BIO_s_mem()) else { throw OpenSSLError("BIO_new") }
        self.pointer = pointer
    }

    /// What has been written so far.
    var bytes: [UInt8] {
        var data: UnsafeMutablePointer<CChar>?
        let count = isofind_bio_mem_data(pointer, &data)
        guard let data, count > 0 else { return [] }
        return Array(UnsafeRawBufferPointer(start: data, count: count))
    }

    deinit { BIO_free(pointer) }
}

/// A private key (`EVP_PKEY`), owned.
final class PrivateKey: @unchecked Sendable {
    // Immutable after creation; OpenSSL allows concurrent signing with one EVP_PKEY.
    let pointer: OpaquePointer

    init(owning pointer: OpaquePointer) { self.pointer = pointer }

    /// A new ECDSA P-256 key.
    static func generateP256() throws(OpenSSLError) -> PrivateKey {
        guard let key = isofind_ec_p256_generate() else { throw OpenSSLError("generating an ECDSA P-256 key") }
        return PrivateKey(owning: key)
    }

    /// The first private key of a PEM text (unencrypted).
    static func pem(_ text: [UInt8]) throws(OpenSSLError) -> PrivateKey {
        let bio = try MemoryBIO(text)
        guard let key = PEM_read_bio_PrivateKey(bio.pointer, nil, nil, nil) else { throw OpenSSLError("reading the private key (PEM)") }
        return PrivateKey(owning: key)
    }

    var pem: [UInt8] {
        get throws(OpenSSLError) {
            let bio = try MemoryBIO()
            guard PEM_write_bio_PrivateKey(bio.pointer, pointer, nil, nil, 0, nil, nil) == 1 else {
                throw OpenSSLError("writing the private key (PEM)")
            }
            return bio.bytes
        }
    }

    /// "ECDSA P-256", "RSA 3072", ...
    var algorithmName: String {
        let bits = EVP_PKEY_get_bits(pointer)
        switch EVP_PKEY_get_base_id(pointer) {
        case EVP_PKEY_EC: return "ECDSA P-\(bits)"
        case EVP_PKEY_RSA: return "RSA \(bits)"
        case EVP_PKEY_ED25519: return "Ed25519"
        default: return "\(String(cString: OBJ_nid2sn(EVP_PKEY_get_base_id(pointer)))) \(bits)"
        }
    }

    deinit { EVP_PKEY_free(pointer) }
}

/// An X.509 certificate, owned, with the facts the signing module reads from it.
public final class Certificate: @unchecked Sendable {
    // Immutable after creation: only read (and up-referenced) once made.
    let pointer: OpaquePointer
    /// DER encoding.
    public let der: [UInt8]
    /// SHA-256 of the DER encoding, lower-case hex: the fingerprint reports print.
    public let sha256: String
    /// The subject in RFC 2253 order, e.g. "CN=IsoFind Reports signing,O=Hydro Lab".
    public let subject: String

    init(owning pointer: OpaquePointer) throws(OpenSSLError) {
        self.pointer = pointer
        var out: UnsafeMutablePointer<UInt8>?
        let count = i2d_X509(pointer, &out)
        guard count > 0, let out else { throw OpenSSLError("encoding a certificate") }
        der = Array(UnsafeBufferPointer(start: out, count: Int(count)))
        CRYPTO_free(out, #fileID, #line)
        sha256 = SHA256Digest.hex(der)
        subject = Self.text(X509_get_subject_name(pointer))
    }

    /// Shares a certificate that OpenSSL owns elsewhere (takes a reference).
    convenience init(sharing pointer: OpaquePointer) throws(OpenSSLError) {
        X509_up_ref(pointer)
        try self.init(owning: pointer)
    }

    public convenience init(der: [UInt8]) throws(OpenSSLError) {
        let pointer = der.withUnsafeBufferPointer { buffer -> OpaquePointer? in
            var cursor: UnsafePointer<UInt8>? = buffer.baseAddress
            return d2i_X509(nil, &cursor, buffer.count)
        }
        guard let pointer else { throw OpenSSLError("reading a certificate (DER)") }
        try self.init(owning: pointer)
    }

    /// Every certificate of a PEM text, in order. An empty list when there is none.
    public static func pemChain(_ text: [UInt8]) throws(OpenSSLError) -> [Certificate] {
        let bio = try MemoryBIO(text)
        var chain: [Certificate] = []
        while let pointer = PEM_read_bio_X509(bio.pointer, nil, nil, nil) {
            chain.append(try Certificate(owning: pointer))
        }
        // The loop ends on "no start line" at the end of the text: not an error.
        clearOpenSSLErrors()
        return chain
    }

    public var pem: String {
        get throws(OpenSSLError) {
            let bio = try MemoryBIO()
            guard PEM_write_bio_X509(bio.pointer, pointer) == 1 else { throw OpenSSLError("writing a certificate (PEM)") }
            return String(decoding: bio.bytes, as: UTF8.self)
        }
    }

    public var issuer: String { Self.text(X509_get_issuer_name(pointer)) }

    /// The subject's common name, else its organisation, else the whole subject.
    public var displayName: String {
        entry(NID_commonName) ?? entry(NID_organizationName) ?? subject
    }

    public var organization: String? { entry(NID_organizationName) }

    func entry(_ nid: Int32) -> String? {
        let name = X509_get_subject_name(pointer)
        let index = X509_NAME_get_index_by_NID(name, nid, -1)
        guard index >= 0, let data = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, index)) else { return nil }
        var utf8: UnsafeMutablePointer<UInt8>?
        let count = ASN1_STRING_to_UTF8(&utf8, data)
        guard count >= 0, let utf8 else { return nil }
        defer { CRYPTO_free(utf8, #fileID, #line) }
        return String(decoding: UnsafeBufferPointer(start: utf8, count: Int(count)), as: UTF8.self)
    }

    static func text(_ name: OpaquePointer?) -> String {
        guard let name, let bio = try? MemoryBIO() else { return "" }
        X509_NAME_print_ex(bio.pointer, name, 0, isofind_name_print_flags())
        return String(decoding: bio.bytes, as: UTF8.self)
    }

    /// Whether `key` is the private half of this certificate's public key.
    func matches(_ key: PrivateKey) -> Bool {
        let matches = X509_check_private_key(pointer, key.pointer) == 1
        clearOpenSSLErrors()
        return matches
    }

    deinit { X509_free(pointer) }
}

enum SHA256Digest {
    static func hex(_ bytes: [UInt8]) -> String {
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        _ = bytes.withUnsafeBytes { raw in EVP_Digest(raw.baseAddress, raw.count, &digest, &length, EVP_sha256(), nil) }
        return String(decoding: Hex.encode(digest.prefix(Int(length))), as: UTF8.self)
    }
}
