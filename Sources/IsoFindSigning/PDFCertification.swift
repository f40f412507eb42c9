import Foundation

import Foundation

/// Certifies a PDF: appends one incremental update holding a certification signature, the
/// PDF form every reader checks (ISO 32000-1, 12.8), and fills its `/Contents` with a detached
/// CMS over every byte of the file but that hole. The original bytes are never changed.
///
/// The update adds a signature field whose widget is invisible (`/Rect [0 0 0 0]`, on the first
/// page), the signature dictionary (`/Filter /Adobe.PPKLite`, `/SubFilter /adbe.pkcs7.detached`,
/// `/ByteRange`, `/Contents`, `/M`, `/Name`, `/Reason`) with a DocMDP reference (`/P 2`: only
/// form filling and further signatures are allowed afterwards), a copy of the catalogue with
/// `/AcroForm` (`/SigFlags 3`) and `/Perms`, a copy of the page with the widget in `/Annots`, a
/// cross-reference section for those objects and a trailer with `/Prev`.
public struct PDFCertification: Sendable {
    /// What the signature dictionary says besides the cryptography.
    public struct Details: Sendable {
        /// `/T`: the field's name, e.g. "IsoFind report 42".
        public var fieldName: String
        /// `/Name`: the signer, as readers show it.
        public var signerName: String
        /// `/Reason`.
        public var reason: String
        /// `/M` and the CMS signingTime, epoch seconds.
        public var signingTime: Int64
        /// `/Prop_Build /App /REx`: the software version.
        public var softwareVersion: String

        public init(fieldName: String, signerName: String, reason: String, signingTime: Int64, softwareVersion: String) {
            self.fieldName = fieldName
            self.signerName = signerName
            self.reason = reason
            self.signingTime = signingTime
            self.softwareVersion = softwareVersion
        }
    }

    public struct Failure: Error, CustomStringConvertible, Sendable {
        public let description: String
        init(_ description: String) { self.description = description }
    }

    public let identity: SigningIdentity
    /// Bytes reserved for the DER signature; `/Contents` holds twice as many hex digits.
    public let capacity: Int

    /// Room for the SignedData's structure and signed attributes beside its certificates and
    /// signature value (about 400 bytes in practice).
    static let structureAllowance = 1024

    /// `capacity` depends only on the identity (its certificates and the key's largest
    /// signature), so that every report signed with one key has the same layout. A trial
    /// signature checks that it fits.
    public init(identity: SigningIdentity) throws(Failure) {
        self.identity = identity
        capacity = identity.chain.reduce(Self.structureAllowance) { $0 + $1.der.count } + identity.maximumSignatureSize
        let trial: [UInt8]
        do { trial = try identity.signDetached([0], signingTime: 0) } catch { throw Failure("a trial signature failed: \(error)") }
        guard trial.count <= capacity else { throw Failure("a trial signature (\(trial.count) bytes) exceeds the \(capacity) bytes reserved") }
    }

    /// The certified file.
    public func certify(_ pdf: [UInt8], _ details: Details) throws(Failure) -> [UInt8] {
        let file: PDFFile
        do { file = try PDFFile(pdf) } catch { throw Failure("the PDF cannot be read: \(error)") }
        var out = pdf
        var update: Update
        do { update = try Update.plan(file, details: details) } catch { throw Failure("the PDF cannot be certified: \(error)") }
        if out.last != 10 { out.append(10) }
        let hole = update.write(into: &out, placeholderDigits: capacity * 2, details: details)
        // The byte range: everything but the hole, whose `<` and `>` it excludes too.
        let ranges = [0, hole.lowerBound, hole.upperBound, out.count - hole.upperBound]
        let rangeText = Array(ranges.map { String($0).padding(toLength: Update.rangeWidth, withPad: " ", startingAt: 0) }
            .joined(separator: " ").utf8)
        out.replaceSubrange(update.byteRangeSlot, with: rangeText)
        var signed = Array(out[0..<hole.lowerBound])
        signed += out[hole.upperBound...]
        let der: [UInt8]
        do { der = try identity.signDetached(signed, signingTime: details.signingTime) } catch {
            throw Failure("the CMS signature could not be made: \(error)")
        }
        guard der.count <= capacity else {
            throw Failure("the signature (\(der.count) bytes) does not fit the \(capacity) bytes reserved for it")
        }
        out.replaceSubrange(hole.lowerBound + 1..<hole.lowerBound + 1 + der.count * 2, with: Hex.encode(der))
        return out
    }

    /// The objects the update writes, planned from the file's newest revision.
    struct Update {
        /// Digits reserved for each `/ByteRange` number.
        static let rangeWidth = 10

        let catalogNumber: Int
        var catalog: PDFDictionary
        let pageNumber: Int
        var page: PDFDictionary
        /// When the page's `/Annots` is an indirect array: its number and new value.
        var annotations: (number: Int, value: PDFValue)?
        let fieldNumber: Int
        let signatureNumber: Int
        var trailer: PDFDictionary
        /// Where `/ByteRange`'s numbers are, once written.
        var byteRangeSlot: Range<Int> = 0..<0

        static func plan(_ file: PDFFile, details: Details) throws(PDFSyntaxError) -> Update {
            guard let catalogNumber = file.trailer["Root"]?.reference, let size = file.trailer["Size"]?.integer else {
                throw PDFSyntaxError("the trailer has no /Root or /Size", at: file.startXref)
            }
            var catalog = try file.dictionary(.reference(number: catalogNumber, generation: 0), "the catalogue")
            if catalog["AcroForm"] != nil || catalog["Perms"] != nil {
                throw PDFSyntaxError("the document already has a form or permissions (it was signed before)", at: file.startXref)
            }
            let (pageNumber, page) = try firstPage(file, catalog["Pages"])
            let fieldNumber = size
            let signatureNumber = size + 1
            let widget = PDFValue.reference(number: fieldNumber, generation: 0)
            var update = Update(catalogNumber: catalogNumber, catalog: catalog, pageNumber: pageNumber, page: page,
                                annotations: nil, fieldNumber: fieldNumber, signatureNumber: signatureNumber,
                                trailer: file.trailer)
            switch page["Annots"] {
            case nil: update.page["Annots"] = .array([widget])
            case .array(let items)?: update.page["Annots"] = .array(items + [widget])
            case .reference(let number, _)?:
                guard let items = try file.object(number).array else { throw PDFSyntaxError("the page's /Annots is not an array", at: 0) }
                update.annotations = (number, .array(items + [widget]))
            default: throw PDFSyntaxError("the page's /Annots is not an array", at: 0)
            }
            catalog["AcroForm"] = .dictionary(PDFDictionary(["Fields": .array([widget]), "SigFlags": .integer(3)]))
            catalog["Perms"] = .dictionary(PDFDictionary(["DocMDP": .reference(number: signatureNumber, generation: 0)]))
            update.catalog = catalog
            update.trailer["Prev"] = .integer(file.startXref)
            update.trailer["Size"] = .integer(size + 2)
            update.trailer["XRefStm"] = nil
            return update
        }

        /// The first leaf of the page tree.
        static func firstPage(_ file: PDFFile, _ root: PDFValue?) throws(PDFSyntaxError) -> (Int, PDFDictionary) {
            var node = root
            for _ in 0..<64 {
                guard let number = node?.reference else { throw PDFSyntaxError("the page tree has no page", at: file.startXref) }
                let dictionary = try file.dictionary(node, "a page tree node")
                if dictionary["Type"]?.name == "Page" { return (number, dictionary) }
                node = dictionary["Kids"]?.array?.first
            }
            throw PDFSyntaxError("the page tree is too deep", at: file.startXref)
        }

        /// Appends the objects, cross-reference section and trailer; returns where `/Contents`'
        /// hex string is (from `<` to just after `>`). `byteRangeSlot` is set.
        mutating func write(into out: inout [UInt8], placeholderDigits: Int, details: Details) -> Range<Int> {
            var offsets: [Int: Int] = [:]
            func object(_ number: Int, _ body: (inout [UInt8]) -> Void) {
                offsets[number] = out.count
                out += Array("\(number) 0 obj\n".utf8)
                body(&out)
                out += Array("\nendobj\n".utf8)
            }
            object(catalogNumber) { PDFValue.dictionary(catalog).write(to: &$0) }
            object(pageNumber) { PDFValue.dictionary(page).write(to: &$0) }
            if let annotations { object(annotations.number) { annotations.value.write(to: &$0) } }
            object(fieldNumber) {
                PDFValue.dictionary(PDFDictionary([
                    "Type": .name("Annot"), "Subtype": .name("Widget"), "FT": .name("Sig"),
                    "Rect": .array([.integer(0), .integer(0), .integer(0), .integer(0)]),
                    // Print and Locked: the widget is shown as it is and cannot be moved.
                    "F": .integer(132), "P": .reference(number: pageNumber, generation: 0),
                    "T": .text(details.fieldName), "V": .reference(number: signatureNumber, generation: 0),
                ])).write(to: &$0)
            }
            var hole = 0..<0
            var slot = 0..<0
            object(signatureNumber) { out in
                out += Array("<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /adbe.pkcs7.detached\n/ByteRange [".utf8)
                let width = 4 * Self.rangeWidth + 3
                slot = out.count..<out.count + width
                out += [UInt8](repeating: 32, count: width)
                out += Array("]\n/Contents ".utf8)
                hole = out.count..<out.count + placeholderDigits + 2
                out += [UInt8(ascii: "<")] + [UInt8](repeating: UInt8(ascii: "0"), count: placeholderDigits) + [UInt8(ascii: ">")]
                let rest = PDFDictionary([
                    "M": .string(Array(PDFDate.string(details.signingTime).utf8)),
                    "Name": .text(details.signerName),
                    "Reason": .text(details.reason),
                    "Reference": .array([.dictionary(PDFDictionary([
                        "Type": .name("SigRef"), "TransformMethod": .name("DocMDP"),
                        "TransformParams": .dictionary(PDFDictionary([
                            "Type": .name("TransformParams"), "P": .integer(2), "V": .name("1.2"),
                        ])),
                    ]))]),
                    "Prop_Build": .dictionary(PDFDictionary(["App": .dictionary(PDFDictionary([
                        "Name": .name("IsoFind#20Reports"), "REx": .string(Array(details.softwareVersion.utf8)),
                    ]))])),
                ])
                var tail: [UInt8] = []
                PDFValue.dictionary(rest).write(to: &tail)
                // Everything between the outer "<<" and ">>" of that dictionary.
                out += [10] + tail.dropFirst(3)
            }
            byteRangeSlot = slot
            let xref = out.count
            out += Array("xref\n".utf8)
            let numbers = offsets.keys.sorted()
            var index = 0
            while index < numbers.count {
                var end = index
                while end + 1 < numbers.count, numbers[end + 1] == numbers[end] + 1 { end += 1 }
                out += Array("\(numbers[index]) \(end - index + 1)\n".utf8)
                for number in numbers[index...end] {
                    let offset = String(offsets[number]!)
                    // Exactly 20 bytes: 10-digit offset, 5-digit generation, type, two-byte end of line.
                    out += Array((String(repeating: "0", count: 10 - offset.count) + offset + " 00000 n \n").utf8)
                }
                index = end + 1
            }
            out += Array("trailer\n".utf8)
            PDFValue.dictionary(trailer).write(to: &out)
            out += Array("\nstartxref\n\(xref)\n%%EOF\n".utf8)
            return hole
        }
    }
}

/// PDF dates (ISO 32000-1, 7.9.4), always UTC: `D:YYYYMMDDHHmmSSZ`, and the ISO 8601 form the
/// records use.
public enum PDFDate {
    static func string(_ epoch: Int64) -> String {
        var time = time_t(epoch)
        var parts = tm()
        gmtime_r(&time, &parts)
        return String(format: "D:%04d%02d%02d%02d%02d%02dZ", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1, Int(parts.tm_mday),
                      Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec))
    }

    /// ISO 8601, as the records print times: `2026-12-04T17:00:00Z`.
    public static func iso8601(_ epoch: Int64) -> String {
        var time = time_t(epoch)
        var parts = tm()
        gmtime_r(&time, &parts)
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02dZ", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1, Int(parts.tm_mday),
                      Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec))
    }
}
