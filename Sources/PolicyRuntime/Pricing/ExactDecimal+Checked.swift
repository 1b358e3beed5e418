import PolicyModel

/// Exact sums and products that throw ``AmountError/overflow`` instead of returning nil, for the pricing models.
extension ExactDecimal {
    static func checkedSum(_ a: ExactDecimal, _ b: ExactDecimal) throws(AmountError) -> ExactDecimal {
        guard let value = ExactDecimal.adding(a, b) else { throw .overflow }
        return value
    }

    static func checkedProduct(_ a: ExactDecimal, _ b: ExactDecimal) throws(AmountError) -> ExactDecimal {
        guard let value = ExactDecimal.multiplying(a, b) else { throw .overflow }
        return value
    }
}
