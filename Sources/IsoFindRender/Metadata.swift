// Document information written into the PDF's /Info dictionary.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Title, author and the like for the PDF's /Info dictionary.
///
/// Dates come only from `createdEpochSeconds` (UTC), never from the clock, so the same calls give
/// the same bytes. When it is nil the `SOURCE_DATE_EPOCH` environment variable is used if set
/// (Cairo 1.16 itself ignores that variable); when neither is present the PDF carries no
/// /CreationDate or /ModDate at all rather than Cairo's default wall-clock date.
public struct PDFMetadata: Equatable, Sendable {
    public var title: String
    public var author: String
    public var subject: String
    public var keywords: String
    public var creator: String
    /// Seconds since 1970-01-01T00:00:00Z; written as both /CreationDate and /ModDate.
    public var createdEpochSeconds: Int64?

    public init(title: String = "", author: String = "", subject: String = "", keywords: String = "",
                creator: String = "", createdEpochSeconds: Int64? = nil) {
        self.title = title
        self.author = author
        self.subject = subject
        self.keywords = keywords
        self.creator = creator
        self.createdEpochSeconds = createdEpochSeconds
    }

    /// `SOURCE_DATE_EPOCH` from the environment when it is a non-negative integer, else nil.
    public static var environmentSourceDateEpoch: Int64? {
        guard let raw = getenv("SOURCE_DATE_EPOCH") else { return nil }
        return parseSourceDateEpoch(String(cString: raw))
    }

    /// Parses a `SOURCE_DATE_EPOCH` value: decimal digits only (surrounding spaces allowed).
    public static func parseSourceDateEpoch(_ text: String) -> Int64? {
        let trimmed = text.trimmingSpaces
        guard !trimmed.isEmpty, trimmed.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return Int64(trimmed)
    }

    /// The epoch actually written: `createdEpochSeconds`, else `SOURCE_DATE_EPOCH`, else nil.
    public var effectiveEpochSeconds: Int64? { createdEpochSeconds ?? Self.environmentSourceDateEpoch }

    /// `YYYY-MM-DDTHH:MM:SSZ` (UTC) for an epoch, the ISO 8601 form Cairo's set_metadata accepts.
    /// Cairo 1.16 turns it into the PDF date `(YYYYMMDDHHMMSSZ)`.
    public static func iso8601(epochSeconds: Int64) -> String {
        let days = epochSeconds >= 0 ? epochSeconds / 86_400 : (epochSeconds - 86_399) / 86_400
        let secondsOfDay = epochSeconds - days * 86_400
        let (year, month, day) = civilDate(daysSinceEpoch: days)
        func pad(_ v: Int64, _ width: Int) -> String {
            let s = String(v)
            return String(repeating: "0", count: max(0, width - s.count)) + s
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T"
            + "\(pad(secondsOfDay / 3600, 2)):\(pad(secondsOfDay / 60 % 60, 2)):\(pad(secondsOfDay % 60, 2))Z"
    }

    /// Proleptic Gregorian date of a day count since 1970-01-01 (Howard Hinnant's algorithm).
    static func civilDate(daysSinceEpoch: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = daysSinceEpoch + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}

extension String {
    var trimmingSpaces: String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        return String(scalars[first...last])
    }
}
