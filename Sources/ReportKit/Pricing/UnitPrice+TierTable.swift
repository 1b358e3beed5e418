import PolicyModel

/// The unit form in `tierc table`: `$0.01 per 1,000 calls`.
extension UnitPrice: TierTablePricedModel {
    func tierTableText(_ style: TierTablePriceStyle) -> String { "\(style.amount(price)) \(style.perUnit)" }
}
