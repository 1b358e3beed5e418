public import PolicyModel

/// The decision procedure with its counters in this value (docs/log-format.md#decisions with
/// docs/simulation.md#the-fine-points): the stateless ``PolicyRules`` (identify, route, gate by feature) followed by
/// ``QuotaState/charge(_:at:withRateLimit:)`` (check quotas month → day → hour → minute, count allowed cost). The
/// simulator replays with one; a server shares ``rules`` and keeps the counters in a ``QuotaStore``.
public struct PolicyEngine: Sendable {
    public let rules: PolicyRules
    public var policy: Policy { rules.policy }
    /// Identification and routing, shareable with other threads.
    public var resolver: RequestResolver { rules.resolver }
    public var tenants: TenantIndex { rules.tenants }
    /// The counters (``state`` to read them). Stored under another name so that the inlinable ``decide(resolved:at:withRateLimit:)``
    /// may charge them while code outside this module can only read them.
    @usableFromInline var counters: QuotaState
    /// The counters so far.
    @inlinable public var state: QuotaState { counters }

    public init(policy: Policy, tenants directory: TenantDirectory) {
        rules = PolicyRules(policy: policy, tenants: directory)
        counters = QuotaState(tenants: directory.tenants.count, meters: policy.meters.count)
    }

    /// Decides one request arriving at `seconds` (epoch seconds, fraction already floored) and counts it.
    public mutating func decide(_ request: Request, at seconds: Int64) -> Decision {
        decide(resolved: resolver.resolve(request, at: seconds), at: seconds)
    }

    /// Decides a request already identified and routed by ``resolver`` (on any thread) and counts it.
    /// `withRateLimit: false` leaves ``Decision/rateLimit`` nil (the `X-RateLimit-*` values), which a caller
    /// that sends no response (the simulator) does not need; everything else, counting included, is the same.
    /// Inlinable so that the simulator's call builds the decision in place instead of copying its 168 bytes.
    @inlinable
    public mutating func decide(resolved request: ResolvedRequest, at seconds: Int64, withRateLimit: Bool = true) -> Decision {
        switch rules.step(request) {
        case .charge(let charge): return counters.charge(charge, at: seconds, withRateLimit: withRateLimit)
        case let step: return step.decision
        }
    }

    /// Records a gauge reading; returns true when it is above the tier's limit (an over-limit reading refuses
    /// nothing). The tenant and meter must exist and the meter must be a gauge.
    @discardableResult
    public mutating func recordGauge(tenant: Int, meter: Int, value: ExactDecimal, at seconds: Int64) -> Bool {
        counters.recordGauge(tenant: tenant, meter: meter, value: value, at: seconds)
        guard let limit = rules.gaugeLimit(tenant: tenant, meter: meter) else { return false }
        return limit < value
    }

    /// The index of a meter id, for gauge readings.
    public func meterIndex(_ id: String) -> Int? { rules.meterIndex(id) }

    /// A tenant's invoice for a month (`year × 12 + month − 1`) from these counters, under the tenant's
    /// subscription; nil when the tenant's tier is not in the policy or the subscription does not cover the month
    /// (docs/log-format.md#invoices, docs/simulation.md, fine point 7.29).
    public func invoice(tenant: Int, month: Int64) throws(AmountError) -> Invoice? {
        guard let tierIndex = rules.tier(ofTenant: tenant) else { return nil }
        let subscription = tenants.tenants[tenant].subscription
        guard subscription.covers(month) else { return nil }
        let meters = policy.meters
        return try Invoice.assemble(policy: policy, tier: policy.tiers[tierIndex], month: month,
                                    subscription: subscription) { meter in
            state.monthQuantity(tenant: tenant, meter: meter, kind: meters[meter].kind, month: month)
        }
    }
}
