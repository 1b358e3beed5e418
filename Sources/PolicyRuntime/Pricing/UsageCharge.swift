import PolicyModel

/// What a usage price model charges for the billed units before the one division by `per` and the one rounding
/// (docs/pricing-models.md#runtime): the exact sum of units × price, the band flat fees reached, and the divisor.
struct UsageCharge: Sendable, Hashable {
    /// Σ units × price, exact, not yet divided by `per`.
    var total: ExactDecimal
    /// The flat fees of the bands reached; never divided by `per` (docs/simulation.md, fine point 7.28).
    var flats: ExactDecimal = .zero
    /// What `total` is divided by: the price's `per`, or 1 for a package.
    var per: Int64
}
