import PolicyModel

/// A package price in `tierc table`: `$5.00 per started package of 100`.
extension PackagePrice: TierTablePricedModel {
    func tierTableText(_ style: TierTablePriceStyle) -> String { "\(style.amount(price)) per started package of \(style.count(size))" }
}
