public import PolicyModel
import PolicyRuntime

/// Timestamps and numbers of log lines (docs/log-format.md#timestamps, docs/simulation.md#the-fine-points 7.2, 7.3 and
/// 7.24).
public enum Timestamp {
    /// Smallest and largest accepted epoch seconds: 0001-01-01T00:00:00Z … 9999-12-31T23:59:59Z.
    public static let range: ClosedRange<Int64> = -62_135_596_800...253_402_300_799

    /// `YYYY-MM-DDTHH:MM:SS[.fraction](Z|+HH:MM|-HH:MM)`, `T` and `Z` in either case; the date must exist,
    /// seconds 00–59; the fraction is floored. Returns UTC epoch seconds.
    public static func parseRFC3339(_ b: UnsafeBufferPointer<UInt8>) -> Int64? {
        guard b.count >= 20 else { return nil }
        @inline(__always) func digits(_ at: Int, _ count: Int) -> Int64? {
            guard at >= 0, count >= 0, at + count <= b.count, let base = b.baseAddress else { return nil }
            var value: Int64 = 0
            for i in at..<(at + count) {
                let d = base[i] &- 48
                guard d <= 9 else { return nil }
                value = value &* 10 &+ Int64(d)
            }
            return value
        }
        guard let year = digits(0, 4), b[4] == UInt8(ascii: "-"), let month = digits(5, 2), b[7] == UInt8(ascii: "-"),
              let day = digits(8, 2), b[10] == UInt8(ascii: "T") || b[10] == UInt8(ascii: "t"),
              let hour = digits(11, 2), b[13] == UInt8(ascii: ":"), let minute = digits(14, 2), b[16] == UInt8(ascii: ":"),
              let second = digits(17, 2) else { return nil }
        guard UTCCalendar.isValidDate(year: year, month: month, day: day), hour <= 23, minute <= 59, second <= 59 else { return nil }
        var i = 19
        if b[i] == UInt8(ascii: ".") {
            i += 1
            let start = i
            while i < b.count, b[i] >= 48, b[i] <= 57 { i += 1 }
            guard i > start else { return nil }
        }
        guard i < b.count else { return nil }
        var offset: Int64 = 0
        switch b[i] {
        case UInt8(ascii: "Z"), UInt8(ascii: "z"):
            i += 1
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            guard i + 6 == b.count, let oh = digits(i + 1, 2), b[i + 3] == UInt8(ascii: ":"), let om = digits(i + 4, 2),
                  oh <= 23, om <= 59 else { return nil }
            offset = (oh * 3600 + om * 60) * (b[i] == UInt8(ascii: "+") ? 1 : -1)
            i += 6
        default:
            return nil
        }
        guard i == b.count else { return nil }
        let local = UTCCalendar.days(year: year, month: month, day: day) * 86_400 + hour * 3600 + minute * 60 + second
        // The instant itself must lie in the years 0001–9999 (UTC), like a numeric ts.
        return range.contains(local - offset) ? local - offset : nil
    }

    /// A JSON number of seconds since the epoch, floored (`-0.5` → -1). Nil when outside ``range``.
    public static func parseEpoch(_ b: UnsafeBufferPointer<UInt8>) -> Int64? {
        guard let number = DecimalNumber(b) else { return nil }
        return number.floor(in: range)
    }

    /// A JSON number as an exact decimal (`1.50E+1` → 15), or nil when it does not fit.
    public static func decimal(_ b: UnsafeBufferPointer<UInt8>) -> ExactDecimal? {
        guard let number = DecimalNumber(b) else { return nil }
        return number.exact
    }
}

/// A JSON number's digits and decimal exponent, exact: value = (-1)^negative × digits × 10^exponent.
struct DecimalNumber {
    var negative: Bool
    /// Significant digits without leading zeros (empty for zero).
    var digits: [UInt8]
    var exponent: Int

    init?(_ b: UnsafeBufferPointer<UInt8>) {
        var i = 0
        negative = b.first == UInt8(ascii: "-")
        if negative { i += 1 }
        var digits: [UInt8] = []
        var exponent = 0
        while i < b.count, b[i] >= 48, b[i] <= 57 {
            if !(digits.isEmpty && b[i] == 48) { digits.append(b[i] - 48) }
            i += 1
        }
        if i < b.count, b[i] == UInt8(ascii: ".") {
            i += 1
            while i < b.count, b[i] >= 48, b[i] <= 57 {
                if !(digits.isEmpty && b[i] == 48) { digits.append(b[i] - 48) }
                exponent -= 1
                i += 1
            }
        }
        if i < b.count, b[i] == UInt8(ascii: "e") || b[i] == UInt8(ascii: "E") {
            i += 1
            var sign = 1
            if i < b.count, b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") {
                sign = b[i] == UInt8(ascii: "-") ? -1 : 1
                i += 1
            }
            var e = 0
            while i < b.count, b[i] >= 48, b[i] <= 57 {
                e = min(e * 10 + Int(b[i] - 48), 1_000_000)
                i += 1
            }
            exponent += sign * e
        }
        guard i == b.count else { return nil }
        // Drop trailing zeros into the exponent.
        while let last = digits.last, last == 0 {
            digits.removeLast()
            exponent += 1
        }
        self.digits = digits
        self.exponent = digits.isEmpty ? 0 : exponent
    }

    /// The floor of the value, when it lies within `range`.
    func floor(in range: ClosedRange<Int64>) -> Int64? {
        if digits.isEmpty { return range.contains(0) ? 0 : nil }
        let integerDigits = digits.count + exponent
        guard integerDigits <= 12 else { return nil }  // |value| ≥ 10^12 is outside any valid year
        var integer: Int64 = 0
        var hasFraction = false
        for (index, digit) in digits.enumerated() {
            if index < integerDigits { integer = integer * 10 + Int64(digit) } else if digit != 0 { hasFraction = true }
        }
        if integerDigits > digits.count {
            for _ in 0..<(integerDigits - digits.count) { integer *= 10 }
        }
        var value = negative ? -integer : integer
        if negative && hasFraction { value -= 1 }
        return range.contains(value) ? value : nil
    }

    /// The exact value, when it fits ``ExactDecimal``.
    var exact: ExactDecimal? {
        if digits.isEmpty { return .zero }
        guard digits.count <= ExactDecimal.maxDigits else { return nil }
        var significand: Int128 = 0
        for digit in digits { significand = significand * 10 + Int128(digit) }
        if exponent >= 0 {
            guard digits.count + exponent <= 37, let factor = ExactDecimal.powerOfTen(exponent) else { return nil }
            significand *= factor
            return ExactDecimal(significand: negative ? -significand : significand, scale: 0)
        }
        guard -exponent <= 38 else { return nil }
        return ExactDecimal(significand: negative ? -significand : significand, scale: -exponent)
    }
}
