/// How a meter's usage is priced (docs/policy-format.md#usage-price-forms-and-minimums): the unit form (`price`
/// per `per` units, pro rata), graduated (each band bills its own units), volume (all units at the price of the
/// band the total falls in) or package (whole packages, a started one in full), each after `free` units. Each
/// form is a model type (``UsagePriceModel``, docs/pricing-models.md), listed in ``Scheme/models``.
public struct UsagePrice: Sendable, Hashable, Codable {
    /// The model of this price, one case per ``UsagePriceModel`` (its payload is the model's parameters; ``model``
    /// gives the model value).
    public enum Scheme: Sendable, Hashable, Codable {
        /// The unit form: `price` per `per` units, pro rata (named `flat` for its single price, not a flat fee).
        case flat(ExactDecimal)
        case graduated([PriceBand])
        case volume([PriceBand])
        /// `package: size` units at `price` per started package.
        case package(size: Int64, price: ExactDecimal)
    }

    /// Units per priced block, a positive integer (default 1; always 1 with a package).
    public var per: Int64
    public var scheme: Scheme
    /// Units included each month before the form applies (default 0; whole units on a counter).
    public var free: ExactDecimal

    public init(per: Int64 = 1, scheme: Scheme, free: ExactDecimal = .zero) {
        self.per = per
        self.scheme = scheme
        self.free = free
    }
}
