// The language a report is printed in, and the typographic characters the formatters use.
//
// IsoFindFormat is a leaf module: pure Swift, no dependencies and no Foundation formatters
// (they are slow and depend on the process locale). Every string it produces depends only on
// its arguments, so the same request always prints the same text.

/// The language of a printed report. The module's own type: callers map their language to it.
public enum ReportLanguage: String, Sendable, CaseIterable {
    case fr, en
}

/// The special characters of the formatted strings, in one place so that tests and renderers
/// can name them instead of repeating invisible code points.
///
/// Spacing rules (both languages unless stated):
/// - thousands: French U+202F NARROW NO-BREAK SPACE (`1 234,56`), English `,` (`1,234.56`);
///   only the integer part is grouped, from four digits on (`1 000`, `999`);
/// - around `±` and `×`: U+00A0 NO-BREAK SPACE, so that a measurement never breaks across lines;
/// - before `‰`: U+202F in French, U+00A0 in English;
/// - before `%`: U+202F in French, nothing in English (`12,5 %`, `12.5%`);
/// - before a unit (`12,5 µg/L`): U+00A0 (U+202F before `%` in French);
/// - dates use ordinary spaces (`14 avril 2026`).
public enum Typography: Sendable {
    /// U+2212 MINUS SIGN, used for every negative number.
    public static let minus = "\u{2212}"
    /// U+00B1 PLUS-MINUS SIGN.
    public static let plusMinus = "\u{00B1}"
    /// U+00D7 MULTIPLICATION SIGN, in scientific notation.
    public static let times = "\u{00D7}"
    /// U+2030 PER MILLE SIGN.
    public static let permille = "\u{2030}"
    /// U+202F NARROW NO-BREAK SPACE: French thousands separator and French space before ‰ and %.
    public static let narrowNoBreakSpace = "\u{202F}"
    /// U+00A0 NO-BREAK SPACE: around ± and ×, before units, and before ‰ in English.
    public static let noBreakSpace = "\u{00A0}"

    /// The thousands separator of a language.
    public static func thousandsSeparator(_ language: ReportLanguage) -> String {
        language == .fr ? narrowNoBreakSpace : ","
    }

    /// The decimal separator of a language.
    public static func decimalSeparator(_ language: ReportLanguage) -> String {
        language == .fr ? "," : "."
    }

    /// The space printed before `‰`.
    public static func spaceBeforePermille(_ language: ReportLanguage) -> String {
        language == .fr ? narrowNoBreakSpace : noBreakSpace
    }

    /// The space printed before `%` (none in English).
    public static func spaceBeforePercent(_ language: ReportLanguage) -> String {
        language == .fr ? narrowNoBreakSpace : ""
    }

    /// ` ± ` with no-break spaces.
    public static let plusMinusWithSpaces = noBreakSpace + plusMinus + noBreakSpace
    /// ` × ` with no-break spaces.
    public static let timesWithSpaces = noBreakSpace + times + noBreakSpace

    /// The subscript form of an ASCII digit string (`"4"` → `"₄"`); other characters unchanged.
    public static func subscriptDigits(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { s in
            ("0"..."9").contains(s) ? Unicode.Scalar(0x2080 + s.value - 0x30)! : s
        }))
    }

    /// The superscript form of an ASCII digit string (`"-5"` → `"⁻⁵"`); other characters unchanged.
    public static func superscript(_ text: String) -> String {
        var out = ""
        out.unicodeScalars.reserveCapacity(text.unicodeScalars.count)
        for s in text.unicodeScalars {
            switch s {
            case "0": out.unicodeScalars.append("\u{2070}")
            case "1": out.unicodeScalars.append("\u{00B9}")
            case "2": out.unicodeScalars.append("\u{00B2}")
            case "3": out.unicodeScalars.append("\u{00B3}")
            case "4"..."9": out.unicodeScalars.append(Unicode.Scalar(0x2074 + s.value - 0x34)!)
            case "-", "\u{2212}": out.unicodeScalars.append("\u{207B}")
            case "+": out.unicodeScalars.append("\u{207A}")
            default: out.unicodeScalars.append(s)
            }
        }
        return out
    }
}
