import PolicySource
import PolicyModel

/// The warnings about pricing v2 (docs/policy-format.md#usage-price-forms-and-minimums): a `free` allowance that
/// covers a tier's whole monthly limit, and a `minimum` that the base price alone always reaches.
extension PolicyLints {
    mutating func pricingV2() {
        for tier in policy.tiers {
            for meter in policy.meters {
                guard let price = tier.usagePrices[meter.id], !price.free.isZero, let limit = monthlyCeiling(tier, meter) else { continue }
                guard !(price.free < limit), let at = provenance.origin(tier: tier.id, .usagePriceFree(meter: meter.id))?.range else { continue }
                let what = meter.kind == .counter ? "monthly limit" : "limit"
                warn(.freeCoversLimit, "tier `\(tier.id)`: `free: \(price.free)` of `\(meter.id)` covers the tier's whole \(what) (\(limit)); the usage price never applies",
                     at: at, notes: limitSource(tier.id, meter.id, .month).map { [note("the \(what) is set here", at: $0.range)] } ?? [])
            }
            guard let minimum = tier.minimum, !(tier.price < minimum), let decl = declsByID[tier.id],
                  decl.minimum != nil || decl.price != nil, let at = provenance.origin(tier: tier.id, .minimum)?.range else { continue }
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
}
