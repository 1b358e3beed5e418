/// Volume pricing (docs/policy-format.md#usage-price-forms-and-minimums): every billed unit at the price of the
/// first band whose `up_to` is at or above the billed quantity, plus that band's flat fee.
public struct VolumePrice: UsagePriceModel {
    public static let name = "volume"
    public static let formKey = "volume"
    public static let acceptsPer = true

    /// At least one band, bounds strictly ascending, the last (and only the last) `unlimited`.
    public var bands: [PriceBand]

    public init(bands: [PriceBand]) {
        self.bands = bands
    }

    public var scheme: UsagePrice.Scheme { .volume(bands) }
}
