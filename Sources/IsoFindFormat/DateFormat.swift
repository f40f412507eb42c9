// Days and instants as a French or English report prints them.

/// Dates. Input is the ISO 8601 text of the IsoFind databases: `YYYY-MM-DD` for days,
/// `YYYY-MM-DDTHH:MM:SSZ` for instants (UTC). Parsing is strict: ASCII digits, real calendar
/// days (proleptic Gregorian, leap years included), hours 00–23, minutes and seconds 00–59;
/// anything else gives nil so that the caller can print the raw text or "not provided".
///
/// Printed forms: fr `14 avril 2026`, `1er avril 2026`, `29 novembre 2026 à 10:15 UTC`;
/// en `14 April 2026`, `1 April 2026`, `29 November 2026, 10:15 UTC` (ordinary spaces, seconds
/// not shown). Tables: fr `14/04/2026`, en `2026-04-14`.
public enum DateFormat: Sendable {
    /// A calendar day.
    public struct Day: Sendable, Hashable, Comparable {
        public let year: Int
        public let month: Int
        public let day: Int

        /// nil unless the day exists (month 1–12, day within the month, leap years included)
        /// and |year| ≤ 1 000 000 000 (so that its Unix time fits in Int64).
        public init?(year: Int, month: Int, day: Int) {
            guard (-1_000_000_000...1_000_000_000).contains(year), (1...12).contains(month), day >= 1, day <= DateFormat.daysInMonth(year: year, month: month) else { return nil }
            self.year = year
            self.month = month
            self.day = day
        }

        fileprivate init(unchecked year: Int, _ month: Int, _ day: Int) {
            self.year = year
            self.month = month
            self.day = day
        }

        public static func < (a: Day, b: Day) -> Bool {
            (a.year, a.month, a.day) < (b.year, b.month, b.day)
        }
    }

    // MARK: - Days

    /// `2026-04-14` → fr `14 avril 2026`, en `14 April 2026`; fr `1er` for the first day.
    public static func day(iso: String, _ language: ReportLanguage) -> String? {
        parseDay(iso).map { long($0, language) }
    }

    /// The UTC day of a Unix time (for `SOURCE_DATE_EPOCH`): fr `29 novembre 2026`.
    public static func day(epochSeconds: Int64, _ language: ReportLanguage) -> String {
        long(civil(epochSeconds: epochSeconds).day, language)
    }

    /// Tables: fr `14/04/2026`, en `2026-04-14`.
    public static func numeric(iso: String, _ language: ReportLanguage) -> String? {
        parseDay(iso).map { numeric($0, language) }
    }

    /// A day in long form: fr `1er avril 2026`, en `1 April 2026`.
    public static func long(_ day: Day, _ language: ReportLanguage) -> String {
        let number = language == .fr && day.day == 1 ? "1er" : String(day.day)
        return number + " " + monthName(day.month, language) + " " + yearText(day.year)
    }

    /// A day in table form: fr `14/04/2026`, en `2026-04-14`.
    public static func numeric(_ day: Day, _ language: ReportLanguage) -> String {
        switch language {
        case .fr: pad2(day.day) + "/" + pad2(day.month) + "/" + yearText(day.year)
        case .en: isoDay(day)
        }
    }

    /// The name of month 1–12 (French in lower case, as written in running text); `?` otherwise.
    public static func monthName(_ month: Int, _ language: ReportLanguage) -> String {
        guard (1...12).contains(month) else { return "?" }
        switch language {
        case .fr: return frenchMonths[month - 1]
        case .en: return englishMonths[month - 1]
        }
    }

    // MARK: - Instants

    /// `2026-11-29T10:15:00Z` → fr `29 novembre 2026 à 10:15 UTC`, en `29 November 2026, 10:15 UTC`.
    /// Also accepts fractional seconds (`:00.250Z`, truncated) and a numeric offset
    /// (`+01:00`, converted to UTC); a missing zone gives nil.
    public static func instant(iso: String, _ language: ReportLanguage) -> String? {
        guard iso.utf8.count > 10 else { return nil }   // a day alone is not an instant
        return epochSeconds(iso: iso).map { instant(epochSeconds: $0, language) }
    }

    /// The UTC instant of a Unix time in long form, as `instant(iso:_:)` prints it.
    public static func instant(epochSeconds: Int64, _ language: ReportLanguage) -> String {
        let (day, seconds) = civil(epochSeconds: epochSeconds)
        let time = pad2(seconds / 3600) + ":" + pad2(seconds / 60 % 60) + " UTC"
        switch language {
        case .fr: return long(day, language) + " à " + time
        case .en: return long(day, language) + ", " + time
        }
    }

    /// `2026-11-29T10:15:00Z` for a Unix time (UTC, seconds).
    public static func iso8601(epochSeconds: Int64) -> String {
        let (day, s) = civil(epochSeconds: epochSeconds)
        return isoDay(day) + "T" + pad2(s / 3600) + ":" + pad2(s / 60 % 60) + ":" + pad2(s % 60) + "Z"
    }

    /// The Unix time of an ISO 8601 instant (`YYYY-MM-DDTHH:MM:SS[.fff](Z|±HH:MM)`) or day
    /// (`YYYY-MM-DD`, midnight UTC); nil when unparseable.
    public static func epochSeconds(iso: String) -> Int64? {
        let b = Array(iso.utf8)
        if b.count == 10 {
            guard let d = parseDay(b) else { return nil }
            return epochSeconds(d)
        }
        guard b.count >= 20, let d = parseDay(Array(b[0..<10])), b[10] == UInt8(ascii: "T"),
              let hh = number(b, 11, 2), b[13] == UInt8(ascii: ":"),
              let mm = number(b, 14, 2), b[16] == UInt8(ascii: ":"),
              let ss = number(b, 17, 2),
              hh < 24, mm < 60, ss < 60 else { return nil }
        var i = 19
        if b[i] == UInt8(ascii: ".") {
            i += 1
            let start = i
            while i < b.count, isDigit(b[i]) { i += 1 }
            guard i > start else { return nil }
        }
        guard i < b.count else { return nil }
        var offset = 0
        switch b[i] {
        case UInt8(ascii: "Z"):
            guard i + 1 == b.count else { return nil }
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            guard i + 6 == b.count, let oh = number(b, i + 1, 2), b[i + 3] == UInt8(ascii: ":"),
                  let om = number(b, i + 4, 2), oh < 24, om < 60 else { return nil }
            offset = (oh * 3600 + om * 60) * (b[i] == UInt8(ascii: "-") ? -1 : 1)
        default:
            return nil
        }
        return epochSeconds(d) + Int64(hh * 3600 + mm * 60 + ss - offset)
    }

    /// The day of `YYYY-MM-DD` (strict), nil otherwise.
    public static func parseDay(_ iso: String) -> Day? {
        parseDay(Array(iso.utf8))
    }

    /// Midnight UTC of a day as a Unix time.
    public static func epochSeconds(_ day: Day) -> Int64 {
        daysFromCivil(day) * 86_400
    }

    /// The UTC day of a Unix time and the seconds since its midnight.
    public static func civil(epochSeconds: Int64) -> (day: Day, secondsOfDay: Int) {
        let (days, rest) = floorDivide(epochSeconds, 86_400)
        return (civilFromDays(days), Int(rest))
    }

    // MARK: - Calendar arithmetic (H. Hinnant's days_from_civil / civil_from_days)

    static func isLeap(_ y: Int) -> Bool { y % 4 == 0 && (y % 100 != 0 || y % 400 == 0) }

    static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    static func floorDivide(_ a: Int64, _ b: Int64) -> (Int64, Int64) {
        var q = a / b
        var r = a % b
        if r < 0 { q -= 1; r += b }
        return (q, r)
    }

    static func daysFromCivil(_ d: Day) -> Int64 {
        let y = Int64(d.year) - (d.month <= 2 ? 1 : 0)
        let era = floorDivide(y, 400).0
        let yoe = y - era * 400                                            // [0, 399]
        let m = Int64(d.month)
        let doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + Int64(d.day) - 1  // [0, 365]
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy                    // [0, 146096]
        return era * 146_097 + doe - 719_468
    }

    static func civilFromDays(_ days: Int64) -> Day {
        let z = days + 719_468
        let era = floorDivide(z, 146_097).0
        let doe = z - era * 146_097                                        // [0, 146096]
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365   // [0, 399]
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)                  // [0, 365]
        let mp = (5 * doy + 2) / 153                                       // [0, 11]
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        return Day(unchecked: Int(year), Int(month), Int(day))
    }

    // MARK: - Text helpers

    private static let frenchMonths = [
        "janvier", "février", "mars", "avril", "mai", "juin",
        "juillet", "août", "septembre", "octobre", "novembre", "décembre",
    ]
    private static let englishMonths = [
        "January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December",
    ]

    private static func parseDay(_ b: [UInt8]) -> Day? {
        guard b.count == 10, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"),
              let y = number(b, 0, 4), let m = number(b, 5, 2), let d = number(b, 8, 2) else { return nil }
        return Day(year: y, month: m, day: d)
    }

    private static func isDigit(_ c: UInt8) -> Bool { c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") }

    /// The value of `count` ASCII digits at `start`, nil if any is missing or not a digit.
    private static func number(_ b: [UInt8], _ start: Int, _ count: Int) -> Int? {
        guard start >= 0, start + count <= b.count else { return nil }
        var n = 0
        for i in start..<(start + count) {
            guard isDigit(b[i]) else { return nil }
            n = n * 10 + Int(b[i] - UInt8(ascii: "0"))
        }
        return n
    }

    private static func pad2(_ n: Int) -> String { n < 10 ? "0" + String(n) : String(n) }

    /// Four digits at least; a year before 1 is written with a minus sign (ISO 8601 extended).
    private static func yearText(_ y: Int) -> String {
        let digits = String(y.magnitude)
        let padded = digits.count < 4 ? String(repeating: "0", count: 4 - digits.count) + digits : digits
        return y < 0 ? "-" + padded : padded
    }

    private static func isoDay(_ d: Day) -> String {
        yearText(d.year) + "-" + pad2(d.month) + "-" + pad2(d.day)
    }
}
