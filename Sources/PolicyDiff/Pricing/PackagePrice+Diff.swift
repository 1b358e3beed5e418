import PolicyModel

/// A package price in the diff: `5 per package of 100`; against another package, ceil(q / N) × P costs more with a
/// smaller N or a dearer package (docs/diff.md). Never compared band by band with another model.
extension PackagePrice: DiffedUsageModel {
    var rateShape: (shape: String, bands: [PriceBand]) { (Self.name, [PriceBand(upTo: .unlimited, price: price)]) }

    func ordering(against newer: PackagePrice) -> (lower: Bool, higher: Bool)? {
        (lower: size < newer.size || newer.price < price, higher: newer.size < size || price < newer.price)
    }

    func describe(per: Int64) -> String { "\(price) per package of \(size)" }
}
