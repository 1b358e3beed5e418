import PolicyModel

/// The unit form prices pro rata: billed × price, divided by `per` (docs/simulation.md, fine point 7.23).
extension UnitPrice: PricedUsageModel {
    func charge(billed: ExactDecimal, per: Int64) throws(AmountError) -> UsageCharge {
        UsageCharge(total: try .checkedProduct(billed, price), per: per)
    }
}
