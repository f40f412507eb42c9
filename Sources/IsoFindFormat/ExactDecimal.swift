// The decimal value a Double prints as, and decimal rounding on it.
//
// A binary Double cannot hold 2.675; it holds 2.67499999999999982236431605997495353221893310546875.
// Rounding that exact binary value to two decimals gives 2.67, which is not what a reader of
// "2.675" expects. The formatters therefore start from the shortest decimal string that reads
// back as the same Double (Swift's `description`, locale-independent and exact) and round that
// decimal string, half away from zero. 2.675 → 2.68, 1.005 → 1.01, 0.125 → 0.13.

/// A finite decimal number `±0.d₁d₂d₃… × 10^exponent` with no leading or trailing zero digit.
/// Zero has no digits.
struct ExactDecimal: Sendable, Equatable {
    /// The sign; never set for zero.
    var negative: Bool
    /// Decimal digits 0…9, the first non-zero, the last non-zero; empty for zero.
    var digits: [UInt8]
    /// The place of the first digit is 10^(exponent − 1).
    var exponent: Int

    static let zero = ExactDecimal(negative: false, digits: [], exponent: 0)

    var isZero: Bool { digits.isEmpty }

    /// The shortest decimal that reads back as `value`; nil for NaN and infinities.
    init?(_ value: Double) {
        guard value.isFinite else { return nil }
        if value == 0 { self = .zero; return }
        self.init(parsing: value.description)
    }

    init(negative: Bool, digits: [UInt8], exponent: Int) {
        self.negative = negative
        self.digits = digits
        self.exponent = exponent
        normalize()
    }

    /// Parses `[-]digits[.digits][e[+|-]digits]`, the form `Double.description` uses.
    private init?(parsing text: String) {
        var negative = false
        var digits: [UInt8] = []
        var pointIndex: Int? = nil     // number of mantissa digits before the point
        var exp = 0
        var expNegative = false
        var inExponent = false
        var sawExponentDigit = false
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "-"):
                if inExponent { expNegative = true } else if digits.isEmpty && pointIndex == nil { negative = true } else { return nil }
            case UInt8(ascii: "+"):
                guard inExponent else { return nil }
            case UInt8(ascii: "."):
                guard !inExponent, pointIndex == nil else { return nil }
                pointIndex = digits.count
            case UInt8(ascii: "e"), UInt8(ascii: "E"):
                guard !inExponent else { return nil }
                inExponent = true
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                if inExponent {
                    exp = exp * 10 + Int(byte - UInt8(ascii: "0"))
                    sawExponentDigit = true
                    if exp > 100_000 { return nil }
                } else {
                    digits.append(byte - UInt8(ascii: "0"))
                }
            default:
                return nil
            }
        }
        if inExponent && !sawExponentDigit { return nil }
        if expNegative { exp = -exp }
        // value = 0.digits × 10^(pointIndex) × 10^exp
        self.init(negative: negative, digits: digits, exponent: (pointIndex ?? digits.count) + exp)
    }

    /// Drops leading zeros (moving the exponent) and trailing zeros; clears the sign of zero.
    private mutating func normalize() {
        var lead = 0
        while lead < digits.count && digits[lead] == 0 { lead += 1 }
        if lead > 0 {
            digits.removeFirst(lead)
            exponent -= lead
        }
        while let last = digits.last, last == 0 { digits.removeLast() }
        if digits.isEmpty {
            negative = false
            exponent = 0
        }
    }

    /// Place value (as a power of ten) of the first digit; meaningless for zero.
    var leadingPower: Int { exponent - 1 }

    /// Rounded half away from zero to `fractionDigits` decimals. A negative count rounds to
    /// tens, hundreds…: −2 keeps places down to 10².
    func rounded(fractionDigits: Int) -> ExactDecimal {
        let keep = exponent + fractionDigits       // digits kept, counted from the first
        if keep >= digits.count { return self }
        if keep < 0 { return .zero }
        var kept = Array(digits[0..<keep])
        var newExponent = exponent
        if digits[keep] >= 5 {
            var i = kept.count - 1
            var carry = true
            while carry && i >= 0 {
                if kept[i] == 9 { kept[i] = 0; i -= 1 } else { kept[i] += 1; carry = false }
            }
            if carry {
                kept.insert(1, at: 0)
                newExponent += 1
            }
        }
        return ExactDecimal(negative: negative, digits: kept, exponent: newExponent)
    }

    /// Rounded half away from zero to `count` (≥ 1) significant digits.
    func rounded(significantDigits count: Int) -> ExactDecimal {
        if isZero { return self }
        return rounded(fractionDigits: max(1, count) - exponent)
    }

    /// Multiplied by 10^power (exact).
    func shifted(by power: Int) -> ExactDecimal {
        isZero ? self : ExactDecimal(negative: negative, digits: digits, exponent: exponent + power)
    }

    var magnitude: ExactDecimal { ExactDecimal(negative: false, digits: digits, exponent: exponent) }

    /// The digit at place 10^power (0 outside the stored digits).
    func digit(atPower power: Int) -> UInt8 {
        let index = exponent - 1 - power
        return index >= 0 && index < digits.count ? digits[index] : 0
    }

    /// Compares magnitudes.
    static func magnitudeLess(_ a: ExactDecimal, _ b: ExactDecimal) -> Bool {
        if a.isZero { return !b.isZero }
        if b.isZero { return false }
        if a.exponent != b.exponent { return a.exponent < b.exponent }
        for i in 0..<max(a.digits.count, b.digits.count) {
            let x = i < a.digits.count ? a.digits[i] : 0
            let y = i < b.digits.count ? b.digits[i] : 0
            if x != y { return x < y }
        }
        return false
    }

    /// The digits of the magnitude with exactly `fractionDigits` (≥ 0) decimals, grouped,
    /// without sign. The value must already be rounded to at most that many decimals.
    func renderMagnitude(fractionDigits: Int, _ language: ReportLanguage) -> String {
        let fraction = max(0, fractionDigits)
        var integerDigits: [UInt8] = []
        if exponent > 0 {
            integerDigits.reserveCapacity(exponent)
            for p in stride(from: exponent - 1, through: 0, by: -1) { integerDigits.append(digit(atPower: p)) }
        } else {
            integerDigits = [0]
        }
        var out = NumberText.grouped(integerDigits, language)
        if fraction > 0 {
            out += Typography.decimalSeparator(language)
            var scalars = String.UnicodeScalarView()
            for p in 1...fraction {
                scalars.append(Unicode.Scalar(UInt8(ascii: "0") + digit(atPower: -p)))
            }
            out.unicodeScalars.append(contentsOf: scalars)
        }
        return out
    }

    /// Sign (U+2212, or `+` when `plus` and positive) and grouped digits with `fractionDigits` decimals.
    func render(fractionDigits: Int, _ language: ReportLanguage, plus: Bool = false) -> String {
        let body = renderMagnitude(fractionDigits: fractionDigits, language)
        if negative { return Typography.minus + body }
        if plus && !isZero { return "+" + body }
        return body
    }

    /// The number of decimals needed to show every digit (0 for integers).
    var fractionDigitsNeeded: Int { max(0, digits.count - exponent) }
}

enum NumberText {
    /// Digits with the thousands separator of `language` every three digits from the right.
    static func grouped(_ digits: [UInt8], _ language: ReportLanguage) -> String {
        let separator = Typography.thousandsSeparator(language).unicodeScalars
        var out = String.UnicodeScalarView()
        let n = digits.count
        for (i, d) in digits.enumerated() {
            if i > 0 && (n - i) % 3 == 0 { out.append(contentsOf: separator) }
            out.append(Unicode.Scalar(UInt8(ascii: "0") + d))
        }
        return String(out)
    }

    /// The text printed for NaN and infinities.
    static func nonFinite(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        return value < 0 ? Typography.minus + "∞" : "∞"
    }
}
