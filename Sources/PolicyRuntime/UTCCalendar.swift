internal import PolicyModel

/// Calendar arithmetic in UTC on whole epoch seconds, without Foundation: window starts and ends, months,
/// and RFC 3339 text. Proleptic Gregorian calendar, years 0001–9999.
public enum UTCCalendar {
    /// Days since 1970-01-01 of a civil date (``CalendarDay/dayNumber(year:month:day:)``).
    public static func days(year: Int64, month: Int64, day: Int64) -> Int64 {
        CalendarDay.dayNumber(year: year, month: month, day: day)
    }

    /// The civil date of a day number (``CalendarDay/civil(dayNumber:)``).
    public static func civil(days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        CalendarDay.civil(dayNumber: days)
    }

    public static func isValidDate(year: Int64, month: Int64, day: Int64) -> Bool {
        guard year >= 1, year <= 9999, month >= 1, month <= 12, day >= 1 else { return false }
        return day <= daysInMonth(year: year, month: month)
    }

    public static func daysInMonth(year: Int64, month: Int64) -> Int64 {
        CalendarDate.daysInMonth(year: year, month: month)
    }

    /// Floor division that rounds towards negative infinity.
    @inline(__always) static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }

    /// A month as a single number: `year * 12 + (month - 1)`.
    public static func monthIndex(of seconds: Int64) -> Int64 {
        let date = civil(days: floorDiv(seconds, 86_400))
        return date.year * 12 + date.month - 1
    }

    /// `YYYY-MM` of a month index.
    public static func monthText(_ index: Int64) -> String {
        let year = floorDiv(index, 12)
        let month = index - year * 12 + 1
        return pad(year, 4) + "-" + pad(month, 2)
    }

    /// Epoch seconds at which a month index starts.
    public static func monthStart(_ index: Int64) -> Int64 {
        let year = floorDiv(index, 12)
        return days(year: year, month: index - year * 12 + 1, day: 1) * 86_400
    }

    /// `YYYY-MM-DDTHH:MM:SSZ`. Years 0 to 9999 are written digit by digit into one 20-byte string (every answer of
    /// `tierc serve` that names a reset carries one, docs/serve.md#performance); others as the padded numbers.
    public static func rfc3339(_ seconds: Int64) -> String {
        let dayNumber = floorDiv(seconds, 86_400)
        let date = civil(days: dayNumber)
        let secondOfDay = seconds - dayNumber * 86_400
        guard date.year >= 0, date.year <= 9_999 else {
            return pad(date.year, 4) + "-" + pad(date.month, 2) + "-" + pad(date.day, 2) + "T" + pad(secondOfDay / 3600, 2)
                + ":" + pad(secondOfDay / 60 % 60, 2) + ":" + pad(secondOfDay % 60, 2) + "Z"
        }
        return String(unsafeUninitializedCapacity: 20) { text in
            writeRFC3339(date, secondOfDay: secondOfDay, to: UnsafeMutableRawBufferPointer(text))
        }
    }

    /// Writes the 20 bytes `YYYY-MM-DDTHH:MM:SSZ` of a date of years 0 to 9999 and a second of its day at the start
    /// of `bytes` (at least 20 long) and returns 20: the one writer of ``rfc3339(_:)`` and of the servers' answers
    /// written as bytes (docs/serve.md#performance).
    @discardableResult
    public static func writeRFC3339(_ date: (year: Int64, month: Int64, day: Int64), secondOfDay: Int64,
                                    to bytes: UnsafeMutableRawBufferPointer) -> Int {
        precondition(bytes.count >= 20 && (0...9_999).contains(date.year), "UTCCalendar.writeRFC3339: 20 bytes, years 0 to 9999")
        func digits(_ value: Int64, _ width: Int, at start: Int) {
            var value = value
            for offset in stride(from: width - 1, through: 0, by: -1) {
                bytes[start + offset] = UInt8(ascii: "0") + UInt8(value % 10)
                value /= 10
            }
        }
        digits(date.year, 4, at: 0)
        bytes[4] = UInt8(ascii: "-")
        digits(date.month, 2, at: 5)
        bytes[7] = UInt8(ascii: "-")
        digits(date.day, 2, at: 8)
        bytes[10] = UInt8(ascii: "T")
        digits(secondOfDay / 3600, 2, at: 11)
        bytes[13] = UInt8(ascii: ":")
        digits(secondOfDay / 60 % 60, 2, at: 14)
        bytes[16] = UInt8(ascii: ":")
        digits(secondOfDay % 60, 2, at: 17)
        bytes[19] = UInt8(ascii: "Z")
        return 20
    }

    static func pad(_ value: Int64, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }
}
