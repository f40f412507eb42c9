import Foundation

/// SplitMix64 (Steele, Lea & Flood 2014): a tiny, fast, fully deterministic generator.
///
/// The demo data must be identical for the same seed on every run and every machine, so nothing
/// here touches `SystemRandomNumberGenerator`, `Hasher` (randomly seeded per process) or the
/// standard library's `random(in:using:)` (whose algorithm is not guaranteed across releases).
public struct SplitMix64: Sendable {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    /// A generator for one named purpose (a sample, a table), independent of the order in which
    /// other streams are consumed: adding a row elsewhere does not shift this stream's values.
    public init(seed: UInt64, stream: String) {
        state = seed ^ fnv1a64(stream)
        _ = next()
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    public mutating func uniform() -> Double { Double(next() >> 11) * 0x1.0p-53 }

    /// Uniform in [a, b).
    mutating func uniform(_ a: Double, _ b: Double) -> Double { a + (b - a) * uniform() }

    /// Standard normal deviate (Box–Muller).
    mutating func gaussian() -> Double {
        let u1 = max(uniform(), 0x1.0p-60)
        let u2 = uniform()
        return (-2 * Foundation.log(u1)).squareRoot() * Foundation.cos(2 * Double.pi * u2)
    }

    /// A normal deviate clipped to ±limit standard deviations, so a demo value never looks absurd.
    mutating func gaussian(clip limit: Double) -> Double {
        min(max(gaussian(), -limit), limit)
    }

    public mutating func int(_ range: ClosedRange<Int>) -> Int {
        let span = UInt64(range.upperBound - range.lowerBound + 1)
        return range.lowerBound + Int(next() % span)
    }
}

/// FNV-1a, 64 bits: a stable string hash (unlike `Hasher`, identical in every process).
func fnv1a64(_ text: String) -> UInt64 {
    var hash: UInt64 = 0xCBF2_9CE4_8422_2325
    for byte in text.utf8 {
        hash ^= UInt64(byte)
        hash &*= 0x0000_0100_0000_01B3
    }
    return hash
}

// MARK: - Rounding

/// Rounds to a number of decimals; the result prints as the short decimal (0.713243, not 0.71324300000001).
func rounded(_ x: Double, decimals: Int) -> Double {
    let scale = Foundation.pow(10.0, Double(decimals))
    return (x * scale).rounded() / scale
}

/// Rounds to a number of significant digits.
func significant(_ x: Double, _ digits: Int) -> Double {
    guard x != 0, x.isFinite else { return x }
    let magnitude = Int(Foundation.floor(Foundation.log10(abs(x))))
    let decimals = digits - 1 - magnitude
    if decimals >= 0 { return rounded(x, decimals: decimals) }
    let scale = Foundation.pow(10.0, Double(-decimals))
    return (x / scale).rounded() * scale
}

// MARK: - Calendar dates without Foundation's calendars (no time zone can change a date)

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
func daysFromCivil(_ y: Int, _ m: Int, _ d: Int) -> Int {
    let y = m <= 2 ? y - 1 : y
    let era = (y >= 0 ? y : y - 399) / 400
    let yoe = y - era * 400
    let mp = (m + 9) % 12
    let doy = (153 * mp + 2) / 5 + d - 1
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
    return era * 146_097 + doe - 719_468
}

func civilFromDays(_ z: Int) -> (year: Int, month: Int, day: Int) {
    let z = z + 719_468
    let era = (z >= 0 ? z : z - 146_096) / 146_097
    let doe = z - era * 146_097
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let d = doy - (153 * mp + 2) / 5 + 1
    let m = mp < 10 ? mp + 3 : mp - 9
    return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
}

/// "2026-04-14" + 5 days → "2026-04-19".
func addingDays(_ isoDate: String, _ days: Int) -> String {
    let parts = isoDate.split(separator: "-").compactMap { Int($0) }
    precondition(parts.count == 3, "bad ISO date \(isoDate)")
    let c = civilFromDays(daysFromCivil(parts[0], parts[1], parts[2]) + days)
    return String(format: "%04d-%02d-%02d", c.year, c.month, c.day)
}
