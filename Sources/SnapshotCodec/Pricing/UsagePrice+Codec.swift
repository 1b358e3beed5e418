import PolicyModel

// A map of usage prices (docs/snapshot-format.md#the-policy-section-tag-1-the-canonical-body), the policy's and
// each tier's: a count, then per meter in ascending order its id, `per` (i64), a ``PricingSchemeTag`` and what
// the scheme needs, and `free`. Bands are a count and per band a ``BandBoundTag`` (and bound), price and flat fee.

extension ByteWriter {
    mutating func usagePrices(_ prices: [String: UsagePrice]) {
        count(prices.count)
        for meter in prices.keys.sorted() {
            string(meter)
            let price = prices[meter]!
            i64(price.per)
            switch price.scheme {
            case .flat(let value):
                tag(PricingSchemeTag.flat)
                decimal(value)
            case .graduated(let bands):
                tag(PricingSchemeTag.graduated)
                self.bands(bands)
            case .volume(let bands):
                tag(PricingSchemeTag.volume)
                self.bands(bands)
            case .package(let size, let price):
                tag(PricingSchemeTag.package)
                i64(size)
                decimal(price)
            }
            decimal(price.free)
        }
    }

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
    /// A map of usage prices, keys in strictly ascending order.
    mutating func usagePrices(of owner: @autoclosure () -> String) throws(SnapshotError) -> [String: UsagePrice] {
        let count = try reader.count("usage prices of \(owner())", minimumElementSize: 34)
        var prices: [String: UsagePrice] = [:]
        prices.reserveCapacity(count)
        var previous: String?
        for _ in 0..<count {
            var at = reader.offset
            let (index, meter) = try reference(to: declaredMeters, near: 0, "the meter of a usage price of \(owner())")
            try ascending(meter, after: previous, what: "usage prices of \(owner())", at: at)
            guard index != nil else {
                throw malformed("\(owner()) prices meter `\(meter)`, which is not declared", at: at)
            }
            previous = meter
            at = reader.offset
            let per = try reader.i64("`per` of the usage price of `\(meter)`")
            guard per > 0 else { throw malformed("`per` of the usage price of `\(meter)` is \(per); it must be positive", at: at) }
            at = reader.offset
            let scheme: UsagePrice.Scheme
            let tag = try reader.u8("the pricing scheme of `\(meter)`")
            switch PricingSchemeTag(rawValue: tag) {
            case .flat: scheme = .flat(try decimal("the flat price of `\(meter)`"))
            case .graduated: scheme = .graduated(try bands(of: meter))
            case .volume: scheme = .volume(try bands(of: meter))
            case .package:
                at = reader.offset
                let size = try reader.i64("the package size of `\(meter)`")
                guard size > 0 else { throw malformed("the package size of `\(meter)` is \(size); it must be positive", at: at) }
                guard per == 1 else { throw malformed("the package price of `\(meter)` has `per` \(per); a package price has per 1", at: at) }
                scheme = .package(size: size, price: try decimal("the package price of `\(meter)`"))
            case nil:
                throw malformed("pricing scheme tag \(tag) is unknown; expected 0 (unit), 1 (graduated), 2 (volume) or 3 (package)", at: at)
            }
            let free = try decimal("`free` of the usage price of `\(meter)`")
            prices[meter] = UsagePrice(per: per, scheme: scheme, free: free)
        }
        return prices
    }

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
