import PolicyModel

// A map of usage prices (docs/snapshot-format.md#the-policy-section-tag-1-the-canonical-body), the policy's and
// each tier's: a count, then per meter in ascending order its id, `per` (i64), a ``PricingSchemeTag`` and what
// the model needs (its ``SnapshotCodableModel`` conformance in Pricing/), and `free`.

extension ByteWriter {
    mutating func usagePrices(_ prices: [String: UsagePrice]) {
        count(prices.count)
        for meter in prices.keys.sorted() {
            string(meter)
            let price = prices[meter]!
            i64(price.per)
            // The writer's one switch over the models (docs/pricing-models.md#snapshot).
            switch price.scheme {
            case .flat(let value): model(UnitPrice(price: value))
            case .graduated(let bands): model(GraduatedPrice(bands: bands))
            case .volume(let bands): model(VolumePrice(bands: bands))
            case .package(let size, let price): model(PackagePrice(size: size, price: price))
            }
            decimal(price.free)
        }
    }

    /// A model's wire tag, then its parameters.
    private mutating func model(_ model: some SnapshotCodableModel) {
        tag(type(of: model).wireTag)
        model.write(to: &self)
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
            // The reader's one switch over the wire tags (docs/pricing-models.md#snapshot).
            switch PricingSchemeTag(rawValue: tag) {
            case .flat: scheme = try UnitPrice.read(from: &self, meter: meter, per: per).scheme
            case .graduated: scheme = try GraduatedPrice.read(from: &self, meter: meter, per: per).scheme
            case .volume: scheme = try VolumePrice.read(from: &self, meter: meter, per: per).scheme
            case .package: scheme = try PackagePrice.read(from: &self, meter: meter, per: per).scheme
            case nil:
                throw malformed("pricing scheme tag \(tag) is unknown; expected \(PricingSchemeTag.expected)", at: at)
            }
            let free = try decimal("`free` of the usage price of `\(meter)`")
            prices[meter] = UsagePrice(per: per, scheme: scheme, free: free)
        }
        return prices
    }
}
