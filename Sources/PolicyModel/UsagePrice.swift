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

/// One row of a graduated or volume price: units up to `upTo` (inclusive) cost `price` per `per` units.
public struct PriceBand: Sendable, Hashable, Codable {
    public var upTo: BandBound
    public var price: ExactDecimal

    public init(upTo: BandBound, price: ExactDecimal) {
        self.upTo = upTo
        self.price = price
    }
}

/// How a meter's usage is priced: flat, graduated (each band bills its own units) or volume (all units at the
/// price of the band the total falls in). Amounts are pro rata: `quantity / per × price`.
public struct UsagePrice: Sendable, Hashable, Codable {
    public enum Scheme: Sendable, Hashable, Codable {
        case flat(ExactDecimal)
        case graduated([PriceBand])
        case volume([PriceBand])
    }

    /// Units per priced block, a positive integer (default 1).
    public var per: Int64
    public var scheme: Scheme

    public init(per: Int64 = 1, scheme: Scheme) {
        self.per = per
        self.scheme = scheme
    }
}
