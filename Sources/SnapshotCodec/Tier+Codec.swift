import PolicyModel

// The tiers in ladder order (docs/snapshot-format.md#the-policy-section-tag-1-the-canonical-body): per tier its
// id, name, optional parent, price, optional minimum, limits (MeterLimit+Codec.swift), features and usage prices.

extension ByteWriter {
    mutating func tiers(_ tiers: [Tier]) {
        count(tiers.count)
        for tier in tiers {
            string(tier.id)
            string(tier.name)
            optionalString(tier.parent)
            decimal(tier.price)
            optionalDecimal(tier.minimum)
            limits(tier.limits)
            count(tier.features.count)
            for feature in tier.features { string(feature) }
            usagePrices(tier.usagePrices)
        }
    }
}

extension CanonicalReader {
    /// The tiers: at least one, ids unique, prices and minimums no finer than the currency, parents other tiers.
    mutating func tiers() throws(SnapshotError) -> [Tier] {
        let countAt = reader.offset
        let count = try reader.count("tiers", minimumElementSize: 39)
        guard count > 0 else { throw malformed("the policy has no tier; at least one is required", at: countAt) }
        var tiers: [Tier] = []
        tiers.reserveCapacity(count)
        var ids: Set<String> = []
        var parents: [(tier: String, parent: String, offset: Int)] = []
        for _ in 0..<count {
            let at = reader.offset
            let id = try reader.string("a tier id")
            guard ids.insert(id).inserted else { throw malformed("tier `\(id)` appears twice", at: at) }
            let name = try reader.string("the name of tier `\(id)`")
            let parentAt = reader.offset
            let parent = try reader.optionalString("the parent of tier `\(id)`")
            if let parent { parents.append((id, parent, parentAt)) }
            let priceAt = reader.offset
            let price = try decimal("the price of tier `\(id)`")
            if let currency, price.scale > currency.minorUnits {
                throw malformed("the price \(price) of tier `\(id)` is finer than \(currency.code)'s \(currency.minorUnits) decimals",
                                at: priceAt)
            }
            let minimumAt = reader.offset
            var minimum: ExactDecimal?
            let flag = try reader.u8("whether tier `\(id)` has a minimum")
            switch PresenceTag(rawValue: flag) {
            case .absent: break
            case .present:
                let value = try decimal("the minimum of tier `\(id)`")
                if let currency, value.scale > currency.minorUnits {
                    throw malformed("the minimum \(value) of tier `\(id)` is finer than \(currency.code)'s \(currency.minorUnits) decimals",
                                    at: minimumAt)
                }
                minimum = value
            case nil: throw malformed("the minimum flag \(flag) of tier `\(id)` is neither 0 nor 1", at: minimumAt)
            }
            let limits = try self.limits(of: id)
            let features = try self.tierFeatures(of: id)
            let usagePrices = try self.usagePrices(of: "tier `\(id)`")
            tiers.append(Tier(id: id, name: name, parent: parent, price: price, limits: limits, features: features,
                              usagePrices: usagePrices, minimum: minimum))
        }
        for (tier, parent, offset) in parents where parent == tier || !ids.contains(parent) {
            throw malformed("tier `\(tier)` extends `\(parent)`, which is \(parent == tier ? "itself" : "not a tier")", at: offset)
        }
        return tiers
    }

    /// A tier's features: declared ones, each once, in declaration order.
    mutating func tierFeatures(of tier: String) throws(SnapshotError) -> [String] {
        let count = try reader.count("features of tier `\(tier)`", minimumElementSize: 4)
        var features: [String] = []
        features.reserveCapacity(count)
        var previousIndex = -1
        for _ in 0..<count {
            let at = reader.offset
            let (found, feature) = try reference(to: declaredFeatures, near: previousIndex + 1, "a feature of tier `\(tier)`")
            guard let index = found else {
                throw malformed("tier `\(tier)` grants feature `\(feature)`, which is not declared", at: at)
            }
            guard index > previousIndex else {
                throw malformed("the features of tier `\(tier)` are not each once in declaration order (`\(feature)`)", at: at)
            }
            previousIndex = index
            features.append(feature)
        }
        return features
    }
}
