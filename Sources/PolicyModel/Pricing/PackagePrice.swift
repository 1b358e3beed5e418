/// The package form (docs/policy-format.md#usage-price-forms-and-minimums): `price` per started package of `size`
/// units, ceil(billed / size) × price; its usage price's `per` is always 1.
public struct PackagePrice: UsagePriceModel {
    public static let name = "package"
    public static let formKey = "package"
    public static let acceptsPer = false

    /// Units per package, at least 1.
    public var size: Int64
    /// The price of one package.
    public var price: ExactDecimal

    public init(size: Int64, price: ExactDecimal) {
        self.size = size
        self.price = price
    }

    public var scheme: UsagePrice.Scheme { .package(size: size, price: price) }
}
