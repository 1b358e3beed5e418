/// Graduated pricing (docs/policy-format.md#usage-price-forms-and-minimums): each band bills its own units at its
/// own price, plus the flat fee of band 1 and of every band the billed quantity passes into.
public struct GraduatedPrice: UsagePriceModel {
    public static let name = "graduated"
    public static let formKey = "graduated"
    public static let acceptsPer = true

    /// At least one band, bounds strictly ascending, the last (and only the last) `unlimited`.
    public var bands: [PriceBand]

    public init(bands: [PriceBand]) {
        self.bands = bands
    }

    public var scheme: UsagePrice.Scheme { .graduated(bands) }
}
