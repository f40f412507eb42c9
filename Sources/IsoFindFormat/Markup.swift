// Escaping for Pango markup.

/// Text for Pango markup (the renderer's `pango_layout_set_markup`).
public enum Markup: Sendable {
    /// XML-escapes `&`, `<`, `>`, `"`, `'` (`&amp;` `&lt;` `&gt;` `&quot;` `&apos;`). Control
    /// characters that XML 1.0 forbids (U+0000–U+001F except tab, line feed and carriage return)
    /// are dropped, since Pango's markup parser rejects the whole string for one of them.
    public static func escape(_ text: String) -> String {
        var needsWork = false
        for s in text.unicodeScalars where needsEscape(s) { needsWork = true; break }
        if !needsWork { return text }
        var out = String.UnicodeScalarView()
        for s in text.unicodeScalars { append(s, to: &out) }
        return String(out)
    }

    /// `<sup>…</sup>` around escaped text.
    public static func superscript(_ text: String) -> String {
        "<sup>" + escape(text) + "</sup>"
    }

    static func needsEscape(_ s: Unicode.Scalar) -> Bool {
        switch s {
        case "&", "<", ">", "\"", "'": true
        case "\t", "\n", "\r": false
        default: s.value < 0x20
        }
    }

    static func append(_ s: Unicode.Scalar, to out: inout String.UnicodeScalarView) {
        switch s {
        case "&": out.append(contentsOf: "&amp;".unicodeScalars)
        case "<": out.append(contentsOf: "&lt;".unicodeScalars)
        case ">": out.append(contentsOf: "&gt;".unicodeScalars)
        case "\"": out.append(contentsOf: "&quot;".unicodeScalars)
        case "'": out.append(contentsOf: "&apos;".unicodeScalars)
        case "\t", "\n", "\r": out.append(s)
        default: if s.value >= 0x20 { out.append(s) }
        }
    }
}
