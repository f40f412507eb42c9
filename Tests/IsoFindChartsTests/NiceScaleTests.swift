// Nice tick values: exact expectations for typical, degenerate, negative and tiny ranges.
import IsoFindCharts
import IsoFindFormat
import Testing

@Suite("NiceScale")
struct NiceScaleTests {
    @Test func zeroToHundred() {
        let s = NiceScale(min: 0, max: 100)
        #expect(s.ticks == [0, 20, 40, 60, 80, 100])
        #expect(s.step == 20)
        #expect(s.fractionDigits == 0)
    }

    @Test func tinyStrontiumRange() {
        let s = NiceScale(min: 0.7100, max: 0.7160)
        #expect(s.ticks == [0.710, 0.711, 0.712, 0.713, 0.714, 0.715, 0.716])
        #expect(s.step == 0.001)
        #expect(s.fractionDigits == 3)
        #expect(s.labels(.en) == ["0.710", "0.711", "0.712", "0.713", "0.714", "0.715", "0.716"])
        #expect(s.labels(.fr) == ["0,710", "0,711", "0,712", "0,713", "0,714", "0,715", "0,716"])
    }

    @Test func negativeDeltaRange() {
        let s = NiceScale(min: -27.8, max: -21.3)
        #expect(s.ticks == [-28, -27, -26, -25, -24, -23, -22, -21])
        #expect(s.label(-28, .fr) == "\(MINUS)28")
        #expect(s.label(-21, .en) == "\(MINUS)21")
    }

    @Test func smallNegativeRange() {
        let s = NiceScale(min: -0.034, max: -0.012)
        #expect(s.ticks == [-0.035, -0.030, -0.025, -0.020, -0.015, -0.010])
        #expect(s.label(-0.035, .fr) == "\(MINUS)0,035")
        #expect(s.label(-0.010, .en) == "\(MINUS)0.010")
    }

    @Test func rangeAcrossZero() {
        let s = NiceScale(min: -150, max: 180)
        #expect(s.ticks == [-150, -100, -50, 0, 50, 100, 150, 200])
        #expect(s.label(0, .en) == "0")
    }

    @Test func singleValue() {
        let s = NiceScale(min: 0.712, max: 0.712)
        #expect(s.ticks == [0.700, 0.705, 0.710, 0.715, 0.720, 0.725])
        #expect(s.lower <= 0.712 && 0.712 <= s.upper)
    }

    @Test func allZero() {
        #expect(NiceScale(min: 0, max: 0).ticks == [-1, -0.5, 0, 0.5, 1])
        #expect(NiceScale(min: 0, max: 0, includeZero: true).ticks == [0, 0.2, 0.4, 0.6, 0.8, 1])
    }

    @Test func barAxisFromZero() {
        #expect(NiceScale(min: 0.45, max: 0.93, includeZero: true).ticks == [0, 0.2, 0.4, 0.6, 0.8, 1])
        #expect(NiceScale(min: -3, max: -1, includeZero: true).ticks == [-3, -2.5, -2, -1.5, -1, -0.5, 0])
    }

    @Test func thousandsAreGroupedInLabels() {
        let s = NiceScale(min: 3, max: 98_765)
        #expect(s.ticks == [0, 20_000, 40_000, 60_000, 80_000, 100_000])
        #expect(s.label(100_000, .fr) == "100\(NNBSP)000")
        #expect(s.label(100_000, .en) == "100,000")
    }

    @Test func verySmallValuesUseScientificLabels() {
        let s = NiceScale(min: 0, max: 0.000012)
        #expect(s.ticks.count == 7)
        #expect(s.step == 0.000002)
        #expect(s.label(0, .en) == "0")
        #expect(s.label(0.000004, .en) == "4\(NBSP)×\(NBSP)10⁻⁶")
        #expect(s.label(0.00001, .fr) == "1,0\(NBSP)×\(NBSP)10⁻⁵")
    }

    @Test func degenerateInputs() {
        #expect(NiceScale(min: 10, max: 0).ticks == [0, 2, 4, 6, 8, 10])
        #expect(NiceScale(min: .nan, max: 5).ticks == [4.9, 4.95, 5.0, 5.05, 5.1])
        #expect(NiceScale(min: -.infinity, max: .nan).ticks == [0, 0.2, 0.4, 0.6, 0.8, 1])
    }

    @Test func fewerTicksWhenAsked() {
        #expect(NiceScale(min: 0, max: 100, maxTicks: 5).ticks == [0, 50, 100])
        #expect(NiceScale(min: 0, max: 100, maxTicks: 11).ticks == [0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100])
    }

    @Test func tightAndFittedScales() {
        let tight = NiceScale(min: -6, max: 14, tight: true)
        #expect(tight.ticks == [-5, 0, 5, 10])
        #expect(tight.lower == -6 && tight.upper == 14)
        // A Rayleigh f axis stays loose; a pe axis that loose ticks would stretch to −10…15 goes tight.
        #expect(NiceScale.fitted(min: 0.05, max: 1).ticks == [0, 0.2, 0.4, 0.6, 0.8, 1])
        let pe = NiceScale.fitted(min: -6, max: 14)
        #expect(pe.ticks == [-5, 0, 5, 10])
        #expect(abs(pe.lower - -6.6) < 1e-9 && abs(pe.upper - 14.6) < 1e-9)
    }

    /// Over many ranges: 4 to 8 ticks, a 1-2-5 step, the data inside the axis.
    @Test func propertiesOverManyRanges() {
        var seed: UInt64 = 0x1234_5678
        func next() -> Double {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(seed >> 11) / Double(1 << 53)
        }
        for _ in 0..<2000 {
            let magnitude = pow(10, next() * 12 - 6)
            let a = (next() * 2 - 1) * magnitude * 10
            let b = a + next() * magnitude
            guard b > a else { continue }
            let s = NiceScale(min: a, max: b)
            #expect((4...8).contains(s.ticks.count), "\(a)…\(b): \(s.ticks)")
            #expect(s.lower <= a && s.upper >= b, "\(a)…\(b): \(s.ticks)")
            let mantissa = s.step / pow(10, (log10(s.step)).rounded(.down))
            #expect([1.0, 2.0, 5.0].contains { abs($0 - mantissa) < 1e-6 }, "\(s.step)")
        }
    }

    @Test func axisMapsValuesLinearly() {
        let axis = Axis(scale: NiceScale(min: 0, max: 100), start: 300, end: 100)
        #expect(axis.position(0) == 300)
        #expect(axis.position(100) == 100)
        #expect(axis.position(50) == 200)
    }
}

#if canImport(Glibc)
import Glibc
#endif
