import Testing
import IsoFindFormat

@Suite struct DayTests {
    @Test func everyMonthInBothLanguages() {
        let french = ["janvier", "février", "mars", "avril", "mai", "juin",
                      "juillet", "août", "septembre", "octobre", "novembre", "décembre"]
        let english = ["January", "February", "March", "April", "May", "June",
                       "July", "August", "September", "October", "November", "December"]
        for m in 1...12 {
            let mm = m < 10 ? "0\(m)" : "\(m)"
            #expect(DateFormat.day(iso: "2026-\(mm)-14", .fr) == "14 \(french[m - 1]) 2026")
            #expect(DateFormat.day(iso: "2026-\(mm)-14", .en) == "14 \(english[m - 1]) 2026")
            #expect(DateFormat.numeric(iso: "2026-\(mm)-14", .fr) == "14/\(mm)/2026")
            #expect(DateFormat.numeric(iso: "2026-\(mm)-14", .en) == "2026-\(mm)-14")
        }
        #expect(DateFormat.day(iso: "2026-04-14", .fr) == "14 avril 2026")
        #expect(DateFormat.day(iso: "2026-04-14", .en) == "14 April 2026")
        #expect(DateFormat.day(iso: "2026-08-15", .fr) == "15 août 2026")
        #expect(DateFormat.day(iso: "2026-12-31", .fr) == "31 décembre 2026")
    }

    @Test func firstOfTheMonthIsPremierInFrench() {
        #expect(DateFormat.day(iso: "2026-04-01", .fr) == "1er avril 2026")
        #expect(DateFormat.day(iso: "2026-04-01", .en) == "1 April 2026")
        #expect(DateFormat.day(iso: "2027-01-01", .fr) == "1er janvier 2027")
        #expect(DateFormat.day(iso: "2026-04-02", .fr) == "2 avril 2026")   // no leading zero, no "2e"
        #expect(DateFormat.day(iso: "2026-04-11", .fr) == "11 avril 2026")
        #expect(DateFormat.day(iso: "2026-04-21", .fr) == "21 avril 2026")
        #expect(DateFormat.numeric(iso: "2026-04-01", .fr) == "01/04/2026")
    }

    @Test func leapDays() {
        #expect(DateFormat.day(iso: "2024-02-29", .fr) == "29 février 2024")
        #expect(DateFormat.day(iso: "2000-02-29", .en) == "29 February 2000")   // divisible by 400
        #expect(DateFormat.day(iso: "2023-02-29", .en) == nil)
        #expect(DateFormat.day(iso: "1900-02-29", .en) == nil)                  // divisible by 100 only
        #expect(DateFormat.day(iso: "2100-02-29", .fr) == nil)
        #expect(DateFormat.day(iso: "2023-02-28", .en) == "28 February 2023")
    }

    @Test func invalidDaysAreNil() {
        for bad in ["", "2026", "2026-04", "2026-13-01", "2026-00-10", "2026-04-00", "2026-04-31",
                    "2026-06-31", "2026-4-14", "26-04-14", "2026/04/14", "14/04/2026", " 2026-04-14",
                    "2026-04-14 ", "2026-04-14T10:15:00Z", "2026-O4-14", "２０２６-04-14", "+026-04-14",
                    "2026-04-1a", "not a date"] {
            #expect(DateFormat.day(iso: bad, .fr) == nil, "\(bad)")
            #expect(DateFormat.numeric(iso: bad, .en) == nil, "\(bad)")
        }
    }

    @Test func dayValues() {
        #expect(DateFormat.parseDay("2026-04-14") == DateFormat.Day(year: 2026, month: 4, day: 14))
        #expect(DateFormat.Day(year: 2026, month: 2, day: 29) == nil)
        #expect(DateFormat.monthName(13, .en) == "?")
    }
}

@Suite struct InstantTests {
    @Test func longForms() {
        #expect(DateFormat.instant(iso: "2026-11-29T10:15:00Z", .fr) == "29 novembre 2026 à 10:15 UTC")
        #expect(DateFormat.instant(iso: "2026-11-29T10:15:00Z", .en) == "29 November 2026, 10:15 UTC")
        #expect(DateFormat.instant(iso: "2026-04-01T00:00:59Z", .fr) == "1er avril 2026 à 00:00 UTC")
        #expect(DateFormat.instant(iso: "2026-04-01T23:59:00Z", .en) == "1 April 2026, 23:59 UTC")
    }

    @Test func fractionsAndOffsets() {
        #expect(DateFormat.instant(iso: "2026-11-29T10:15:00.750Z", .en) == "29 November 2026, 10:15 UTC")
        #expect(DateFormat.instant(iso: "2026-11-29T11:15:00+01:00", .en) == "29 November 2026, 10:15 UTC")
        #expect(DateFormat.instant(iso: "2026-12-31T23:30:00-01:00", .fr) == "1er janvier 2027 à 00:30 UTC")
        #expect(DateFormat.instant(iso: "2024-03-01T00:30:00+01:00", .fr) == "29 février 2024 à 23:30 UTC")
    }

    @Test func invalidInstantsAreNil() {
        for bad in ["", "2026-11-29", "2026-11-29T10:15:00", "2026-11-29T10:15Z", "2026-11-29T24:00:00Z",
                    "2026-11-29T10:60:00Z", "2026-11-29T10:15:60Z", "2026-11-29 10:15:00Z",
                    "2026-11-31T10:15:00Z", "2026-11-29T10:15:00ZZ", "2026-11-29T10:15:00.Z",
                    "2026-11-29T10:15:00+0100", "2026-11-29T10:15:00+24:00", "2026-11-29t10:15:00z"] {
            #expect(DateFormat.instant(iso: bad, .en) == nil, "\(bad)")
        }
    }
}

@Suite struct EpochTests {
    @Test func knownInstants() {
        #expect(DateFormat.iso8601(epochSeconds: 0) == "1970-01-01T00:00:00Z")
        #expect(DateFormat.iso8601(epochSeconds: -1) == "1969-12-31T23:59:59Z")
        #expect(DateFormat.iso8601(epochSeconds: 86_399) == "1970-01-01T23:59:59Z")
        // 30 years of 365 days + 7 leap days (1972…1996) + January + 28 days of February = 11 016 days.
        #expect(DateFormat.iso8601(epochSeconds: 11_016 * 86_400) == "2000-02-29T00:00:00Z")
        #expect(DateFormat.iso8601(epochSeconds: 1_795_947_300) == "2026-11-29T10:15:00Z")
        #expect(DateFormat.iso8601(epochSeconds: 2_147_483_648) == "2038-01-19T03:14:08Z")
        #expect(DateFormat.iso8601(epochSeconds: -2_203_891_200) == "1900-03-01T00:00:00Z")
    }

    @Test func sourceDateEpochDay() {
        #expect(DateFormat.day(epochSeconds: 1_700_000_000, .fr) == "14 novembre 2023")   // 22:13:20 UTC
        #expect(DateFormat.day(epochSeconds: 1_700_000_000, .en) == "14 November 2023")
        #expect(DateFormat.day(epochSeconds: 1_795_947_300, .fr) == "29 novembre 2026")
        #expect(DateFormat.day(epochSeconds: 0, .fr) == "1er janvier 1970")
        #expect(DateFormat.day(epochSeconds: -1, .en) == "31 December 1969")
        #expect(DateFormat.instant(epochSeconds: 1_795_947_300, .fr) == "29 novembre 2026 à 10:15 UTC")
    }

    @Test func isoAndBackAgree() {
        #expect(DateFormat.epochSeconds(iso: "2026-11-29T10:15:00Z") == 1_795_947_300)
        #expect(DateFormat.epochSeconds(iso: "1970-01-01") == 0)
        #expect(DateFormat.epochSeconds(iso: "2026-13-01") == nil)
        // Every ~3.7 days plus some seconds from 1890 to 2110, and a few far ones.
        var e: Int64 = -2_524_521_600
        while e < 4_418_064_000 {
            let iso = DateFormat.iso8601(epochSeconds: e)
            #expect(DateFormat.epochSeconds(iso: iso) == e, "\(iso)")
            e += 321_987
        }
        for far: Int64 in [-62_135_596_800, 253_402_300_799] {   // 0001-01-01, 9999-12-31T23:59:59
            #expect(DateFormat.epochSeconds(iso: DateFormat.iso8601(epochSeconds: far)) == far)
        }
        #expect(DateFormat.iso8601(epochSeconds: -62_135_596_800) == "0001-01-01T00:00:00Z")
        #expect(DateFormat.iso8601(epochSeconds: 253_402_300_799) == "9999-12-31T23:59:59Z")
    }

    @Test func consecutiveDaysNeverSkipOrRepeat() {
        var previous = DateFormat.civil(epochSeconds: -86_400 * 365 * 130).day
        var t = -86_400 * 365 * 130 as Int64
        for _ in 0..<(365 * 260) {
            t += 86_400
            let day = DateFormat.civil(epochSeconds: t).day
            if day.month == previous.month && day.year == previous.year {
                #expect(day.day == previous.day + 1)
            } else {
                #expect(day.day == 1)
                #expect(previous.day == DateFormat.daysInMonthForTesting(previous))
            }
            previous = day
        }
    }

    @Test func extremeEpochsDoNotTrap() {
        _ = DateFormat.iso8601(epochSeconds: .max)
        _ = DateFormat.iso8601(epochSeconds: .min)
        _ = DateFormat.day(epochSeconds: .max, .fr)
    }
}

extension DateFormat {
    /// The last day of the month of `day`, from first principles.
    static func daysInMonthForTesting(_ day: Day) -> Int {
        let leap = day.year % 4 == 0 && (day.year % 100 != 0 || day.year % 400 == 0)
        return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][day.month - 1]
    }
}
