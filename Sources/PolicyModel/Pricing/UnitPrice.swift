/// The unit form (docs/policy-format.md#usage-price-forms-and-minimums): `price` per `per` units, pro rata. Named
/// `flat` in the scheme, the SQL and the diff for its single price (not a flat fee).
public struct UnitPrice: UsagePriceModel {
    public static let name = "flat"
    public static let formKey = "price"
    public static let acceptsPer = true

    /// The price of `per` units; may be finer than the currency's minor unit.
    public var price: ExactDecimal

    public init(price: ExactDecimal) {
        self.price = price
    }

    public var scheme: UsagePrice.Scheme { .flat(price) }
}
