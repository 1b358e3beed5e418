/// A UTC calendar date written `YYYY-MM-DD` (years 0001–9999), held as its day number: days since 1970-01-01.
/// tenants.yaml's key dates (`created`, `revoked`) use it (docs/policy-format.md#keys-entries): the day arithmetic
/// of a ``CalendarDate``, which it is parsed as.
public struct CalendarDay: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// Days since 1970-01-01 (negative before it).
    public var dayNumber: Int64

    public init(dayNumber: Int64) {
        self.dayNumber = dayNumber
    }

    /// Parses exactly `YYYY-MM-DD` with a real date (``CalendarDate``); nil otherwise (no time, no zone, no other
    /// separator).
    public init?(_ text: String) {
        guard let date = CalendarDate(text) else { return nil }
        self.init(date)
    }

    /// The day number of a calendar date.
    public init(_ date: CalendarDate) {
        dayNumber = Self.dayNumber(year: date.year, month: date.month, day: date.day)
    }

    /// The day that contains `seconds` (epoch seconds, UTC).
    public init(containing seconds: Int64) {
        let quotient = seconds / 86_400
        dayNumber = seconds % 86_400 != 0 && seconds < 0 ? quotient - 1 : quotient
    }

    /// Epoch seconds of the day's 00:00 UTC.
    public var startSeconds: Int64 { dayNumber * 86_400 }

    /// `YYYY-MM-DD`.
    public var description: String {
        let (year, month, day) = Self.civil(dayNumber: dayNumber)
        func pad(_ value: Int64, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2)
    }

    /// The civil date of a day number (Howard Hinnant's algorithm, proleptic Gregorian): the one copy that
    /// `UTCCalendar` uses too.
    public static func civil(dayNumber: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = dayNumber + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    public static func < (lhs: CalendarDay, rhs: CalendarDay) -> Bool { lhs.dayNumber < rhs.dayNumber }

    /// Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm, proleptic Gregorian): the one copy
    /// that `UTCCalendar` uses too.
    public static func dayNumber(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The first and last days this type accepts: 0001-01-01 and 9999-12-31.
    public static let first = CalendarDay(dayNumber: dayNumber(year: 1, month: 1, day: 1))
    public static let last = CalendarDay(dayNumber: dayNumber(year: 9999, month: 12, day: 31))
}
