import PolicyModel
import PolicyCheck

extension PolicyDiffer {
    /// Tiers are matched by id. A tier only OLD has and a tier only NEW has whose prices, limits, features and
    /// usage prices are identical are one tier renamed (paired in OLD's order, each with the first such tier of
    /// NEW's order); every other unmatched tier is removed or added.
    static func tiers(_ old: DiffSide, _ new: DiffSide) -> [PolicyChange] {
        var changes: [PolicyChange] = []
        let oldIDs = Set(old.policy.tiers.map(\.id))
        var added = new.policy.tiers.filter { !oldIDs.contains($0.id) }
        for tier in old.policy.tiers {
            if let other = new.policy.tier(tier.id) {
                changes += compare(tier, other, oldSide: old, newSide: new, id: tier.id)
                continue
            }
            if let index = added.firstIndex(where: { sameContent($0, tier) }) {
                let other = added.remove(at: index)
                // Located at the new key (the path names NEW's id). Tenants still on the old id have no tier in
                // NEW: every request of theirs gets 401, so the rename is breaking when the tenants file says so.
                let stranded = old.tenants?.tenants.filter { $0.tier == tier.id }.map(\.id) ?? []
                let names = stranded.prefix(3).map { "`\($0)`" }.joined(separator: ", ") + (stranded.count > 3 ? " and \(stranded.count - 3) more" : "")
                changes.append(PolicyChange(.tier(other.id, .key), tier: other.id, kind: .tierRenamed,
                                            impact: stranded.isEmpty ? .safe : .breaking, old: tier.id, new: other.id,
                                            message: stranded.isEmpty
                                                ? "tier `\(tier.id)` is renamed `\(other.id)` with the same prices, limits and features; move its tenants to `\(other.id)`"
                                                : "tier `\(tier.id)` is renamed `\(other.id)` with the same prices, limits and features, but \(stranded.count == 1 ? "tenant" : "\(stranded.count) tenants") \(names) \(stranded.count == 1 ? "is" : "are") still on `\(tier.id)` and \(stranded.count == 1 ? "gets" : "get") 401 until the tenants file moves \(stranded.count == 1 ? "it" : "them") to `\(other.id)`"))
                changes += cosmetic(tier, other, oldSide: old, newSide: new, id: other.id)
                continue
            }
            changes.append(PolicyChange(.tier(tier.id, .key), tier: tier.id, kind: .tierRemoved, impact: .breaking,
                                        old: tier.id, new: nil,
                                        message: "tier `\(tier.id)` is removed: its tenants lose their plan"))
        }
        for tier in new.policy.tiers where added.contains(where: { $0.id == tier.id }) && !oldIDs.contains(tier.id) {
            changes.append(PolicyChange(.tier(tier.id, .key), tier: tier.id, kind: .tierAdded, impact: .safe, old: nil,
                                        new: tier.id, message: "tier `\(tier.id)` is added at \(format(tier.price, new.policy.currency)) a month"))
        }
        return changes
    }

    /// Equal in everything a customer pays or gets (the id and the display name aside).
    static func sameContent(_ a: Tier, _ b: Tier) -> Bool {
        a.price == b.price && a.limits == b.limits && a.features == b.features && a.usagePrices == b.usagePrices
    }

    /// Every change of one tier present on both sides; `id` is the tier's id in NEW.
    static func compare(_ old: Tier, _ new: Tier, oldSide: DiffSide, newSide: DiffSide, id: String) -> [PolicyChange] {
        var changes = cosmetic(old, new, oldSide: oldSide, newSide: newSide, id: id)
        if old.price != new.price {
            let up = new.price > old.price
            let currency = newSide.policy.currency
            changes.append(PolicyChange(.tier(id, .price), tier: id, kind: up ? .priceIncreased : .priceDecreased,
                                        impact: up ? .breaking : .safe, old: old.price.description, new: new.price.description,
                                        message: "the price of tier `\(id)` goes \(up ? "up" : "down") from \(format(old.price, oldSide.policy.currency)) to \(format(new.price, currency)) a month"))
        }
        // No minimum is a minimum of 0: adding one can only raise an invoice, removing one only lower it.
        if let before = Optional(old.minimum ?? .zero), let after = Optional(new.minimum ?? .zero), before != after {
            let up = before < after
            let describe = { (value: ExactDecimal?, currency: Currency) in value.map { format($0, currency) } ?? "none" }
            changes.append(PolicyChange(.tier(id, .minimum), tier: id, kind: up ? .minimumIncreased : .minimumDecreased,
                                        impact: up ? .breaking : .safe, old: old.minimum?.description, new: new.minimum?.description,
                                        message: "the monthly minimum of tier `\(id)` goes \(up ? "up" : "down") from \(describe(old.minimum, oldSide.policy.currency)) to \(describe(new.minimum, newSide.policy.currency))"))
        }
        changes += usagePrices(old, new, id: id)
        changes += limits(old, new, id: id, oldPolicy: oldSide.policy, newPolicy: newSide.policy)
        let oldFeatures = Set(old.features)
        let newFeatures = Set(new.features)
        for feature in old.features where !newFeatures.contains(feature) {
            changes.append(PolicyChange(.tier(id, .feature(feature)), tier: id, kind: .featureWithdrawn, impact: .breaking,
                                        old: feature, new: nil, message: "tier `\(id)` loses feature `\(feature)`"))
        }
        for feature in new.features where !oldFeatures.contains(feature) {
            changes.append(PolicyChange(.tier(id, .feature(feature)), tier: id, kind: .featureGranted, impact: .safe,
                                        old: nil, new: feature, message: "tier `\(id)` gains feature `\(feature)`"))
        }
        return changes
    }

    /// Display name and description.
    static func cosmetic(_ old: Tier, _ new: Tier, oldSide: DiffSide, newSide: DiffSide, id: String) -> [PolicyChange] {
        var changes: [PolicyChange] = []
        if old.name != new.name {
            changes.append(PolicyChange(.tier(id, .name), tier: id, kind: .tierNameChanged, impact: .cosmetic,
                                        old: old.name, new: new.name,
                                        message: "tier `\(id)` is displayed as \"\(new.name)\" instead of \"\(old.name)\""))
        }
        let oldDescription = description(of: old.id, on: oldSide)
        let newDescription = description(of: new.id, on: newSide)
        if oldSide.document != nil, newSide.document != nil, oldDescription != newDescription {
            changes.append(PolicyChange(.tier(id, .description), tier: id, kind: .tierDescriptionChanged,
                                        impact: .cosmetic, old: oldDescription, new: newDescription,
                                        message: "the description of tier `\(id)` changes"))
        }
        return changes
    }

    /// A tier's description, inherited through `extends` like everything else: the declaration that writes it
    /// is looked up in the side's provenance.
    static func description(of tier: String, on side: DiffSide) -> String? {
        guard let document = side.document, let owner = side.provenance?.origin(tier: tier, .description)?.tier else { return nil }
        return document.tiers.first { $0.id.value == owner }?.description?.value
    }

    static func limits(_ old: Tier, _ new: Tier, id: String, oldPolicy: Policy, newPolicy: Policy) -> [PolicyChange] {
        var changes: [PolicyChange] = []
        // Meters in NEW's declaration order, then meters only OLD declares.
        var meterIDs = newPolicy.meters.map(\.id)
        for meter in oldPolicy.meters where !meterIDs.contains(meter.id) { meterIDs.append(meter.id) }
        for meter in meterIDs {
            let was = old.limits[meter]
            let now = new.limits[meter]
            if was == now { continue }
            switch (was, now) {
            case (.gauge(let a)?, .gauge(let b)?):
                changes += limitChange(gauge: a, b, path: .tier(id, .limits(meter: meter)), tier: id, what: "`\(meter)`")
            case (.gauge(let a)?, nil):
                changes += limitChange(gauge: a, .unlimited, path: .tier(id, .limits(meter: meter)), tier: id, what: "`\(meter)`")
            case (nil, .gauge(let b)?):
                changes += limitChange(gauge: .unlimited, b, path: .tier(id, .limits(meter: meter)), tier: id, what: "`\(meter)`")
            default:
                // Counters (or a meter whose kind changed, compared window by window).
                for window in Window.checkOrder.reversed() {
                    let a = counterLimit(was, window)
                    let b = counterLimit(now, window)
                    guard a != b else { continue }
                    changes.append(limitChange(a, b, path: .tier(id, .limit(meter: meter, window: window)), tier: id,
                                               what: "`\(meter)` per \(window.rawValue)"))
                }
            }
        }
        return changes
    }

    static func counterLimit(_ limit: MeterLimit?, _ window: Window) -> Limit {
        if case .counter(let windows)? = limit { return windows[window] ?? .unlimited }
        return .unlimited
    }

    static func limitChange(_ a: Limit, _ b: Limit, path: PolicyPath, tier: String, what: String) -> PolicyChange {
        let (kind, impact): (ChangeKind, ChangeImpact) = switch (a, b) {
        case (.unlimited, _): (.limitMadeLimited, .breaking)
        case (_, .unlimited): (.limitMadeUnlimited, .safe)
        default: b > a ? (.limitRaised, .safe) : (.limitCut, .breaking)
        }
        return PolicyChange(path, tier: tier, kind: kind, impact: impact, old: a.description, new: b.description,
                            message: limitMessage(kind, tier: tier, what: what, old: a.description, new: b.description))
    }

    static func limitChange(gauge a: GaugeLimit, _ b: GaugeLimit, path: PolicyPath, tier: String, what: String) -> [PolicyChange] {
        guard a != b else { return [] }
        let (kind, impact): (ChangeKind, ChangeImpact) = switch (a, b) {
        case (.unlimited, _): (.limitMadeLimited, .breaking)
        case (_, .unlimited): (.limitMadeUnlimited, .safe)
        case (.level(let x), .level(let y)): y > x ? (.limitRaised, .safe) : (.limitCut, .breaking)
        }
        return [PolicyChange(path, tier: tier, kind: kind, impact: impact, old: a.description, new: b.description,
                             message: limitMessage(kind, tier: tier, what: what, old: a.description, new: b.description))]
    }

    static func limitMessage(_ kind: ChangeKind, tier: String, what: String, old: String, new: String) -> String {
        switch kind {
        case .limitMadeLimited: "tier `\(tier)` limits \(what) to \(new) (it was unlimited)"
        case .limitMadeUnlimited: "tier `\(tier)` makes \(what) unlimited (it was \(old))"
        case .limitRaised: "tier `\(tier)` raises \(what) from \(old) to \(new)"
        default: "tier `\(tier)` cuts \(what) from \(old) to \(new)"
        }
    }

    /// An amount with the currency's digits and code, e.g. `29.00 USD`.
    static func format(_ amount: ExactDecimal, _ currency: Currency) -> String {
        "\(amount.formatted(fractionDigits: max(currency.minorUnits, amount.scale))) \(currency.code)"
    }
}
