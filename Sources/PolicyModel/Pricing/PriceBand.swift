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
