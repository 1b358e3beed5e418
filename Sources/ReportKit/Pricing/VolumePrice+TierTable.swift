import PolicyModel

/// A volume price in `tierc table`: `volume: $0.02 up to 1,000, $0.01 above per call`.
extension VolumePrice: TierTablePricedModel {
    func tierTableText(_ style: TierTablePriceStyle) -> String { "volume: \(style.bands(bands)) \(style.perUnit)" }
}
