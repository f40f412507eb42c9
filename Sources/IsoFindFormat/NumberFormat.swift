// Numbers as a French or English report prints them.

/// Plain numbers: fixed decimals, integers, significant digits, percentages.
///
/// Rules shared by every function:
/// - French `1 234,56` (U+202F between thousands, decimal comma), English `1,234.56`; only the
///   integer part is grouped, from four digits on;
/// - negative numbers take U+2212 MINUS SIGN; a value that rounds to zero prints without a sign
///   (`-0.0` → `0`, `-0.001` to two decimals → `0.00`);
/// - rounding is half away from zero, done on the shortest decimal string of the Double (so
///   2.675 → 2.68, 0.5 → 1, 2.5 → 3, −2.5 → −3), never on the binary value;
/// - NaN prints `NaN`, infinities `∞` and `−∞`.
public enum NumberFormat: Sendable {
    /// Values from this magnitude on print in scientific notation (`significant`, `automatic`).
    public static let scientificUpperBound = 1e7
    /// Values below this magnitude (and not zero) print in scientific notation.
    public static let scientificLowerBound = 1e-4

    /// Fixed decimals: fr `1 234,56`, en `1,234.56`. A negative `fractionDigits` counts as 0.
    public static func decimal(_ value: Double, fractionDigits: Int, _ language: ReportLanguage) -> String {
        guard let d = ExactDecimal(value) else { return NumberText.nonFinite(value) }
        let f = clampFraction(fractionDigits)
        return d.rounded(fractionDigits: f).render(fractionDigits: f, language)
    }

    /// An integer with thousands grouping: fr `−1 234 567`, en `−1,234,567`.
    public static func integer(_ value: Int, _ language: ReportLanguage) -> String {
        var magnitude = value.magnitude
        var digits: [UInt8] = []
        repeat {
            digits.append(UInt8(magnitude % 10))
            magnitude /= 10
        } while magnitude > 0
        let body = NumberText.grouped(digits.reversed(), language)
        return value < 0 ? Typography.minus + body : body
    }

    /// `digits` significant digits (at least 1), trailing zeros kept (`1.50`). Values whose
    /// rounded magnitude is below 1e-4 or at least 1e7 switch to scientific notation with a
    /// superscript exponent: fr `1,2 × 10⁻⁵`, en `1.2 × 10⁻⁵` (U+00A0 around ×). Zero prints `0`.
    public static func significant(_ value: Double, digits: Int, _ language: ReportLanguage) -> String {
        guard let d = ExactDecimal(value) else { return NumberText.nonFinite(value) }
        if d.isZero { return "0" }
        let n = clampSignificant(digits)
        let r = d.rounded(significantDigits: n)
        if needsScientific(r) { return scientific(r, significantDigits: n, language) }
        return r.render(fractionDigits: n - r.exponent, language)
    }

    /// `digits` significant digits, always in scientific notation: en `1.23 × 10⁴`, `1.00 × 10⁰`.
    public static func scientific(_ value: Double, digits: Int, _ language: ReportLanguage) -> String {
        guard let d = ExactDecimal(value) else { return NumberText.nonFinite(value) }
        if d.isZero { return "0" }
        let n = clampSignificant(digits)
        return scientific(d.rounded(significantDigits: n), significantDigits: n, language)
    }

    /// The value as stored, up to `maxSignificantDigits` significant digits (default 6), trailing
    /// zeros dropped: 0.710245 → `0.710245`, −20.019999999999996 → `−20.02`, 1234567.891 →
    /// `1,234,570`. Same scientific switch as `significant` (`1.234 × 10⁻⁵`). This is the default
    /// for a measured value printed without an uncertainty: it keeps the digits the laboratory
    /// reported and hides binary noise of computed values.
    public static func automatic(_ value: Double, maxSignificantDigits: Int = 6, _ language: ReportLanguage) -> String {
        automatic(value, maxSignificantDigits: maxSignificantDigits, allowScientific: true, language, plus: false)
    }

    /// A fraction as a percentage with fixed decimals: fr `12,5 %` (U+202F before %), en `12.5%`.
    /// The ×100 is an exact decimal shift (0.0115 → `1.2%` to one decimal).
    public static func percent(_ fraction: Double, fractionDigits: Int, _ language: ReportLanguage) -> String {
        let body: String
        if let d = ExactDecimal(fraction) {
            let f = clampFraction(fractionDigits)
            body = d.shifted(by: 2).rounded(fractionDigits: f).render(fractionDigits: f, language)
        } else {
            body = NumberText.nonFinite(fraction)
        }
        return body + Typography.spaceBeforePercent(language) + "%"
    }

    // MARK: - Internal

    /// Decimals are clamped to 0…350 (5e-324, the smallest Double, needs 324) and significant
    /// digits to 1…40 (17 always suffice), so that absurd arguments cannot trap or hang.
    static func clampFraction(_ n: Int) -> Int { min(max(0, n), 350) }
    static func clampSignificant(_ n: Int) -> Int { min(max(1, n), 40) }

    static func needsScientific(_ d: ExactDecimal) -> Bool {
        // |d| ≥ 1e7 ⇔ exponent ≥ 8; 0 < |d| < 1e-4 ⇔ exponent ≤ −4.
        !d.isZero && (d.exponent >= 8 || d.exponent <= -4)
    }

    /// `m × 10ⁿ` for an already rounded value, with `significantDigits` mantissa digits.
    static func scientific(_ r: ExactDecimal, significantDigits n: Int, _ language: ReportLanguage, plus: Bool = false) -> String {
        let power = r.leadingPower
        let mantissa = r.shifted(by: -power).render(fractionDigits: n - 1, language, plus: plus)
        return mantissa + Typography.timesWithSpaces + "10" + Typography.superscript(String(power))
    }

    static func automatic(_ value: Double, maxSignificantDigits: Int, allowScientific: Bool,
                          _ language: ReportLanguage, plus: Bool) -> String {
        guard let d = ExactDecimal(value) else { return NumberText.nonFinite(value) }
        if d.isZero { return "0" }
        let r = d.rounded(significantDigits: clampSignificant(maxSignificantDigits))
        if allowScientific && needsScientific(r) {
            return scientific(r, significantDigits: r.digits.count, language, plus: plus)
        }
        return r.render(fractionDigits: r.fractionDigitsNeeded, language, plus: plus)
    }
}
