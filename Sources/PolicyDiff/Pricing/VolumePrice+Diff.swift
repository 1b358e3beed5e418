import PolicyModel

/// A volume price in the diff: its bands (`flat` with one band), `volume per 1: 0.02 up to 1000, …`.
extension VolumePrice: DiffedUsageModel {
    var rateShape: (shape: String, bands: [PriceBand]) { (bands.count == 1 ? UnitPrice.name : Self.name, bands) }

    func ordering(against newer: VolumePrice) -> (lower: Bool, higher: Bool)? { nil }

    func describe(per: Int64) -> String { "volume per \(per): " + bands.map(\.diffText).joined(separator: ", ") }
}
