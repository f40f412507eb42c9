// Nice axis scales (1-2-5 steps) and the mapping from data values to page coordinates.
import IsoFindFormat
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
/// A "nice" axis scale after Heckbert (Graphics Gems, 1990): ticks at whole multiples of a step
/// of 1, 2 or 5 × 10ⁿ, the axis running from the last tick at or below the data to the first
/// tick at or above it ("loose" labelling).
///
/// The step is the smallest 1-2-5 step that gives at most `maxTicks` ticks; with the default of
/// 8 that means 4 to 8 ticks (two consecutive steps differ by at most 2.5×). Tick values are
/// computed as integer multiples divided by a power of ten, so they are the Doubles of their
/// decimal literals (`0.711`, not `0.7110000000000001`).
///
/// Degenerate inputs never fail: min > max are swapped; NaN and infinities are ignored (no finite
/// value at all gives 0…1); a single value or all-equal values get a range around the value one
/// order of magnitude below it (0.712 → 0.700…0.725; 0 → −1…1, or 0…1 with `includeZero`).
public struct NiceScale: Equatable, Sendable {
    /// First tick (the axis start).
    public let lower: Double
    /// Last tick (the axis end).
    public let upper: Double
    /// Distance between ticks.
    public let step: Double
    /// Tick values, `lower` … `upper`.
    public let ticks: [Double]
    /// Decimals a tick label needs for this step (0.005 → 3, 20 → 0).
    public let fractionDigits: Int
    /// Power of ten of the step (0.005 → −3, 20 → 1).
    let stepExponent: Int

    /// The ticks for the data range `min`…`max`. `maxTicks` is clamped to 2…20; `includeZero`
    /// extends the range to 0 (bar charts). `tight` keeps the axis at the data range itself
    /// (`lower` = min, `upper` = max) with the nice ticks that fall inside it.
    public init(min: Double, max: Double, maxTicks: Int = 8, includeZero: Bool = false, tight: Bool = false) {
        var lo = min, hi = max
        switch (lo.isFinite, hi.isFinite) {
        case (true, true): break
        case (true, false): hi = lo
        case (false, true): lo = hi
        case (false, false): lo = 0; hi = includeZero ? 0 : 1
        }
        if lo > hi { swap(&lo, &hi) }
        if includeZero {
            lo = Swift.min(lo, 0)
            hi = Swift.max(hi, 0)
        }
        if hi - lo <= Swift.max(abs(lo), abs(hi)) * 1e-12 {
            let v = (lo + hi) / 2
            if v == 0 {
                lo = includeZero ? 0 : -1
                hi = 1
            } else {
                let d = Self.power10(Int((log10(abs(v))).rounded(.down)) - 1)
                lo = v - d
                hi = v + d
            }
        }
        let limit = Swift.min(Swift.max(maxTicks, 2), 20)
        let range = hi - lo
        var exponent = Int(log10(range / Double(limit)).rounded(.down)) - 1
        var chosen: (mantissa: Int, exponent: Int, first: Double, last: Double)?
        search: while chosen == nil {
            for mantissa in [1, 2, 5] {
                let step = Double(mantissa) * Self.power10(exponent)
                let first = tight ? (lo / step - 1e-7).rounded(.up) : (lo / step + 1e-7).rounded(.down)
                let last = tight ? (hi / step + 1e-7).rounded(.down) : (hi / step - 1e-7).rounded(.up)
                if last - first + 1 <= Double(limit) {
                    chosen = (mantissa, exponent, first, last)
                    break search
                }
            }
            exponent += 1
        }
        let c = chosen!
        var ticks: [Double] = []
        var i = c.first
        while i <= c.last {
            ticks.append(Self.value(multiple: i * Double(c.mantissa), exponent: c.exponent))
            i += 1
        }
        self.ticks = ticks
        self.lower = tight ? Swift.min(lo, ticks.first ?? lo) : ticks.first!
        self.upper = tight ? Swift.max(hi, ticks.last ?? hi) : ticks.last!
        self.step = Self.value(multiple: Double(c.mantissa), exponent: c.exponent)
        self.stepExponent = c.exponent
        self.fractionDigits = Swift.max(0, -c.exponent)
    }

    /// The loose scale, unless it would leave more than `slack` × the data range empty beyond the
    /// data on either side; then a tight one over the data plus a 3 % margin (never crossing
    /// zero), so that curves do not run into the frame. Line plots use it so that a curve over
    /// pe −6…14 gets −6.6…14.6 rather than −10…15, while f 0.05…1 still gets 0…1.
    public static func fitted(min: Double, max: Double, maxTicks: Int = 8, slack: Double = 0.15) -> NiceScale {
        let loose = NiceScale(min: min, max: max, maxTicks: maxTicks)
        let lo = Swift.min(min, max), hi = Swift.max(min, max)
        guard lo.isFinite, hi.isFinite, hi > lo else { return loose }
        let room = slack * (hi - lo)
        if lo - loose.lower > room || loose.upper - hi > room {
            let margin = 0.03 * (hi - lo)
            let a = lo >= 0 ? Swift.max(0, lo - margin) : lo - margin
            let b = hi <= 0 ? Swift.min(0, hi + margin) : hi + margin
            return NiceScale(min: a, max: b, maxTicks: maxTicks, tight: true)
        }
        return loose
    }

    /// The label of `value` (normally a tick) in `language`: fixed decimals the step needs via
    /// `NumberFormat.decimal` (fr `0,712`, `−1 000`; en `0.712`, `−1,000`); scientific notation
    /// (`2.5 × 10⁻⁶`) when the step needs more than 5 decimals or the values reach 10⁶.
    public func label(_ value: Double, _ language: ReportLanguage) -> String {
        let magnitude = Swift.max(abs(lower), abs(upper))
        if fractionDigits > 5 || magnitude >= 1e6 {
            if value == 0 { return "0" }
            let digits = Int(log10(abs(value)).rounded(.down)) - stepExponent + 1
            return NumberFormat.scientific(value, digits: Swift.max(1, digits), language)
        }
        return NumberFormat.decimal(value, fractionDigits: fractionDigits, language)
    }

    /// Every tick's label.
    public func labels(_ language: ReportLanguage) -> [String] { ticks.map { label($0, language) } }

    /// `m × 10ᵉ` as the Double nearest to the decimal (exact division by a power of ten).
    static func value(multiple m: Double, exponent e: Int) -> Double {
        if m == 0 { return 0 }
        if e >= 0 { return m * power10(e) }
        if -e <= 22 { return m / power10(-e) }
        return m * power10(e)
    }

    static func power10(_ n: Int) -> Double {
        if n >= 0, n <= 22 {
            var r = 1.0
            for _ in 0..<n { r *= 10 }
            return r
        }
        if n < 0, n >= -22 { return 1 / power10(-n) }
        return pow(10, Double(n))
    }
}

/// An axis placed on the page: a scale and the page coordinates of its two ends. For a vertical
/// axis `start` is normally the bottom (larger y); an inverted axis (depth) puts it at the top.
public struct Axis: Equatable, Sendable {
    public let scale: NiceScale
    /// Page coordinate of `scale.lower`.
    public let start: Double
    /// Page coordinate of `scale.upper`.
    public let end: Double

    public init(scale: NiceScale, start: Double, end: Double) {
        self.scale = scale
        self.start = start
        self.end = end
    }

    /// Page coordinate of `value` (linear; values outside the scale fall outside start…end).
    public func position(_ value: Double) -> Double {
        let span = scale.upper - scale.lower
        guard span > 0 else { return (start + end) / 2 }
        return start + (value - scale.lower) / span * (end - start)
    }
}
