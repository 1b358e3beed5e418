import PolicyModel

/// A usage price model in `tierc table`'s usage prices table (docs/pricing-models.md#reports). No default:
/// ``TierTable``'s one switch over the models does not compile until a new one is here.
protocol TierTablePricedModel: UsagePriceModel {
    /// The price in one cell, before `; N free`, written in `style`.
    func tierTableText(_ style: TierTablePriceStyle) -> String
}

/// How one cell of the usage prices table writes a price's parts: grouped and in money for people, plain for
/// the machine-readable values.
struct TierTablePriceStyle {
    /// `per 1,000 calls` for people, `per 1000` for machines.
    let perUnit: String
    /// A price or fee.
    let amount: (ExactDecimal) -> String
    /// A whole number of units.
    let count: (Int64) -> String
    /// A list of bands: `0.02 up to 1,000, 0.01 above`.
    let bands: ([PriceBand]) -> String
}
