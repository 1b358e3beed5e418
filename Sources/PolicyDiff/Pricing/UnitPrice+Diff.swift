import PolicyModel

/// The unit form in the diff: one band up to `unlimited`, `0.01 per 1000`.
extension UnitPrice: DiffedUsageModel {
    var rateShape: (shape: String, bands: [PriceBand]) { (Self.name, [PriceBand(upTo: .unlimited, price: price)]) }

    func ordering(against newer: UnitPrice) -> (lower: Bool, higher: Bool)? { nil }

    func describe(per: Int64) -> String { "\(price) per \(per)" }
}
