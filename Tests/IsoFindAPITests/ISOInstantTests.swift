import Foundation
import Testing
@testable import IsoFindAPI

/// `created_after` / `created_before` of GET /list: ISO 8601 instants as a query parameter gives them.
@Suite struct ISOInstantTests {
    /// Seconds since 1970 of a UTC date and time.
    func utc(_ year: Int, _ month: Int, _ day: Int, _ hour: Int = 0, _ minute: Int = 0, _ second: Double = 0) -> Double {
        Double(ISOInstant.daysFromCivil(year: year, month: month, day: day) * 86_400 + hour * 3600 + minute * 60) + second
    }

    @Test func readsDatesAndDateTimesWithOrWithoutAnOffset() throws {
        let cases: [(String, Double)] = [
            ("1970-01-01", 0),
            ("2026-03-01", 1_772_323_200),
            ("2026-03-01T08:30:00Z", 1_772_353_800),
            ("2026-03-01t08:30:00z", 1_772_353_800),
            ("2026-03-01 08:30:00Z", 1_772_353_800),
            ("2026-03-01T08:30", 1_772_353_800),
            ("2026-03-01T08:30:00", 1_772_353_800),
            ("2026-03-01T09:30:00+01:00", 1_772_353_800),
            ("2026-03-01T09:30:00+0100", 1_772_353_800),
            ("2026-03-01T09:30:00+01", 1_772_353_800),
            ("2026-03-01T03:00:00-05:30", 1_772_353_800),
            ("2026-03-01T08:30:00.25Z", 1_772_353_800.25),
            ("2026-03-01T08:30:00,5Z", 1_772_353_800.5),
            ("2026-03-01T08:29:60Z", 1_772_353_800),
            ("2024-02-29", utc(2024, 2, 29)),
            ("2000-02-29T23:59:59Z", utc(2000, 2, 29, 23, 59, 59)),
            ("0001-01-01", utc(1, 1, 1)),
        ]
        for (text, seconds) in cases {
            let date = try #require(ISOInstant.parse(text), "\(text)")
            #expect(abs(date.timeIntervalSince1970 - seconds) < 1e-6, "\(text): \(date.timeIntervalSince1970)")
        }
        #expect(utc(2026, 3, 1) == 1_772_323_200)
    }

    @Test func refusesWhatIsNotAnInstant() {
        for text in ["", "yesterday", "2026", "2026-03", "2026-3-01", "2026-03-1", "2026-13-01", "2026-00-10", "2026-02-29",
                     "1900-02-29", "2026-04-31", "2026-03-01T", "2026-03-01T24:00", "2026-03-01T08:60", "2026-03-01T08:30:61",
                     "2026-03-01T08:30:00.", "2026-03-01T08:30:00+25:00", "2026-03-01T08:30:00+01:60", "2026-03-01T08:30:00Zx",
                     "2026-03-01T08:30:00 Z", "+2026-03-01", "２０２６-03-01", "2026-03-01T08:30:00+1"] {
            #expect(ISOInstant.parse(text) == nil, "\(text)")
        }
    }
}
