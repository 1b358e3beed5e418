import PolicyModel

extension QuotaState {
    /// Takes over every counter and gauge reading of the tenants that `owns` selects from `part`, a state that
    /// counted those tenants' requests and no other's, and adds its checks beyond the horizon. Decisions of different
    /// tenants never share a counter, so replays split by tenant and joined this way end in the state of one replay
    /// in file order (docs/simulation.md, "Replaying on several threads").
    public mutating func adopt(tenantsOf part: QuotaState, where owns: (Int) -> Bool) {
        precondition(part.meterCount == meterCount && part.gauges.count == gauges.count,
                     "QuotaState.adopt: the states are of different policies or tenants")
        let tenants = meterCount == 0 ? 0 : gauges.count / meterCount
        for tenant in 0..<tenants where owns(tenant) {
            let groups = (tenant * meterCount)..<((tenant + 1) * meterCount)
            let slots = Window.firstSlot(ofGroup: groups.lowerBound)..<Window.firstSlot(ofGroup: groups.upperBound)
            windows.replaceSubrange(slots, with: part.windows[slots])
            gauges.replaceSubrange(groups, with: part.gauges[groups])
        }
        decisionsBeyondHorizon += part.decisionsBeyondHorizon
    }

    /// Takes over the counters (not the gauge readings) of the tenants that `owns` selects from `other`, a state
    /// of a policy that decided those tenants' requests as this one would have (docs/simulation.md, "Deciding once
    /// for both policies"), and adds `beyondHorizon`, those decisions' checks beyond the horizon.
    public mutating func adoptCounters(of other: QuotaState, where owns: (Int) -> Bool, beyondHorizon: Int) {
        precondition(other.meterCount == meterCount && other.gauges.count == gauges.count,
                     "QuotaState.adoptCounters: the states are of different meters or tenants")
        let tenants = meterCount == 0 ? 0 : gauges.count / meterCount
        for tenant in 0..<tenants where owns(tenant) {
            let slots = Window.firstSlot(ofGroup: tenant * meterCount)..<Window.firstSlot(ofGroup: (tenant + 1) * meterCount)
            windows.replaceSubrange(slots, with: other.windows[slots])
        }
        decisionsBeyondHorizon += beyondHorizon
    }
}

extension PolicyEngine {
    /// ``QuotaState/adopt(tenantsOf:where:)`` on this engine's counters: `part` is an engine of the same policy and
    /// tenants that decided only the requests of the tenants `owns` selects.
    public mutating func adopt(tenantsOf part: PolicyEngine, where owns: (Int) -> Bool) {
        counters.adopt(tenantsOf: part.state, where: owns)
    }

    /// ``QuotaState/adoptCounters(of:where:beyondHorizon:)`` on this engine's counters.
    public mutating func adoptCounters(of other: PolicyEngine, where owns: (Int) -> Bool, beyondHorizon: Int) {
        counters.adoptCounters(of: other.state, where: owns, beyondHorizon: beyondHorizon)
    }
}
