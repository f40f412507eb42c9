// Isotope notation: mass numbers as superscripts, δ labels.

/// Typesets isotope notation: `87Sr/86Sr` → `⁸⁷Sr/⁸⁶Sr`, `d13C` → `δ¹³C`.
///
/// **What counts as a mass number.** A run of ASCII digits is a mass number when all hold:
/// 1. it starts the text or follows whitespace, `/`, `(`, `[`, `,`, `;`, `:`, `=`, an opening
///    quote (`"` `'` `«` `“` `‘`), `δ`, `Δ` or `ε`;
/// 2. it has 1 to 3 digits and no leading zero;
/// 3. it is immediately followed by a real element symbol (capital letter and optional small
///    letter; two letters tried first) that is not followed by another small letter;
/// 4. it is plausible for that element: Z ≤ A ≤ 3Z + 10 (so `1B`, `2Pb` or `12Ca` are left alone).
///
/// So `H2O`, `CO2`, `Fe2O3` (digits after a letter), `GW-P01-2026-04`, `2026 Pb`, `10 µg/L`, `Sr`
/// are untouched; `13CO2` → `¹³CO2`, `δ13C-TCE` → `δ¹³C-TCE`, `13C/12C (TCE)` → `¹³C/¹²C (TCE)`.
///
/// **δ spelled out.** `d` or `delta` (any case for `delta`, lower-case `d` only), at the start of
/// the text or after one of the separators above, directly followed by a mass number and its
/// element, becomes `δ`: `d13C` → `δ¹³C`, `delta34S` → `δ³⁴S`, `(d66Zn)` → `(δ⁶⁶Zn)`.
/// Text already typeset (`⁸⁷Sr`) is left as it is.
public enum IsotopeNotation: Sendable {
    /// Unicode superscript digits: `206Pb/204Pb` → `²⁰⁶Pb/²⁰⁴Pb`, `δ13C` → `δ¹³C`.
    public static func unicode(_ text: String) -> String {
        var out = ""
        for piece in pieces(text) {
            switch piece {
            case .text(let t): out += t
            case .mass(let m): out += Typography.superscript(m)
            }
        }
        return out
    }

    /// The same as Pango markup, the rest of the text XML-escaped:
    /// `87Sr/86Sr` → `<sup>87</sup>Sr/<sup>86</sup>Sr`.
    public static func markup(_ text: String) -> String {
        var out = ""
        for piece in pieces(text) {
            switch piece {
            case .text(let t): out += Markup.escape(t)
            case .mass(let m): out += "<sup>" + m + "</sup>"
            }
        }
        return out
    }

    /// The δ label of a ratio system: `13C/12C` → `δ¹³C`, `34S/32S` → `δ³⁴S`, `66Zn/64Zn` →
    /// `δ⁶⁶Zn`, `13C/12C (TCE)` → `δ¹³C-TCE` (the compound as in IsoFind's `delta_notation`).
    /// A label already in δ form is typeset (`δ13C` → `δ¹³C`).
    ///
    /// nil for ratios reported as ratios (radiogenic systems): every Pb ratio, Sr ratios
    /// involving ⁸⁷Sr (⁸⁸Sr/⁸⁶Sr is a δ system), ¹⁴³Nd and ¹⁴²Nd, ¹⁷⁶Hf, ¹⁸⁷Os and ¹⁸⁶Os, He
    /// ratios, ⁴⁰Ar, ²³⁴U (²³⁸U/²³⁵U is a δ system), Th ratios; nil too for ratios of two
    /// elements and for text that is not `A El/B El` with an optional `(compound)`.
    public static func deltaLabel(system: String) -> String? {
        deltaLabelParts(system).map { "δ" + Typography.superscript($0.mass) + $0.rest }
    }

    /// `deltaLabel(system:)` as Pango markup: `δ<sup>13</sup>C-TCE`.
    public static func deltaLabelMarkup(system: String) -> String? {
        deltaLabelParts(system).map { "δ<sup>" + $0.mass + "</sup>" + Markup.escape($0.rest) }
    }

    /// Whether a ratio system is reported as a ratio (radiogenic) rather than as a δ value.
    /// nil when `system` is not an isotope ratio of one element.
    public static func isRadiogenic(system: String) -> Bool? {
        guard let r = parseRatio(system) else { return nil }
        return radiogenic(r.element, r.numerator, r.denominator)
    }

    // MARK: - Internal

    enum Piece: Equatable {
        case text(String)
        case mass(String)
    }

    private static func isSeparator(_ s: Unicode.Scalar) -> Bool {
        switch s {
        case "/", "(", "[", ",", ";", ":", "=", "\"", "'", "«", "“", "‘": true
        default: s.properties.isWhitespace
        }
    }

    private static func isASCIIDigit(_ s: Unicode.Scalar) -> Bool { s.value >= 0x30 && s.value <= 0x39 }
    private static func isUpper(_ s: Unicode.Scalar) -> Bool { s.value >= 0x41 && s.value <= 0x5A }
    private static func isLower(_ s: Unicode.Scalar) -> Bool { s.value >= 0x61 && s.value <= 0x7A }

    /// If a mass number and an element start at `i`, the index after the digits.
    private static func massNumber(_ s: [Unicode.Scalar], at i: Int) -> Int? {
        var j = i
        var a = 0
        while j < s.count, isASCIIDigit(s[j]), j - i < 4 {
            a = a * 10 + Int(s[j].value - 0x30)
            j += 1
        }
        let length = j - i
        guard length >= 1, length <= 3, s[i] != "0", j < s.count, isUpper(s[j]) else { return nil }
        return element(s, at: j, massNumber: a) == nil ? nil : j
    }

    /// The element symbol at `i` (two letters tried first) whose mass-number range admits `a`,
    /// and its atomic number.
    private static func element(_ s: [Unicode.Scalar], at i: Int, massNumber a: Int) -> (String, Int)? {
        func fits(_ symbol: String) -> Int? {
            guard let z = Elements.atomicNumber[symbol], z <= a, a <= 3 * z + 10 else { return nil }
            return z
        }
        guard i < s.count, isUpper(s[i]) else { return nil }
        if i + 1 < s.count, isLower(s[i + 1]), !(i + 2 < s.count && isLower(s[i + 2])) {
            var two = String(Character(s[i]))
            two.unicodeScalars.append(s[i + 1])
            if let z = fits(two) { return (two, z) }
        }
        if !(i + 1 < s.count && isLower(s[i + 1])) {
            let one = String(Character(s[i]))
            if let z = fits(one) { return (one, z) }
        }
        return nil
    }

    static func pieces(_ text: String) -> [Piece] {
        let s = Array(text.unicodeScalars)
        var result: [Piece] = []
        var buffer = String.UnicodeScalarView()
        func flush() {
            if !buffer.isEmpty { result.append(.text(String(buffer))); buffer = String.UnicodeScalarView() }
        }
        var i = 0
        var previous: Unicode.Scalar? = nil    // the last scalar emitted (after δ rewriting)
        while i < s.count {
            let atBoundary = previous.map(isSeparator) ?? true
            // `d13C`, `delta13C` → `δ13C`
            if atBoundary {
                var prefixLength = 0
                if i + 5 <= s.count, String(String.UnicodeScalarView(s[i..<(i + 5)])).lowercased() == "delta" {
                    prefixLength = 5
                } else if s[i] == "d" {
                    prefixLength = 1
                }
                if prefixLength > 0, i + prefixLength < s.count, isASCIIDigit(s[i + prefixLength]),
                   massNumber(s, at: i + prefixLength) != nil {
                    buffer.append("δ")
                    previous = "δ"
                    i += prefixLength
                    continue
                }
            }
            let afterMark = atBoundary || previous == "δ" || previous == "Δ" || previous == "ε"
            if afterMark, isASCIIDigit(s[i]), let end = massNumber(s, at: i) {
                flush()
                result.append(.mass(String(String.UnicodeScalarView(s[i..<end]))))
                previous = s[end - 1]
                i = end
                continue
            }
            buffer.append(s[i])
            previous = s[i]
            i += 1
        }
        flush()
        return result
    }

    struct Ratio {
        var numerator: Int
        var denominator: Int
        var element: String
        var compound: String?
    }

    /// `A El/B El` with optional spaces around `/`, optional ` (compound)`, superscript digits
    /// accepted.
    static func parseRatio(_ system: String) -> Ratio? {
        var ascii = String.UnicodeScalarView()
        for c in system.unicodeScalars {
            switch c {
            case "\u{2070}": ascii.append("0")
            case "\u{00B9}": ascii.append("1")
            case "\u{00B2}": ascii.append("2")
            case "\u{00B3}": ascii.append("3")
            case "\u{2074}"..."\u{2079}": ascii.append(Unicode.Scalar(c.value - 0x2074 + 0x34)!)
            default: ascii.append(c)
            }
        }
        let s = Array(String(ascii).trimmingWhitespace().unicodeScalars)
        func isotope(_ i: Int) -> (mass: Int, element: String, end: Int)? {
            guard i < s.count, isASCIIDigit(s[i]), let j = massNumber(s, at: i) else { return nil }
            let a = Int(String(String.UnicodeScalarView(s[i..<j])))!
            guard let (symbol, _) = element(s, at: j, massNumber: a) else { return nil }
            return (a, symbol, j + symbol.unicodeScalars.count)
        }
        guard let top = isotope(0) else { return nil }
        var i = top.end
        while i < s.count, s[i] == " " { i += 1 }
        guard i < s.count, s[i] == "/" else { return nil }
        i += 1
        while i < s.count, s[i] == " " { i += 1 }
        guard let bottom = isotope(i), bottom.element == top.element, bottom.mass != top.mass else { return nil }
        let rest = String(String.UnicodeScalarView(s[bottom.end...])).trimmingWhitespace()
        var compound: String? = nil
        if !rest.isEmpty {
            guard rest.hasPrefix("("), rest.hasSuffix(")"), rest.count > 2 else { return nil }
            let inner = String(rest.dropFirst().dropLast()).trimmingWhitespace()
            guard !inner.isEmpty else { return nil }
            compound = inner
        }
        return Ratio(numerator: top.mass, denominator: bottom.mass, element: top.element, compound: compound)
    }

    static func radiogenic(_ element: String, _ a: Int, _ b: Int) -> Bool {
        let masses = [a, b]
        switch element {
        case "Pb", "He", "Th": return true
        case "Sr": return masses.contains(87)
        case "Nd": return masses.contains(143) || masses.contains(142)
        case "Hf": return masses.contains(176)
        case "Os": return masses.contains(187) || masses.contains(186)
        case "Ar": return masses.contains(40)
        case "U": return masses.contains(234)
        default: return false
        }
    }

    /// The superscript mass and the rest (`C-TCE`) of a δ label, nil when there is none.
    private static func deltaLabelParts(_ system: String) -> (mass: String, rest: String)? {
        let trimmed = system.trimmingWhitespace()
        // Already a δ label (`δ13C`, `d13C-TCE`, `delta34S`).
        let p = pieces(trimmed)
        if case .text(let first)? = p.first, first == "δ", p.count >= 3, case .mass(let m) = p[1],
           case .text(let rest) = p[2], p.count == 3 {
            return (m, rest)
        }
        guard let r = parseRatio(trimmed), !radiogenic(r.element, r.numerator, r.denominator) else { return nil }
        return (String(r.numerator), r.element + (r.compound.map { "-" + $0 } ?? ""))
    }
}

extension String {
    /// Without leading and trailing white space (no Foundation).
    func trimmingWhitespace() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        return String(scalars[first...last])
    }
}

/// The element symbols and their atomic numbers.
enum Elements {
    static let symbols: [String] = [
        "H", "He", "Li", "Be", "B", "C", "N", "O", "F", "Ne",
        "Na", "Mg", "Al", "Si", "P", "S", "Cl", "Ar", "K", "Ca",
        "Sc", "Ti", "V", "Cr", "Mn", "Fe", "Co", "Ni", "Cu", "Zn",
        "Ga", "Ge", "As", "Se", "Br", "Kr", "Rb", "Sr", "Y", "Zr",
        "Nb", "Mo", "Tc", "Ru", "Rh", "Pd", "Ag", "Cd", "In", "Sn",
        "Sb", "Te", "I", "Xe", "Cs", "Ba", "La", "Ce", "Pr", "Nd",
        "Pm", "Sm", "Eu", "Gd", "Tb", "Dy", "Ho", "Er", "Tm", "Yb",
        "Lu", "Hf", "Ta", "W", "Re", "Os", "Ir", "Pt", "Au", "Hg",
        "Tl", "Pb", "Bi", "Po", "At", "Rn", "Fr", "Ra", "Ac", "Th",
        "Pa", "U", "Np", "Pu", "Am", "Cm", "Bk", "Cf", "Es", "Fm",
        "Md", "No", "Lr", "Rf", "Db", "Sg", "Bh", "Hs", "Mt", "Ds",
        "Rg", "Cn", "Nh", "Fl", "Mc", "Lv", "Ts", "Og",
    ]
    static let atomicNumber: [String: Int] = {
        var map: [String: Int] = [:]
        for (i, s) in symbols.enumerated() { map[s] = i + 1 }
        return map
    }()
}
