import PolicySource
import PolicyModel

/// The tiers' step of ``PolicyResolver/resolve()``: their references, the `extends` graph, and each tier with
/// its chain applied root to leaf, recording where every value came from (docs/policy-format.md#inheritance-with-extends).
extension PolicyResolver {
    /// Reports the undefined meters, features and parents the tiers name.
    mutating func checkTierReferences(_ names: DeclaredNames, _ tiersByID: [String: TierDecl]) {
        for tier in document.tiers {
            for limit in tier.limits { _ = referenceMeter(limit.meter, meterIDs: names.meters, what: "a limit") }
            for feature in tier.features { _ = referenceFeature(feature, featureIDs: names.features) }
            for price in tier.usagePrices { _ = referenceMeter(price.meter, meterIDs: names.meters, what: "a usage price") }
            if let parent = tier.extends, tiersByID[parent.value] == nil, !document.rejectedNames.contains(parent.value) {
                let correction = Correction(parent.value, in: names.tiers)
                error(.undefinedTier, "tier `\(tier.id.value)` extends `\(parent.value)`, which is not a tier"
                      + correction.phrase(otherwise: "; tiers: " + Correction.list(names.tiers)),
                      at: parent.range, fixIts: correction.fixIts(replacing: parent.range))
            }
        }
    }

    /// Every tier outside a cycle whose chain resolves and that has a price, in file order.
    mutating func resolveTiers(_ tiersByID: [String: TierDecl], excluding cyclic: Set<String>,
                               policyPrices: [String: UsagePrice], featureOrder: [String]) -> [Tier] {
        var cache: [String: TierProvenanceEntry] = [:]
        cache.reserveCapacity(document.tiers.count)
        provenance.tiers.reserveCapacity(document.tiers.count)
        // Every tier starts from the policy-wide usage prices.
        var base = TierOrigins()
        for decl in document.usagePrices where decl.price != nil && policyPrices[decl.meter.value] != nil {
            base.usagePrices[decl.meter.value] = TierOrigins.PriceOrigins(
                price: ValueOrigin(range: decl.range, tier: nil), free: decl.freeRange.map { ValueOrigin(range: $0, tier: nil) })
        }
        var tiers: [Tier] = []
        for decl in document.tiers where !cyclic.contains(decl.id.value) {
            guard let resolved = resolveTier(decl.id.value, tiersByID: tiersByID, policyPrices: policyPrices,
                                             baseOrigins: base, featureOrder: featureOrder, cache: &cache) else { continue }
            let tier = resolved.tier
            provenance.tiers[decl.id.value] = resolved.origins
            // A `price` key written in the chain, valid or not (an invalid one is reported already).
            if tier.price == ExactDecimal.missingPrice, resolved.origins.priceKey == nil {
                error(.missingKey, "tier `\(decl.id.value)` has no `price` and inherits none; add e.g. `price: 0`", at: decl.id.range)
                continue
            }
            tiers.append(tier)
        }
        return tiers
    }

    /// A resolved tier with the origin of each of its values.
    struct TierProvenanceEntry {
        var tier: Tier
        var origins: TierOrigins
    }

    /// Reports each `extends` cycle once, at the first tier of the cycle in ladder order; returns the ids of
    /// every tier that is in a cycle or extends into one.
    mutating func reportCycles(_ tiersByID: [String: TierDecl]) -> Set<String> {
        var state: [String: Int] = [:]  // 1 = on the current path, 2 = done
        var bad: Set<String> = []
        for start in document.tiers.map(\.id.value) where state[start] == nil {
            var path: [String] = []
            var current: String? = start
            while let id = current, let tier = tiersByID[id] {
                if state[id] == 2 {
                    if bad.contains(id) { bad.formUnion(path) }
                    break
                }
                if state[id] == 1 {
                    let cycle = Array(path[path.firstIndex(of: id)!...])
                    let first = document.tiers.first { cycle.contains($0.id.value) }!
                    let rotated = Array(cycle[cycle.firstIndex(of: first.id.value)!...] + cycle[..<cycle.firstIndex(of: first.id.value)!])
                    let chain = (rotated + [rotated[0]]).map { "`\($0)`" }.joined(separator: " → ")
                    let notes = rotated.dropFirst().compactMap { id in
                        tiersByID[id]?.extends.map { note("`\(id)` extends `\($0.value)` here", at: $0.range) }
                    }
                    error(.extendsCycle, "tiers extend each other in a cycle: \(chain); remove one `extends`",
                          at: first.extends?.range ?? first.id.range, notes: notes)
                    bad.formUnion(path)
                    break
                }
                state[id] = 1
                path.append(id)
                current = tier.extends?.value
            }
            for id in path { state[id] = 2 }
        }
        return bad
    }

    /// The tier with its chain applied, root to leaf, and where its values came from. Nil if the chain has an
    /// undefined parent.
    private func resolveTier(_ id: String, tiersByID: [String: TierDecl], policyPrices: [String: UsagePrice],
                             baseOrigins: TierOrigins, featureOrder: [String],
                             cache: inout [String: TierProvenanceEntry]) -> TierProvenanceEntry? {
        if let done = cache[id] { return done }
        // Walk up iteratively (chains can be long), then apply root to leaf.
        var chain: [TierDecl] = []
        var cursor: String? = id
        var base: TierProvenanceEntry?
        while let current = cursor {
            if let done = cache[current] { base = done; break }
            guard let decl = tiersByID[current] else { return nil }
            chain.append(decl)
            cursor = decl.extends?.value
        }
        var entry = base ?? TierProvenanceEntry(tier: Tier(id: "", name: "", price: .missingPrice, usagePrices: policyPrices),
                                                origins: baseOrigins)
        for decl in chain.reversed() {
            Self.apply(decl, to: &entry, featureOrder: featureOrder)
            cache[decl.id.value] = entry
        }
        return entry
    }

    /// Applies one declaration of the chain over what its ancestors resolved to, noting each value it writes.
    private static func apply(_ decl: TierDecl, to entry: inout TierProvenanceEntry, featureOrder: [String]) {
        let id = decl.id.value
        func here(_ range: SourceRange) -> ValueOrigin { ValueOrigin(range: range, tier: id) }
        entry.tier.id = id
        entry.tier.parent = decl.extends?.value
        entry.origins.key = here(decl.id.range)
        if let name = decl.name {
            entry.tier.name = name.value
            entry.origins.name = here(name.range)
        } else if entry.tier.name.isEmpty {
            entry.tier.name = id
        }
        if let description = decl.description { entry.origins.description = here(description.range) }
        if let price = decl.price {
            entry.tier.price = price.value
            entry.origins.price = here(price.range)
        }
        if let key = decl.priceKey { entry.origins.priceKey = here(key) }
        if let minimum = decl.minimum {
            entry.tier.minimum = minimum.value
            entry.origins.minimum = here(minimum.range)
        }
        for limit in decl.limits {
            let meter = limit.meter.value
            var origins = entry.origins.meters.removeValue(forKey: meter) ?? TierOrigins.MeterOrigins()
            origins.entry = here(limit.range)
            switch limit.value {
            case .counter(let windows)?:
                var merged: [Window: Limit] = [:]
                if case .counter(let inherited)? = entry.tier.limits[meter] { merged = inherited } else { origins.windows = [:] }
                for (window, value) in windows {
                    merged[window.value] = value.value
                    origins.windows[window.value] = here(value.range)
                }
                entry.tier.limits[meter] = .counter(merged)
                origins.gauge = nil
            case .gauge(let level)?:
                entry.tier.limits[meter] = .gauge(level.value)
                origins.gauge = here(level.range)
                origins.windows = [:]
            case nil:
                break
            }
            entry.origins.meters[meter] = origins
        }
        // An extending tier that grants nothing new keeps its parent's (already ordered) features.
        if !decl.features.isEmpty {
            let granted = Set(entry.tier.features + decl.features.map(\.value))
            entry.tier.features = featureOrder.filter(granted.contains)
        }
        // The first listing of a feature in the nearest declaration is where it is granted.
        for feature in decl.features.reversed() { entry.origins.features[feature.value] = here(feature.range) }
        for price in decl.usagePrices {
            guard let value = price.price else { continue }
            entry.tier.usagePrices[price.meter.value] = value
            entry.origins.usagePrices[price.meter.value] = TierOrigins.PriceOrigins(price: here(price.range), free: price.freeRange.map(here))
        }
    }
}
