import PolicyModel

/// Which tenants two policies decide alike (docs/simulation.md, "Deciding once for both policies"): `tierc diff
/// --replay` decides such a tenant's requests once and counts the decision on both sides.
extension PolicyRules {
    /// For each tenant of the directory, whether `other` decides every request of it exactly as these rules do,
    /// whatever the counters: both resolve alike (``RequestResolver/resolvesAlike(_:)``: identification, tenants, route
    /// globs), routes mean the same feature, meter and cost, the meters and the default meter are the same, and the
    /// tenant's tier has the same limits and features under both (or the tenant's tier is in neither policy). Prices
    /// play no part in a decision. Nil when no tenant is decided alike because the policy-wide rules differ.
    public func tenantsDecidingAlike(_ other: PolicyRules) -> [Bool]? {
        // `resolvesAlike` compares the identification settings (`require_tenant` among them) and the tenants.
        guard resolver.resolvesAlike(other.resolver), routes == other.routes, defaultMeter == other.defaultMeter,
              meterIDs == other.meterIDs, policy.meters.map(\.kind) == other.policy.meters.map(\.kind),
              featureCount == other.featureCount else { return nil }
        let limitsPerTier = meterIDs.count * Window.slotCount
        return zip(tenantTier, other.tenantTier).map { tier, otherTier in
            guard tier >= 0, otherTier >= 0 else { return tier < 0 && otherTier < 0 }
            return limits[(tier * limitsPerTier)..<((tier + 1) * limitsPerTier)]
                    == other.limits[(otherTier * limitsPerTier)..<((otherTier + 1) * limitsPerTier)]
                && features[(tier * featureCount)..<((tier + 1) * featureCount)]
                    == other.features[(otherTier * featureCount)..<((otherTier + 1) * featureCount)]
        }
    }
}
