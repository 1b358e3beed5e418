import PolicyModel

/// A usage price model as `tierc diff` compares and shows it (docs/pricing-models.md#diff, docs/diff.md). No
/// defaults: ``PolicyDiffer/model(_:)`` switches over every model and does not compile until a new one is here.
protocol DiffedUsageModel: UsagePriceModel {
    /// The bands compared rate by rate (`price / per`), under a shape name: two prices compare band by band only
    /// with the same shape and bounds. A one-band price is `flat` (``UnitPrice``'s name) whatever its model.
    var rateShape: (shape: String, bands: [PriceBand]) { get }
    /// How `newer` compares with this price beyond the bands, as (some quantity costs less, some costs more); nil
    /// when the bands say everything.
    func ordering(against newer: Self) -> (lower: Bool, higher: Bool)?
    /// The price as the diff writes it, with `per` units per block, before `, N free`.
    func describe(per: Int64) -> String
}

extension PriceBand {
    /// `0.02 up to 1000`, `+ 5 flat` with a flat fee: a band in the diff's text.
    var diffText: String {
        "\(price) up to \(upTo)" + (flat.isZero ? "" : " + \(flat) flat")
    }
}
