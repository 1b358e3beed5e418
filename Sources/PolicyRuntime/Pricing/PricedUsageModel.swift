import PolicyModel

/// A usage price model the runtime prices (docs/pricing-models.md#runtime). No default: a model that does not say
/// how it prices does not conform, and ``UsagePrice/amount(for:minorUnits:rule:)``'s switch does not compile.
protocol PricedUsageModel: UsagePriceModel {
    /// The exact charge for `billed` units (the quantity after `free`) at `per` units per priced block.
    func charge(billed: ExactDecimal, per: Int64) throws(AmountError) -> UsageCharge
}
