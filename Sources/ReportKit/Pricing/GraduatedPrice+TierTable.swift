import PolicyModel

/// A graduated price in `tierc table`: `graduated: $0.02 up to 1,000, $0.01 above per call`.
extension GraduatedPrice: TierTablePricedModel {
    func tierTableText(_ style: TierTablePriceStyle) -> String { "graduated: \(style.bands(bands)) \(style.perUnit)" }
}
