import PolicySource
import PolicyModel

/// The warnings about pricing v2 (docs/policy-format.md#usage-price-forms-and-minimums): a `free` allowance that
/// covers a tier's whole monthly limit, and a `minimum` that the base price alone always reaches.
extension PolicyLints {
    mutating func pricingV2() {
        for tier in policy.tiers {
            for meter in policy.meters {
                guard let price = tier.usagePrices[meter.id], !price.free.isZero, let limit = monthlyCeiling(tier, meter) else { continue }
                guard !(price.free < limit), let written = usagePriceSource(tier.id, meter.id), let at = written.freeRange else { continue }
                let what = meter.kind == .counter ? "monthly limit" : "limit"
                warn(.freeCoversLimit, "tier `\(tier.id)`: `free: \(price.free)` of `\(meter.id)` covers the tier's whole \(what) (\(limit)); the usage price never applies",
                     at: at, notes: limitRange(tier.id, meter).map { [note("the \(what) is set here", at: $0)] } ?? [])
            }
            guard let minimum = tier.minimum, !(tier.price < minimum), let decl = declsByID[tier.id],
                  decl.minimum != nil || decl.price != nil, let at = minimumSource(tier.id) else { continue }
            warn(.minimumNeverBinds, "tier `\(tier.id)`: the minimum \(money(minimum)) is not above the base price \(money(tier.price)); the base line alone always reaches it, so it never adds a line",
                 at: at, notes: priceSource(tier.id).map { [note("the base price is set here", at: $0.range)] } ?? [])
        }
    }

    /// The most a tier lets a tenant use of a meter in a month: a counter's monthly limit, a gauge's level.
    private func monthlyCeiling(_ tier: Tier, _ meter: Meter) -> ExactDecimal? {
        switch tier.limits[meter.id] {
        case .counter(let windows)?:
            if case .limited(let value)? = windows[.month] { return ExactDecimal(significand: Int128(value), scale: 0) }
            return nil
        case .gauge(.level(let level))?: return level
        default: return nil
        }
    }

    /// Where the month (or gauge) limit of a meter that tier `id` has is written.
    private func limitRange(_ id: String, _ meter: Meter) -> SourceRange? {
        var cursor: String? = id
        var seen: Set<String> = []
        while let current = cursor, seen.insert(current).inserted, let decl = declsByID[current] {
            if let own = decl.limits.last(where: { $0.meter.value == meter.id }) {
                if let limit = own.limit(.month) { return limit.range }
                if case .gauge(let level)? = own.value { return level.range }
            }
            cursor = decl.extends?.value
        }
        return nil
    }

    /// The declaration of the usage price that tier `id` has for `meter`: its own, the nearest ancestor's, or the
    /// policy-wide one.
    private func usagePriceSource(_ id: String, _ meter: String) -> UsagePriceDecl? {
        var cursor: String? = id
        var seen: Set<String> = []
        while let current = cursor, seen.insert(current).inserted, let decl = declsByID[current] {
            if let own = decl.usagePrices.last(where: { $0.meter.value == meter }) { return own }
            cursor = decl.extends?.value
        }
        return document.usagePrices.last { $0.meter.value == meter }
    }

    /// Where tier `id`'s minimum is written: its own `minimum` or the nearest ancestor's.
    private func minimumSource(_ id: String) -> SourceRange? {
        var cursor: String? = id
        var seen: Set<String> = []
        while let current = cursor, seen.insert(current).inserted, let decl = declsByID[current] {
            if let minimum = decl.minimum { return minimum.range }
            cursor = decl.extends?.value
        }
        return nil
    }
}
