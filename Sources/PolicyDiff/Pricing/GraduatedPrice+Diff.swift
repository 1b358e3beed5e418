import PolicyModel

/// A graduated price in the diff: its bands (`flat` with one band), `graduated per 1: 0.02 up to 1000, …`.
extension GraduatedPrice: DiffedUsageModel {
    var rateShape: (shape: String, bands: [PriceBand]) { (bands.count == 1 ? UnitPrice.name : Self.name, bands) }

    func ordering(against newer: GraduatedPrice) -> (lower: Bool, higher: Bool)? { nil }

    func describe(per: Int64) -> String { "graduated per \(per): " + bands.map(\.diffText).joined(separator: ", ") }
}
