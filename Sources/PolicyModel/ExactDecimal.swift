/// An exact decimal number: `significand × 10^-scale`. Money and quantities use it so that no value ever passes
/// through a binary float. Values are kept normalised (no trailing fractional zeros), so `0.10` and `0.1` are
/// equal and hash alike.
///
/// The significand is an `Int128` (about 38 significant digits), which holds quantities up to 10^15 times
/// prices with 18 decimals; arithmetic that would overflow returns nil instead of trapping.
public struct ExactDecimal: Sendable, Hashable, Comparable, CustomStringConvertible, Codable {
    public private(set) var significand: Int128
    /// Number of digits after the decimal point, 0...maxScale.
    public private(set) var scale: Int

    /// The largest scale accepted from text.
    public static let maxScale = 18
    /// The most significant digits accepted from text.
    public static let maxDigits = 30

    public static let zero = ExactDecimal(significand: 0, scale: 0)

    /// Creates `significand × 10^-scale`, normalised.
    public init(significand: Int128, scale: Int) {
        precondition(scale >= 0 && scale <= 38, "scale out of range")
        var s = significand
        var k = scale
        while k > 0, s % 10 == 0 {
            s /= 10
            k -= 1
        }
        self.significand = s
        self.scale = k
    }

    public init(_ integer: Int) {
        self.init(significand: Int128(integer), scale: 0)
    }

    /// Parses plain decimal text: an optional `-` or `+`, digits, optionally `.` and digits
    /// (`29`, `0.01`, `-1.5`, `.5` is rejected, `1e3` is rejected). Returns nil for anything else,
    /// or when it has more than `maxDigits` significant digits or more than `maxScale` decimals.
    public init?(_ text: String) {
        var bytes = Substring(text).utf8[...]
        var negative = false
        if let first = bytes.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "+") {
            negative = first == UInt8(ascii: "-")
            bytes = bytes.dropFirst()
        }
        var significand: Int128 = 0
        var scale = 0
        var sawPoint = false
        var integerDigits = 0
        var fractionDigits = 0
        var significantDigits = 0
        for byte in bytes {
            if byte == UInt8(ascii: ".") {
                guard !sawPoint, integerDigits > 0 else { return nil }
                sawPoint = true
                continue
            }
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            if sawPoint { fractionDigits += 1 } else { integerDigits += 1 }
            if significand != 0 || byte != UInt8(ascii: "0") { significantDigits += 1 }
            guard significantDigits <= Self.maxDigits else { return nil }
            significand = significand * 10 + Int128(byte - UInt8(ascii: "0"))
        }
        guard integerDigits > 0, !sawPoint || fractionDigits > 0 else { return nil }
        scale = fractionDigits
        // Trailing zeros beyond maxScale are harmless; strip them before the scale check.
        var s = significand
        while scale > Self.maxScale, s % 10 == 0 {
            s /= 10
            scale -= 1
        }
        guard scale <= Self.maxScale else { return nil }
        self.init(significand: negative ? -s : s, scale: scale)
    }

    public var isNegative: Bool { significand < 0 }
    public var isZero: Bool { significand == 0 }
    public var isInteger: Bool { scale == 0 }

    /// Plain decimal notation without exponent or trailing zeros: `0.8`, `15`, `-0.001`.
    public var description: String {
        let magnitude = significand.magnitude
        var digits = String(magnitude)
        if scale > 0 {
            if digits.count <= scale {
                digits = String(repeating: "0", count: scale - digits.count + 1) + digits
            }
            digits.insert(".", at: digits.index(digits.endIndex, offsetBy: -scale))
        }
        return significand < 0 ? "-" + digits : digits
    }

    /// The value with exactly `digits` decimals (padding with zeros); the value must already fit
    /// (use ``rounded(toScale:rule:)`` first). `formatted(2)` of 0.1 is `0.10`.
    public func formatted(fractionDigits digits: Int) -> String {
        let value = scale > digits ? rounded(toScale: digits, rule: .halfUp) : self
        var text = value.description
        guard digits > 0 else { return text }
        if value.scale == 0 { text += "." }
        return text + String(repeating: "0", count: digits - value.scale)
    }

    /// The significand scaled to `targetScale` (>= scale), or nil on overflow.
    public func significand(atScale targetScale: Int) -> Int128? {
        guard targetScale >= scale else { return nil }
        guard let factor = Self.powerOfTen(targetScale - scale) else { return nil }
        let (product, overflow) = significand.multipliedReportingOverflow(by: factor)
        return overflow ? nil : product
    }

    /// 10^n as Int128, or nil when it does not fit.
    public static func powerOfTen(_ n: Int) -> Int128? {
        guard n >= 0, n <= 38 else { return nil }
        var result: Int128 = 1
        for _ in 0..<n { result *= 10 }
        return result
    }

    public static func < (lhs: ExactDecimal, rhs: ExactDecimal) -> Bool {
        let scale = max(lhs.scale, rhs.scale)
        if let l = lhs.significand(atScale: scale), let r = rhs.significand(atScale: scale) { return l < r }
        // Only reachable for huge magnitudes: compare sign, then integer part, then the fraction's digits.
        if lhs.significand.signum() != rhs.significand.signum() { return lhs.significand.signum() < rhs.significand.signum() }
        let negative = lhs.significand < 0
        let (li, lf) = lhs.magnitudeParts
        let (ri, rf) = rhs.magnitudeParts
        let magnitudeLess = li != ri ? li < ri : lf.lexicographicallyPrecedes(rf)
        let equal = li == ri && lf.drop { _ in false }.elementsEqual(rf)
        return equal ? false : (negative ? !magnitudeLess : magnitudeLess)
    }

    /// The integer part and the fraction's digits (padded to the scale) of the magnitude.
    private var magnitudeParts: (UInt128, [UInt8]) {
        let divisor = UInt128(Self.powerOfTen(scale) ?? 1)
        let magnitude = significand.magnitude
        let fraction = String(magnitude % divisor)
        let padded = String(repeating: "0", count: max(0, scale - fraction.count)) + fraction
        return (magnitude / divisor, Array(padded.utf8))
    }

    /// `lhs + rhs`, or nil on overflow.
    public static func adding(_ lhs: ExactDecimal, _ rhs: ExactDecimal) -> ExactDecimal? {
        let scale = max(lhs.scale, rhs.scale)
        guard let l = lhs.significand(atScale: scale), let r = rhs.significand(atScale: scale) else { return nil }
        let (sum, overflow) = l.addingReportingOverflow(r)
        return overflow ? nil : ExactDecimal(significand: sum, scale: scale)
    }

    /// `lhs × rhs`, or nil on overflow or when the scale would exceed 38.
    public static func multiplying(_ lhs: ExactDecimal, _ rhs: ExactDecimal) -> ExactDecimal? {
        let scale = lhs.scale + rhs.scale
        guard scale <= 38 else { return nil }
        let (product, overflow) = lhs.significand.multipliedReportingOverflow(by: rhs.significand)
        return overflow ? nil : ExactDecimal(significand: product, scale: scale)
    }

    /// The value rounded to `targetScale` decimals with `rule` (ties as the rule says).
    public func rounded(toScale targetScale: Int, rule: Rounding) -> ExactDecimal {
        guard scale > targetScale, let divisor = Self.powerOfTen(scale - targetScale) else { return self }
        return ExactDecimal(significand: Self.divide(significand, by: divisor, rule: rule), scale: targetScale)
    }

    /// `numerator / denominator` rounded to an integer with `rule`; `denominator` must be positive.
    public static func divide(_ numerator: Int128, by denominator: Int128, rule: Rounding) -> Int128 {
        precondition(denominator > 0, "divisor must be positive")
        var quotient = numerator / denominator
        let remainder = numerator % denominator
        guard remainder != 0 else { return quotient }
        let twice = remainder.magnitude * 2  // magnitude avoids overflow on the doubling sign
        let up: Bool
        if twice > denominator.magnitude {
            up = true
        } else if twice < denominator.magnitude {
            up = false
        } else {
            switch rule {
            case .halfUp: up = true
            case .halfEven: up = quotient % 2 != 0
            }
        }
        if up { quotient += numerator < 0 ? -1 : 1 }
        return quotient
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let value = ExactDecimal(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a plain decimal: \(text)")
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
