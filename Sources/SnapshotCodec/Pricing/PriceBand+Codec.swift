import PolicyModel

// Price bands (docs/snapshot-format.md#the-policy-section-tag-1-the-canonical-body), of graduated and volume prices:
// a count, then per band a ``BandBoundTag`` (and the bound), the price and the flat fee.

extension ByteWriter {
    mutating func bands(_ bands: [PriceBand]) {
        count(bands.count)
        for band in bands {
            switch band.upTo {
            case .upTo(let value):
                tag(BandBoundTag.upTo)
                decimal(value)
            case .unlimited:
                tag(BandBoundTag.unlimited)
            }
            decimal(band.price)
            decimal(band.flat)
        }
    }
}

extension CanonicalReader {
    /// Price bands: at least one, bounds strictly ascending, only the last `unlimited`, and the last must be.
    mutating func bands(of meter: String) throws(SnapshotError) -> [PriceBand] {
        let countAt = reader.offset
        let count = try reader.count("price bands of `\(meter)`", minimumElementSize: 35)
        guard count > 0 else { throw malformed("the price of `\(meter)` has no band", at: countAt) }
        var bands: [PriceBand] = []
        bands.reserveCapacity(count)
        var previous: ExactDecimal?
        for index in 0..<count {
            let at = reader.offset
            let bound: BandBound
            let tag = try reader.u8("the bound of band \(index + 1) of `\(meter)`")
            switch BandBoundTag(rawValue: tag) {
            case .upTo:
                let value = try decimal("the bound of band \(index + 1) of `\(meter)`")
                if let previous, !(previous < value) {
                    throw malformed("band \(index + 1) of `\(meter)` ends at \(value), not above the previous band's \(previous)", at: at)
                }
                previous = value
                bound = .upTo(value)
            case .unlimited:
                guard index == count - 1 else {
                    throw malformed("band \(index + 1) of `\(meter)` is unlimited but is not the last band", at: at)
                }
                bound = .unlimited
            case nil: throw malformed("band bound tag \(tag) is unknown; expected 0 (up to) or 1 (unlimited)", at: at)
            }
            if index == count - 1, bound != .unlimited {
                throw malformed("the last band of `\(meter)` must be unlimited, so that every quantity has a price", at: at)
            }
            let price = try decimal("the price of band \(index + 1) of `\(meter)`")
            bands.append(PriceBand(upTo: bound, price: price, flat: try decimal("the flat fee of band \(index + 1) of `\(meter)`")))
        }
        return bands
    }
}
