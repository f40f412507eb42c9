// Named destinations, internal links, URI links and the outline (bookmarks), via Cairo 1.16 tags.
import CCairo

extension PDFCanvas {
    /// Marks a named destination on the current page at `y` (points from the top; x = 0).
    /// Links and outline entries may refer to it before or after it is created.
    public func destination(_ name: String, at y: Double) {
        guard ensurePage() else { return }
        guard definedDestinations.insert(name).inserted else {
            record(.duplicateDestination(name))
            return
        }
        let attributes = "name=\(Self.quoted(Self.destinationKey(name))) x=0 y=\(Self.number(y))"
        cairo_tag_begin(cr, CAIRO_TAG_DEST, attributes)
        cairo_tag_end(cr, CAIRO_TAG_DEST)
        check("destination(\(name))")
    }

    /// Makes `rect` on the current page a link to the named destination `name`.
    public func link(_ rect: Rect, toDestination name: String) {
        guard state == .open else { return }
        referencedDestinations.append(name)
        link(rect, attributes: "dest=\(Self.quoted(Self.destinationKey(name)))", operation: "link(toDestination: \(name))")
    }

    /// Makes `rect` on the current page a link to an external URI. Characters a URI may not
    /// contain raw (spaces, non-ASCII, `\`, `(`, `)`, `"`, `<`, `>`…) are percent-encoded as UTF-8:
    /// Cairo 1.16 copies the URI into a PDF literal string unescaped.
    public func link(_ rect: Rect, toURI uri: String) {
        link(rect, attributes: "uri=\(Self.quoted(Self.percentEncodedURI(uri)))", operation: "link(toURI: \(uri))")
    }

    private func link(_ rect: Rect, attributes: String, operation: String) {
        guard ensurePage() else { return }
        let area = "rect=[\(Self.number(rect.x)) \(Self.number(rect.y)) \(Self.number(rect.width)) \(Self.number(rect.height))]"
        cairo_tag_begin(cr, CAIRO_TAG_LINK, "\(attributes) \(area)")
        cairo_tag_end(cr, CAIRO_TAG_LINK)
        check(operation)
    }

    /// The root of the outline, the default `parent`.
    public static let outlineRoot = Int(CAIRO_PDF_OUTLINE_ROOT)

    /// Adds an outline (bookmark) entry pointing at the named destination `name`; returns its id,
    /// to be used as `parent` of nested entries. `open` shows its children expanded.
    @discardableResult
    public func outline(_ title: String, destination name: String, parent: Int = PDFCanvas.outlineRoot,
                        open: Bool = false, bold: Bool = false, italic: Bool = false) -> Int {
        guard state == .open else { return -1 }
        var flags: UInt32 = 0
        if open { flags |= CAIRO_PDF_OUTLINE_FLAG_OPEN.rawValue }
        if bold { flags |= CAIRO_PDF_OUTLINE_FLAG_BOLD.rawValue }
        if italic { flags |= CAIRO_PDF_OUTLINE_FLAG_ITALIC.rawValue }
        referencedDestinations.append(name)
        let id = cairo_pdf_surface_add_outline(surface, Int32(clamping: parent), title.withoutNUL,
                                               "dest=\(Self.quoted(Self.destinationKey(name)))", cairo_pdf_outline_flags_t(flags))
        check("outline(\(title))")
        return Int(id)
    }

    // MARK: - Tag attribute syntax

    /// `uri` with every byte outside printable ASCII, and `\ ( ) " < > { } | ^ ` `, percent-encoded.
    static func percentEncodedURI(_ uri: String) -> String {
        let hex = Array("0123456789ABCDEF")
        let unsafe = Set("\\()\"<>{}|^`".utf8)
        var out = ""
        for byte in uri.withoutNUL.utf8 {
            if byte > 0x20, byte < 0x7F, !unsafe.contains(byte) {
                out.append(Character(Unicode.Scalar(byte)))
            } else {
                out.append("%")
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 0x0F)])
            }
        }
        return out
    }

    /// The name actually written to the PDF for destination `name`. Cairo 1.16 writes a
    /// destination's key into the /Dests name tree as raw bytes (no escaping of `\`, `(`, `)`,
    /// UTF-8 as is) but a link's /Dest as an escaped, UTF-16 string for non-ASCII: the two only
    /// agree for plain ASCII. So names are mapped injectively to `[A-Za-z0-9._:-]`, every other
    /// UTF-8 byte (and `~`) becoming `~XX`.
    public static func destinationKey(_ name: String) -> String {
        let hex = Array("0123456789ABCDEF")
        var out = ""
        for byte in name.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "_"),
                 UInt8(ascii: ":"), UInt8(ascii: "-"):
                out.append(Character(Unicode.Scalar(byte)))
            default:
                out.append("~")
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 0x0F)])
            }
        }
        return out.isEmpty ? "~" : out
    }

    /// A single-quoted Cairo tag attribute string. Cairo's parser takes `\x` as a literal `x`, so
    /// `'` and `\` are escaped; an unescaped quote would be `CAIRO_STATUS_TAG_ERROR`.
    static func quoted(_ value: String) -> String {
        var out = "'"
        for ch in value.withoutNUL {
            if ch == "'" || ch == "\\" { out.append("\\") }
            out.append(ch)
        }
        out.append("'")
        return out
    }

    /// A decimal for tag attributes: fixed notation, at most 4 decimals, never an exponent.
    static func number(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        let scaled = (abs(value) * 10_000).rounded()
        guard scaled < 1e15 else { return value < 0 ? "-1000000000" : "1000000000" }
        let units = Int64(scaled)
        let whole = units / 10_000
        var fraction = String(units % 10_000)
        fraction = String(repeating: "0", count: 4 - fraction.count) + fraction
        while fraction.hasSuffix("0") { fraction.removeLast() }
        let sign = value < 0 && units != 0 ? "-" : ""
        return fraction.isEmpty ? "\(sign)\(whole)" : "\(sign)\(whole).\(fraction)"
    }
}
