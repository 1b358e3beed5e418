import PolicyModel

// An exact decimal on the wire (docs/snapshot-format.md#conventions): its 128-bit significand and an 8-bit scale.

extension ByteWriter {
    mutating func decimal(_ value: ExactDecimal) {
        i128(value.significand)
        u8(UInt8(value.scale))
    }

    mutating func optionalDecimal(_ value: ExactDecimal?) { optional(value) { $0.decimal($1) } }
}

extension CanonicalReader {
    /// 10^30: a canonical decimal's significand is below it.
    static let digitLimit = ExactDecimal.powerOfTen(ExactDecimal.maxDigits) ?? .max

    /// An exact decimal in canonical form: 128-bit significand, 8-bit scale ≤ 18, normalised (no trailing
    /// fractional zero), at most 30 significant digits, not negative (every decimal of a policy is money or a quantity).
    mutating func decimal(_ what: @autoclosure () -> String) throws(SnapshotError) -> ExactDecimal {
        let at = reader.offset
        let significand = try reader.i128(what())
        let scale = Int(try reader.u8("the scale of \(what())"))
        guard scale <= ExactDecimal.maxScale else {
            throw malformed("\(what()) has scale \(scale); at most \(ExactDecimal.maxScale) decimals are allowed", at: at + 16)
        }
        guard significand >= 0 else { throw malformed("\(what()) is negative", at: at) }
        guard scale == 0 || significand % 10 != 0 else {
            throw malformed("\(what()) is not normalised: its significand \(significand) ends in 0 at scale \(scale)", at: at)
        }
        guard significand < Self.digitLimit else {
            throw malformed("\(what()) has more than \(ExactDecimal.maxDigits) significant digits", at: at)
        }
        return ExactDecimal(significand: significand, scale: scale)
    }
}
