import Foundation
import IsoFindFormat

/// The inline markup a custom block's text may hold (`<b> <i> <u> <sup> <sub> <br/>
/// <font color=…>`), turned into Pango markup that is always well formed: every other tag and
/// every stray `<`, `>` or `&` is printed as text, tags are closed in order, and a colour is
/// kept only when it is `#RGB`, `#RRGGBB` or one of a few names. The code that wrote the text is
/// untrusted; what reaches Pango never is.
enum InlineMarkup {
    static let simpleTags: Set<String> = ["b", "i", "u", "sup", "sub"]
    static let colourNames: [String: String] = [
        "black": "#000000", "white": "#FFFFFF", "red": "#FF0000", "green": "#008000", "blue": "#0000FF",
        "grey": "#808080", "gray": "#808080", "orange": "#FFA500", "darkred": "#8B0000", "darkgreen": "#006400",
        "darkblue": "#00008B", "navy": "#000080", "purple": "#800080", "brown": "#A52A2A",
    ]

    static func pango(_ text: String) -> String {
        guard text.contains("<") || text.contains("&") || text.contains(">") else { return Markup.escape(text) }
        var out = ""
        var open: [String] = []  // Pango closing tags, innermost last
        var rest = text[...]
        while let start = rest.firstIndex(where: { $0 == "<" || $0 == "&" }) {
            out += Markup.escape(String(rest[..<start]))
            rest = rest[start...]
            if rest.first == "&" {
                if let entity = entity(rest) {
                    out += entity
                    rest = rest.dropFirst(entity.count)
                } else {
                    out += "&amp;"
                    rest = rest.dropFirst()
                }
                continue
            }
            guard let end = rest.firstIndex(of: ">"), let tag = tag(String(rest[rest.index(after: start)..<end])) else {
                out += "&lt;"
                rest = rest.dropFirst()
                continue
            }
            rest = rest[rest.index(after: end)...]
            switch tag {
            case .lineBreak:
                out += "\n"
            case .open(let name, let pangoOpen, let pangoClose):
                out += pangoOpen
                open.append(name + "\u{0}" + pangoClose)
            case .close(let name):
                // Close up to the matching open tag; a closing tag with no opening one is dropped.
                guard let index = open.lastIndex(where: { $0.hasPrefix(name + "\u{0}") }) else { continue }
                for entry in open[index...].reversed() { out += String(entry.split(separator: "\u{0}")[1]) }
                open.removeSubrange(index...)
            }
        }
        out += Markup.escape(String(rest))
        for entry in open.reversed() { out += String(entry.split(separator: "\u{0}")[1]) }
        return out
    }

    enum Tag {
        case lineBreak
        case open(name: String, pango: String, close: String)
        case close(String)
    }

    /// The tag between `<` and `>`, or nil when it is not one of the allowed tags. As in XML, a
    /// tag starts right after `<` (a letter or `/`), so `a < b > c` is text, not a bold `b`.
    static func tag(_ inner: String) -> Tag? {
        guard let first = inner.first, first.isLetter || first == "/", !inner.contains("<") else { return nil }
        let trimmed = inner.trimmingCharacters(in: .whitespaces).lowercased()
        if ["br", "br/", "br /"].contains(trimmed) { return .lineBreak }
        if trimmed.hasPrefix("/") {
            let name = String(trimmed.dropFirst()).trimmingCharacters(in: .whitespaces)
            return simpleTags.contains(name) || name == "font" ? .close(name) : nil
        }
        if simpleTags.contains(trimmed) { return .open(name: trimmed, pango: "<\(trimmed)>", close: "</\(trimmed)>") }
        guard trimmed.hasPrefix("font ") else { return nil }
        let attribute = trimmed.dropFirst(5).trimmingCharacters(in: .whitespaces)
        guard attribute.hasPrefix("color") else { return nil }
        let value = attribute.dropFirst(5).drop { $0 == " " || $0 == "=" }
            .trimmingCharacters(in: CharacterSet(charactersIn: "\"' "))
        guard let colour = colour(value) else { return nil }
        return .open(name: "font", pango: "<span foreground=\"\(colour)\">", close: "</span>")
    }

    static func colour(_ value: String) -> String? {
        if let named = colourNames[value] { return named }
        let hex = value.hasPrefix("#") ? value.dropFirst() : ""
        guard hex.count == 3 || hex.count == 6, hex.allSatisfy(\.isHexDigit) else { return nil }
        return "#" + hex.uppercased()
    }

    /// A well-formed entity at the start of `text` (`&amp;`, `&#233;`, `&#xE9;`), or nil.
    static func entity(_ text: Substring) -> String? {
        guard let end = text.prefix(12).firstIndex(of: ";") else { return nil }
        let body = text[text.index(after: text.startIndex)..<end]
        let named: Set<Substring> = ["amp", "lt", "gt", "quot", "apos"]
        if named.contains(body) { return String(text[...end]) }
        if body.hasPrefix("#x"), body.count > 2, body.dropFirst(2).allSatisfy(\.isHexDigit),
           let value = UInt32(body.dropFirst(2), radix: 16), isAllowed(value) { return String(text[...end]) }
        if body.hasPrefix("#"), body.count > 1, body.dropFirst().allSatisfy(\.isNumber),
           let value = UInt32(body.dropFirst()), isAllowed(value) { return String(text[...end]) }
        return nil
    }

    /// Characters XML allows (Pango refuses the whole text for one that it does not).
    static func isAllowed(_ scalar: UInt32) -> Bool {
        scalar == 0x9 || scalar == 0xA || scalar == 0xD || (0x20...0xD7FF).contains(scalar)
            || (0xE000...0xFFFD).contains(scalar) || (0x10000...0x10FFFF).contains(scalar)
    }
}
