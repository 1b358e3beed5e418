/// A UTC calendar date (`YYYY-MM-DD`, proleptic Gregorian, years 0001–9999): the first or last day of a tenant's
/// subscription (docs/policy-format.md#tenantsyaml-key-by-key, docs/simulation.md, fine point 7.29).
public struct CalendarDate: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public var year: Int64
    public var month: Int64
    public var day: Int64

    /// A date that exists (nil for `2025-02-30`, month 13, year 0…).
    public init?(year: Int64, month: Int64, day: Int64) {
        guard year >= 1, year <= 9999, month >= 1, month <= 12, day >= 1,
              day <= Self.daysInMonth(year: year, month: month) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses exactly `YYYY-MM-DD`; nil for any other shape or a date that does not exist.
    public init?(_ text: String) {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
              let year = Self.digits(bytes[0..<4]), let month = Self.digits(bytes[5..<7]), let day = Self.digits(bytes[8..<10])
        else { return nil }
        self.init(year: year, month: month, day: day)
    }

    /// The month as one number, `year × 12 + month − 1` (the month index of the invoices).
    public var monthIndex: Int64 { year * 12 + month - 1 }

    /// `YYYY-MM-DD`.
    public var description: String {
        Self.pad(year, 4) + "-" + Self.pad(month, 2) + "-" + Self.pad(day, 2)
    }

    public static func < (lhs: CalendarDate, rhs: CalendarDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    /// The number of days of a month (28–31).
    public static func daysInMonth(year: Int64, month: Int64) -> Int64 {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// The number of days of a month index (`year × 12 + month − 1`).
    public static func daysInMonth(index: Int64) -> Int64 {
        let year = index >= 0 ? index / 12 : (index - 11) / 12
        return daysInMonth(year: year, month: index - year * 12 + 1)
    }

    /// A month `YYYY-MM` as a month index; nil for another shape, month 00 or 13+, or year 0000.
    public static func monthIndex(_ text: String) -> Int64? {
        let bytes = Array(text.utf8)
        guard bytes.count == 7, bytes[4] == UInt8(ascii: "-"), let year = digits(bytes[0..<4]), let month = digits(bytes[5..<7]),
              year >= 1, month >= 1, month <= 12 else { return nil }
        return year * 12 + month - 1
    }

    /// `YYYY-MM` of a month index.
    public static func monthText(_ index: Int64) -> String {
        let year = index >= 0 ? index / 12 : (index - 11) / 12
        return pad(year, 4) + "-" + pad(index - year * 12 + 1, 2)
    }

    private static func digits(_ bytes: ArraySlice<UInt8>) -> Int64? {
        var value: Int64 = 0
        for byte in bytes {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int64(byte - UInt8(ascii: "0"))
        }
        return value
    }

    private static func pad(_ value: Int64, _ width: Int) -> String {
        let text = String(value)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let date = CalendarDate(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a date YYYY-MM-DD: \(text)")
        }
        self = date
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
