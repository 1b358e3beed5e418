/// An upper bound of a price band: inclusive `up_to`, or `unlimited` for the last band.
public enum BandBound: Sendable, Hashable, Codable, CustomStringConvertible {
    case upTo(ExactDecimal)
    case unlimited

    public var description: String {
        switch self {
        case .upTo(let value): value.description
        case .unlimited: "unlimited"
        }
    }
}

/// One row of a graduated or volume price: units up to `upTo` (inclusive) cost `price` per `per` units, plus a
/// `flat` fee for the band (docs/simulation.md, fine point 7.28), never divided by `per`.
public struct PriceBand: Sendable, Hashable, Codable {
    public var upTo: BandBound
    public var price: ExactDecimal
    /// The band's flat fee (default 0).
    public var flat: ExactDecimal

    public init(upTo: BandBound, price: ExactDecimal, flat: ExactDecimal = .zero) {
        self.upTo = upTo
        self.price = price
        self.flat = flat
    }
}

/// How a meter's usage is priced (docs/policy-format.md#usage-price-forms-and-minimums): the unit form (`price`
/// per `per` units, pro rata), graduated (each band bills its own units), volume (all units at the price of the
/// band the total falls in) or package (whole packages, a started one in full), each after `free` units.
public struct UsagePrice: Sendable, Hashable, Codable {
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
