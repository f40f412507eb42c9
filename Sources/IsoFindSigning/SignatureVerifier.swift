import Foundation

/// Checks the certification signature of a PDF the way `signing.md` asks, without trusting
/// anything the file says until it is checked: the byte range covers the whole file but the
/// signature's own `/Contents`, nothing was appended after the signed revision, the padding
/// after the CMS is zeros, the digest matches, the CMS signature verifies with its embedded
/// certificate, and whether that certificate is one the caller trusts.
public struct SignatureVerifier: Sendable {
    public let anchors: TrustAnchors

    public init(anchors: TrustAnchors) { self.anchors = anchors }

    /// The answer of `verify` and `POST /api/reports/verify`.
    public struct Verdict: Sendable, Equatable {
        /// The signature is intact and covers the whole file.
        public var valid = false
        /// The report id the signature field names (`IsoFind report <id>`).
        public var reportID: Int?
        /// The signer's certificate subject.
        public var signer: String?
        /// The signed signing time, ISO 8601 UTC.
        public var signedAt: String?
        public var certificateSHA256: String?
        /// The certificate is one of the trusted ones, or chains to one.
        public var trusted = false
        /// What failed, in words; nil when the signature is valid and trusted.
        public var reason: String?

        public init(valid: Bool = false, reportID: Int? = nil, signer: String? = nil, signedAt: String? = nil,
                    certificateSHA256: String? = nil, trusted: Bool = false, reason: String? = nil) {
            self.valid = valid
            self.reportID = reportID
            self.signer = signer
            self.signedAt = signedAt
            self.certificateSHA256 = certificateSHA256
            self.trusted = trusted
            self.reason = reason
        }
    }

    static let fieldPrefix = "IsoFind report "

    public func verify(_ bytes: [UInt8]) -> Verdict {
        var verdict = Verdict()
        do {
            try check(bytes, &verdict)
        } catch {
            verdict.valid = false
            verdict.trusted = false
            verdict.reason = error.description
        }
        return verdict
    }

    struct Refusal: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    func check(_ bytes: [UInt8], _ verdict: inout Verdict) throws(Refusal) {
        guard !bytes.isEmpty else { throw Refusal("the file is empty") }
        let isPDF = bytes.starts(with: Array("%PDF-".utf8))
        let file: PDFFile
        do { file = try PDFFile(bytes) } catch {
            throw Refusal(isPDF ? "the PDF's structure cannot be read: \(error)" : "this is not a PDF file (it does not start with %PDF- and has no cross-reference)")
        }
        let (field, signature) = try signatureDictionaries(file)
        if let name = field["T"]?.stringBytes.map(PDFValue.decodeText), name.hasPrefix(Self.fieldPrefix) {
            verdict.reportID = Int(name.dropFirst(Self.fieldPrefix.count))
        }
        guard signature["Type"].map({ $0.name == "Sig" }) ?? true else { throw Refusal("the signature field's value is not a signature dictionary") }
        let subFilter = signature["SubFilter"]?.name ?? ""
        guard ["adbe.pkcs7.detached", "ETSI.CAdES.detached"].contains(subFilter) else {
            throw Refusal("the signature's /SubFilter is \(subFilter.isEmpty ? "missing" : "/" + subFilter); only detached CMS signatures are verified")
        }

        // The byte range: [0 a b c], the hole [a, b) exactly the /Contents string, the end at EOF.
        guard let range = signature["ByteRange"]?.array?.compactMap(\.integer), range.count == 4 else {
            throw Refusal("the signature has no /ByteRange of four integers")
        }
        let (a, b, c) = (range[1], range[2], range[3])
        guard range[0] == 0, a > 0, b > a, c >= 0 else { throw Refusal("the /ByteRange \(range) does not start the file and leave one hole") }
        guard let hole = signature.span(of: "Contents"), hole == a..<b, case .hexString(let contents)? = signature["Contents"] else {
            throw Refusal("the /ByteRange hole is not exactly the signature's /Contents string: other bytes are left unsigned")
        }
        if b + c < bytes.count {
            throw Refusal("\(bytes.count - b - c) bytes were added after the signed revision: the file was changed after signing")
        }
        if b + c > bytes.count { throw Refusal("the file is \(b + c - bytes.count) bytes shorter than the signed revision: it was truncated") }

        // The CMS: a DER structure, then nothing but zero padding.
        let der = Self.derPrefix(contents)
        guard der.count > 0 else { throw Refusal("the signature's /Contents is empty: the PDF was prepared but never signed") }
        guard contents[der.count...].allSatisfy({ $0 == 0 }) else {
            throw Refusal("the signature's /Contents holds bytes after its CMS structure")
        }
        var content = Array(bytes[0..<a])
        content += bytes[b..<(b + c)]
        let detached: DetachedSignature
        do {
            detached = try DetachedSignature.verify(contents[0..<der.count], over: content)
        } catch {
            switch error {
            case .digestMismatch:
                throw Refusal("the document was changed after signing: the digest of its bytes does not match the signed digest")
            case .signatureInvalid(let why): throw Refusal("the signature value does not verify with the signer's certificate (\(why))")
            case .malformed(let why): throw Refusal("the signature cannot be read: \(why)")
            }
        }
        verdict.valid = true
        verdict.signer = detached.signer.subject
        verdict.certificateSHA256 = detached.signer.sha256
        let claimed = detached.signingTime ?? (signature["M"]?.stringBytes).flatMap { PDFDate.epoch(String(decoding: $0, as: UTF8.self)) }
        verdict.signedAt = claimed.map(PDFDate.iso8601)
        if let problem = anchors.problem(with: detached.signer, intermediates: detached.others, at: claimed) {
            verdict.reason = "the signature is intact, but it is not trusted: \(problem)"
        } else {
            verdict.trusted = true
        }
    }

    /// The signature field and its signature dictionary, from the catalogue's `/AcroForm`.
    func signatureDictionaries(_ file: PDFFile) throws(Refusal) -> (field: PDFDictionary, signature: PDFDictionary) {
        do {
            let catalog = try file.dictionary(file.trailer["Root"], "the catalogue")
            guard let form = try file.resolve(catalog["AcroForm"])?.dictionary,
                  let fields = try file.resolve(form["Fields"])?.array else { throw Refusal("the PDF has no signature (it has no form fields)") }
            for reference in fields.prefix(1000) {
                guard let field = try file.resolve(reference)?.dictionary, field["FT"]?.name == "Sig",
                      let value = try file.resolve(field["V"])?.dictionary else { continue }
                return (field, value)
            }
        } catch let refusal as Refusal {
            throw refusal
        } catch {
            throw Refusal("the PDF's structure cannot be read: \(error)")
        }
        throw Refusal("the PDF has no signature (no signed signature field)")
    }

    /// The bytes of the DER element at the start of `bytes` (its tag, length and content), or
    /// none when they do not start with a definite-length element that fits. Only the outer
    /// length is read here, to find where the padding starts; OpenSSL reads the structure.
    static func derPrefix(_ bytes: [UInt8]) -> ArraySlice<UInt8> {
        guard bytes.count >= 2, bytes[0] != 0 else { return [] }
        let first = Int(bytes[1])
        var length = first
        var header = 2
        if first & 0x80 != 0 {
            let count = first & 0x7F
            guard count >= 1, count <= 4, bytes.count >= 2 + count else { return [] }
            length = bytes[2..<2 + count].reduce(0) { $0 << 8 | Int($1) }
            header += count
        }
        guard header + length <= bytes.count else { return [] }
        return bytes[0..<header + length]
    }
}

extension PDFDate {
    /// `D:YYYYMMDDHHmmSS` with `Z` or an offset `+HH'mm'`, as epoch seconds.
    static func epoch(_ text: String) -> Int64? {
        var digits = Substring(text)
        if digits.hasPrefix("D:") { digits = digits.dropFirst(2) }
        let numbers = digits.prefix(14)
        guard numbers.count == 14, numbers.allSatisfy(\.isNumber) else { return nil }
        func field(_ start: Int, _ length: Int) -> Int32 {
            Int32(numbers.dropFirst(start).prefix(length))!
        }
        var parts = tm()
        parts.tm_year = field(0, 4) - 1900
        parts.tm_mon = field(4, 2) - 1
        parts.tm_mday = field(6, 2)
        parts.tm_hour = field(8, 2)
        parts.tm_min = field(10, 2)
        parts.tm_sec = field(12, 2)
        var epoch = Int64(timegm(&parts))
        let zone = digits.dropFirst(14)
        if let sign = zone.first, sign == "+" || sign == "-" {
            let offset = zone.dropFirst().filter(\.isNumber)
            if offset.count >= 4, let hours = Int64(offset.prefix(2)), let minutes = Int64(offset.dropFirst(2).prefix(2)) {
                epoch -= (sign == "+" ? 1 : -1) * (hours * 3600 + minutes * 60)
            }
        }
        return epoch
    }
}
