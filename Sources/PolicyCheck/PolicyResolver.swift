import PolicySource
import PolicyModel

/// Checks the cross-references of a decoded policy (meters, features, tiers, windows, `extends`) and resolves
/// it into a ``Policy``: inheritance applied, defaults filled in. Returns nil when anything it needs is missing
/// or wrong (the diagnostics say what).
struct PolicyResolver: NodeDecoding {
    let document: PolicyDocument
    let file: String
    var diagnostics: [Diagnostic] = []
    var misspelt: [String: SourceRange] = [:]

    init(document: PolicyDocument, file: String) {
        self.document = document
        self.file = file
    }

    mutating func resolve() -> Policy? {
        let meterIDs = document.meters.map(\.id.value)
        let featureIDs = document.features.map(\.id.value)
        let tierIDs = document.tiers.map(\.id.value)
        var kinds: [String: MeterKind] = [:]
        for meter in document.meters { if let kind = meter.kind { kinds[meter.id.value] = kind.value } }
        let counters = document.meters.filter { $0.kind?.value == .counter }.map(\.id.value)

        // Duplicated keys of one mapping were reported by the YAML reader; identical tier or meter ids cannot occur.

        // Default meter.
        var defaultMeter: String?
        if let named = document.defaultMeter {
            if referenceMeter(named, meterIDs: meterIDs, what: "`default_meter`") {
                if kinds[named.value] == .gauge {
                    error(.meterKindMismatch, "`default_meter` must be a counter, but `\(named.value)` is a gauge"
                          + (counters.isEmpty ? "" : "; counters: \(counters.map { "`\($0)`" }.joined(separator: ", "))"), at: named.range)
                } else {
                    defaultMeter = named.value
                }
            }
        } else if counters.count == 1 {
            defaultMeter = counters[0]
        } else if counters.count > 1 {
            error(.missingDefaultMeter, "several counter meters (\(counters.map { "`\($0)`" }.joined(separator: ", "))) and no `default_meter`; add `default_meter: \(counters[0])` to say which one a request uses when no route names one",
                  at: document.metersKey ?? document.range)
        }

        // Identification.
        let identification = resolveIdentification()

        // Routes.
        var routes: [Route] = []
        for decl in document.routes {
            guard let match = decl.match else { continue }
            var route = Route(match: match.value, cost: decl.cost?.value ?? 1)
            if let feature = decl.feature, referenceFeature(feature, featureIDs: featureIDs) { route.feature = feature.value }
            if let meter = decl.meter {
                if referenceMeter(meter, meterIDs: meterIDs, what: "the route's `meter`") {
                    if kinds[meter.value] == .gauge {
                        error(.meterKindMismatch, "a route charges a counter meter, but `\(meter.value)` is a gauge; gauges are reported as readings, not per request",
                              at: meter.range)
                    }
                    route.meter = meter.value
                }
            } else {
                route.meter = defaultMeter
            }
            routes.append(route)
        }

        // Usage prices: policy-wide.
        var policyPrices: [String: UsagePrice] = [:]
        for decl in document.usagePrices {
            if referenceMeter(decl.meter, meterIDs: meterIDs, what: "a usage price"), let price = decl.price {
                policyPrices[decl.meter.value] = price
            }
        }

        // Tiers: references first, then the `extends` graph.
        let tiersByID = Dictionary(document.tiers.map { ($0.id.value, $0) }, uniquingKeysWith: { first, _ in first })
        for tier in document.tiers {
            for limit in tier.limits { _ = referenceMeter(limit.meter, meterIDs: meterIDs, what: "a limit") }
            for feature in tier.features { _ = referenceFeature(feature, featureIDs: featureIDs) }
            for price in tier.usagePrices { _ = referenceMeter(price.meter, meterIDs: meterIDs, what: "a usage price") }
            if let parent = tier.extends, tiersByID[parent.value] == nil, !document.rejectedNames.contains(parent.value) {
                let suggestion = Suggestion.closest(to: parent.value, in: tierIDs)
                error(.undefinedTier, "tier `\(tier.id.value)` extends `\(parent.value)`, which is not a tier"
                      + (suggestion.map { "; did you mean `\($0)`?" } ?? "; tiers: " + tierIDs.map { "`\($0)`" }.joined(separator: ", ")),
                      at: parent.range, fixIts: suggestion.map { [FixIt("replace with `\($0)`", range: parent.range, replacement: $0)] } ?? [])
            }
        }
        let cyclic = reportCycles(tiersByID)

        var resolved: [String: Tier] = [:]
        var tiers: [Tier] = []
        for decl in document.tiers where !cyclic.contains(decl.id.value) {
            guard let tier = resolveTier(decl.id.value, tiersByID: tiersByID, policyPrices: policyPrices,
                                         featureOrder: featureIDs, cache: &resolved) else { continue }
            if tier.price == ExactDecimal.missingPrice, !chainWritesPrice(decl.id.value, tiersByID) {
                error(.missingKey, "tier `\(decl.id.value)` has no `price` and inherits none; add e.g. `price: 0`", at: decl.id.range)
                continue
            }
            tiers.append(tier)
        }

        guard !diagnostics.contains(where: { $0.severity == .error }),
              let name = document.name, let currency = document.currency, document.format != nil,
              tiers.count == document.tiers.count, !tiers.isEmpty, !document.meters.isEmpty,
              document.meters.allSatisfy({ $0.kind != nil }) else { return nil }
        return Policy(
            format: 1, name: name.value, currency: currency.value, rounding: document.rounding?.value ?? .halfUp,
            defaultMeter: defaultMeter, identification: identification,
            meters: document.meters.compactMap { decl in decl.kind.map { Meter(id: decl.id.value, kind: $0.value, unit: decl.unit?.value) } },
            features: document.features.map { Feature(id: $0.id.value, description: $0.description?.value) },
            routes: routes, usagePrices: policyPrices, tiers: tiers)
    }

    // MARK: - References

    private mutating func referenceMeter(_ name: Located<String>, meterIDs: [String], what: String) -> Bool {
        guard !meterIDs.contains(name.value) else { return true }
        guard !document.rejectedNames.contains(name.value) else { return false }
        let suggestion = Suggestion.closest(to: name.value, in: meterIDs)
        error(.undefinedMeter, "\(what) names meter `\(name.value)`, which `meters` does not declare"
              + (suggestion.map { "; did you mean `\($0)`?" } ?? (meterIDs.isEmpty ? "" : "; meters: " + meterIDs.map { "`\($0)`" }.joined(separator: ", "))),
              at: name.range, fixIts: suggestion.map { [FixIt("replace with `\($0)`", range: name.range, replacement: $0)] } ?? [])
        return false
    }

    private mutating func referenceFeature(_ name: Located<String>, featureIDs: [String]) -> Bool {
        guard !featureIDs.contains(name.value) else { return true }
        guard !document.rejectedNames.contains(name.value) else { return false }
        let suggestion = Suggestion.closest(to: name.value, in: featureIDs)
        error(.undefinedFeature, "feature `\(name.value)` is not declared under `features`"
              + (suggestion.map { "; did you mean `\($0)`?" } ?? (featureIDs.isEmpty ? "; declare it: `features: { \(name.value): {} }`" : "; features: " + featureIDs.map { "`\($0)`" }.joined(separator: ", "))),
              at: name.range, fixIts: suggestion.map { [FixIt("replace with `\($0)`", range: name.range, replacement: $0)] } ?? [])
        return false
    }

    // MARK: - Identification

    private mutating func resolveIdentification() -> Identification {
        let decl = document.identification
        let order = decl.order?.map(\.value) ?? Identification.defaultOrder(hasBaseDomain: decl.baseDomain != nil)
        if decl.baseDomainKey == nil {
            if let entry = decl.order?.first(where: { $0.value == .subdomain }) {
                error(.missingBaseDomain, "subdomain identification needs `base_domain`; add `subdomain: { base_domain: example.com }` under `identification`",
                      at: entry.range, notes: decl.subdomainKey.map { [note("`subdomain` is configured here", at: $0)] } ?? [])
            } else if let key = decl.subdomainKey, decl.order == nil {
                error(.missingBaseDomain, "`subdomain` identification is configured without `base_domain`; add `base_domain: example.com`",
                      at: key)
            }
        }
        return Identification(
            order: order, apiKeyScheme: decl.apiKeyScheme?.value ?? Identification.defaultScheme,
            headerNames: decl.headerNames?.map(\.value) ?? Identification.defaultHeaderNames,
            baseDomain: decl.baseDomain?.value, queryParam: decl.queryParam?.value ?? Identification.defaultQueryParam,
            requireTenant: decl.requireTenant?.value ?? false, trustedHeader: decl.trustedHeader?.value ?? false)
    }

    // MARK: - Tiers

    /// Reports each `extends` cycle once, at the first tier of the cycle in ladder order; returns the ids of
    /// every tier that is in a cycle or extends into one.
    private mutating func reportCycles(_ tiersByID: [String: TierDecl]) -> Set<String> {
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

    /// Whether the tier or an ancestor writes a `price` key (valid or not: an invalid one is reported already).
    private func chainWritesPrice(_ id: String, _ tiersByID: [String: TierDecl]) -> Bool {
        var cursor: String? = id
        var seen: Set<String> = []
        while let current = cursor, seen.insert(current).inserted, let decl = tiersByID[current] {
            if decl.priceKey != nil { return true }
            cursor = decl.extends?.value
        }
        return false
    }

    /// The tier with its chain applied, root to leaf. Nil if the chain has an undefined parent.
    private func resolveTier(_ id: String, tiersByID: [String: TierDecl], policyPrices: [String: UsagePrice],
                             featureOrder: [String], cache: inout [String: Tier]) -> Tier? {
        if let done = cache[id] { return done }
        // Walk up iteratively (chains can be long), then apply root to leaf.
        var chain: [TierDecl] = []
        var cursor: String? = id
        var base: Tier?
        while let current = cursor {
            if let done = cache[current] { base = done; break }
            guard let decl = tiersByID[current] else { return nil }
            chain.append(decl)
            cursor = decl.extends?.value
        }
        var tier = base ?? Tier(id: "", name: "", price: .missingPrice, usagePrices: policyPrices)
        for decl in chain.reversed() {
            tier.id = decl.id.value
            tier.parent = decl.extends?.value
            if let name = decl.name { tier.name = name.value } else if tier.name.isEmpty { tier.name = decl.id.value }
            if let price = decl.price { tier.price = price.value }
            if let minimum = decl.minimum { tier.minimum = minimum.value }
            for limit in decl.limits {
                switch limit.value {
                case .counter(let windows)?:
                    var merged: [Window: Limit] = [:]
                    if case .counter(let inherited)? = tier.limits[limit.meter.value] { merged = inherited }
                    for (window, value) in windows { merged[window.value] = value.value }
                    tier.limits[limit.meter.value] = .counter(merged)
                case .gauge(let level)?:
                    tier.limits[limit.meter.value] = .gauge(level.value)
                case nil:
                    break
                }
            }
            // An extending tier that grants nothing new keeps its parent's (already ordered) features.
            if !decl.features.isEmpty {
                let granted = Set(tier.features + decl.features.map(\.value))
                tier.features = featureOrder.filter(granted.contains)
            }
            for price in decl.usagePrices { if let value = price.price { tier.usagePrices[price.meter.value] = value } }
            cache[decl.id.value] = tier
        }
        return tier
    }
}

extension ExactDecimal {
    /// A sentinel for "no price set anywhere in the chain" during resolution (never escapes the resolver).
    static let missingPrice = ExactDecimal(significand: -1, scale: 0)
}
