// Measured values with their uncertainty.

/// Measured values: `value ± uncertainty`, δ values in ‰, quantities with a unit.
///
/// **Uncertainty rule** (the usual metrology convention, GUM 7.2.6 and common laboratory practice):
/// 1. the uncertainty keeps **2 significant digits when its first digit is 1 or 2**, and
///    **1 significant digit when its first digit is 3 to 9** (0.0000123 → 0.000012,
///    1.96 → 2.0, 25 → 25, 0.00035 → 0.0004, 0.46 → 0.5);
/// 2. it never gets more decimals than it was stored with: 0.2 stays `0.2`, not `0.20` (a
///    trailing zero would claim a precision nobody measured), while 20 stays `20`;
/// 3. rounding is half away from zero on the decimal string; when rounding carries into a new
///    leading digit, the extra trailing zero is dropped (0.96 → `1`, 9.7 → `10`);
/// 4. the value is rounded to the decimal place of the uncertainty's last digit, padding with
///    zeros if needed (25 ± 0.012 → `25.000 ± 0.012`; 123456 ± 2345 → `123 500 ± 2 300`);
/// 5. when the larger of the two rounded magnitudes is below 1e-4 or at least 1e7, both share
///    one power of ten: `(1.234 ± 0.021) × 10⁻⁹`.
///
/// A negative uncertainty counts by its magnitude; nil or a non-finite uncertainty prints the
/// value alone (`NumberFormat.automatic`: up to 6 significant digits as stored); a zero
/// uncertainty prints the value as stored followed by `± 0`.
/// Spaces around ± are U+00A0 NO-BREAK SPACE in both languages.
public enum MeasurementFormat: Sendable {
    /// Significant digits shown for a value without uncertainty (trailing zeros dropped).
    public static let defaultSignificantDigits = 6

    /// `0.710245 ± 0.000012` (en), `0,710245 ± 0,000012` (fr); see the type's rules.
    public static func valueWithUncertainty(_ value: Double, _ uncertainty: Double?, _ language: ReportLanguage) -> String {
        format(value, uncertainty, language, allowScientific: true, plus: false)
    }

    /// A δ value in ‰: `−25.3 ± 0.2 ‰`. The space before ‰ is U+202F in French and U+00A0 in
    /// English. δ values never switch to scientific notation. With `plusSign`, positive values
    /// print `+` (`+3.2 ± 0.3 ‰`), as often done in isotope tables.
    public static func delta(_ value: Double, _ uncertainty: Double?, _ language: ReportLanguage,
                             plusSign: Bool = false) -> String {
        format(value, uncertainty, language, allowScientific: false, plus: plusSign)
            + Typography.spaceBeforePermille(language) + Typography.permille
    }

    /// The uncertainty alone, rounded by the type's rule (`0.000012`, `2.0`, `0.0004`);
    /// a column "± 2SE" of a table uses it. Non-finite values print as `NumberFormat` does.
    public static func uncertainty(_ uncertainty: Double, _ language: ReportLanguage) -> String {
        guard let u = ExactDecimal(uncertainty)?.magnitude else { return NumberText.nonFinite(uncertainty) }
        if u.isZero { return "0" }
        let (rounded, fractionDigits) = roundUncertainty(u)
        return rounded.render(fractionDigits: fractionDigits, language)
    }

    /// A value ± uncertainty followed by a unit: `12.5 ± 0.8 µg/L`, `0,53 ± 0,05 %`.
    /// U+00A0 before the unit; in French U+202F before `%`. An empty unit adds nothing.
    public static func quantity(_ value: Double, _ uncertainty: Double?, unit: String, _ language: ReportLanguage) -> String {
        let number = valueWithUncertainty(value, uncertainty, language)
        if unit.isEmpty { return number }
        let space = unit == "%" ? Typography.spaceBeforePercent(language) : Typography.noBreakSpace
        return number + space + unit
    }

    // MARK: - Internal

    /// The rounded uncertainty and the number of decimals of its last kept digit (negative when
    /// that digit is a ten, a hundred…).
    static func roundUncertainty(_ u: ExactDecimal) -> (ExactDecimal, Int) {
        let rule = u.digits[0] <= 2 ? 2 : 1
        // Decimals of the last kept digit by the rule, but never more than were stored.
        var fractionDigits = min(rule - u.exponent, u.fractionDigitsNeeded)
        let rounded = u.rounded(fractionDigits: fractionDigits)
        // A carry into a new leading digit (0.96 → 1.0) leaves a trailing zero that carries
        // no information: drop it (→ 1).
        if rounded.exponent > u.exponent { fractionDigits -= 1 }
        return (rounded, fractionDigits)
    }

    static func format(_ value: Double, _ uncertainty: Double?, _ language: ReportLanguage,
                       allowScientific: Bool, plus: Bool) -> String {
        let auto = {
            NumberFormat.automatic(value, maxSignificantDigits: defaultSignificantDigits,
                                   allowScientific: allowScientific, language, plus: plus)
        }
        guard let v = ExactDecimal(value) else { return NumberText.nonFinite(value) }
        guard let uncertainty, let u0 = ExactDecimal(uncertainty)?.magnitude else { return auto() }
        if u0.isZero { return auto() + Typography.plusMinusWithSpaces + "0" }

        let (u, f) = roundUncertainty(u0)
        let rv = v.rounded(fractionDigits: f)
        let largest = ExactDecimal.magnitudeLess(rv, u) ? u : rv
        if allowScientific && NumberFormat.needsScientific(largest) {
            let power = largest.leadingPower
            let fs = max(0, f + power)
            let mv = rv.shifted(by: -power).render(fractionDigits: fs, language, plus: plus)
            let mu = u.shifted(by: -power).render(fractionDigits: fs, language)
            return "(" + mv + Typography.plusMinusWithSpaces + mu + ")" + Typography.timesWithSpaces
                + "10" + Typography.superscript(String(power))
        }
        let fd = max(0, f)
        return rv.render(fractionDigits: fd, language, plus: plus) + Typography.plusMinusWithSpaces
            + u.render(fractionDigits: fd, language)
    }
}
