public import PolicyModel

/// The stateless half of the decision procedure (docs/log-format.md#decisions): identification and routing (through
/// ``resolver``), the tenant's tier, the feature gate and the quota charge a request asks for. Immutable and
/// `Sendable`: a server shares one between all its connections, and only the quota state (``QuotaState``, or a
/// ``QuotaStore``) is behind a lock. A class, so that deciding does not copy the policy's tables per request
/// (BENCHMARKS.md, "Latest results: tierc simulate").
public final class PolicyRules: Sendable {
    public let policy: Policy
    /// Identification and routing.
    public let resolver: RequestResolver
    public var tenants: TenantIndex { resolver.tenants }

    /// What a route means for the decision; the glob lives in ``resolver``.
    struct CompiledRoute: Sendable, Equatable {
        var feature: Int?
        var meter: Int?
        var cost: Int64
    }

    let routes: [CompiledRoute]
    let defaultMeter: Int?
    let meterIDs: [String]
    /// Tier index of each tenant (-1 when the tenant's tier is not in the policy: such a tenant is refused 401).
    let tenantTier: [Int]
    /// Limits by `Window.slot(window, inGroup: tier × meters + meter)`; -1 = unlimited.
    let limits: [Int64]
    /// `[tier][meter]` gauge limit (nil = unlimited).
    private let gaugeLimits: [[ExactDecimal?]]
    /// Feature flags by `tier × features + feature`.
    let features: [Bool]
    let featureCount: Int

    public init(policy: Policy, tenants directory: TenantDirectory) {
        self.policy = policy
        resolver = RequestResolver(policy: policy, tenants: TenantIndex(directory))
        meterIDs = policy.meters.map(\.id)
        let featureIDs = policy.features.map(\.id)
        let meterIndex = Dictionary(uniqueKeysWithValues: meterIDs.enumerated().map { ($1, $0) })
        let featureIndex = Dictionary(uniqueKeysWithValues: featureIDs.enumerated().map { ($1, $0) })
        defaultMeter = policy.defaultMeter.flatMap { meterIndex[$0] }
        routes = policy.routes.map { route in
            CompiledRoute(feature: route.feature.flatMap { featureIndex[$0] },
                          meter: route.meter.flatMap { meterIndex[$0] }, cost: route.cost)
        }
        let tierIndex = Dictionary(policy.tiers.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        tenantTier = directory.tenants.map { tierIndex[$0.tier] ?? -1 }
        limits = policy.tiers.flatMap { tier in
            policy.meters.flatMap { meter in
                (0..<Window.slotCount).map { slot -> Int64 in
                    let window = Window(slot: slot)
                    if case .limited(let value) = tier.limit(meter: meter.id, window: window) { return value }
                    return -1
                }
            }
        }
        featureCount = featureIDs.count
        gaugeLimits = policy.tiers.map { tier in
            policy.meters.map { meter in
                if case .level(let value) = tier.gaugeLimit(meter: meter.id) { return value }
                return nil
            }
        }
        features = policy.tiers.flatMap { tier in featureIDs.map(tier.features.contains) }
    }

    /// Steps 3–4 of the procedure for a request identified and routed by ``resolver``: a final decision (401,
    /// 403, an anonymous or unmetered 200), or the charge that quota state must admit or refuse.
    public func plan(_ request: ResolvedRequest) -> DecisionPlan {
        switch step(request) {
        case .charge(let charge): return .charge(charge)
        case let step: return .decided(step.decision)
        }
    }

    /// ``plan(_:)`` as a small value: a ``Decision`` is 168 bytes and an enum carrying one is built and copied
    /// whole on every path, the metered one included; this carries the few fields that differ, and the caller
    /// builds the decision in place (BENCHMARKS.md, "Deciding without copying the decision").
    @usableFromInline
    func step(_ request: ResolvedRequest) -> PlanStep {
        let tenant: Int
        switch request.identity {
        case .tenant(let index): tenant = index
        case .unknown: return .unauthorized(.unknownCredentials)
        case .none: return policy.identification.requireTenant ? .unauthorized(.noCredentials) : .anonymous
        }
        let tier = tenantTier[tenant]
        guard tier >= 0 else { return .unauthorized(.tierNotInPolicy) }

        // Route: the first match gives feature, meter and cost; no match: default meter, cost 1.
        var feature: Int?
        var meter = defaultMeter
        var cost: Int64 = 1
        if request.route >= 0 {
            let index = Int(request.route)
            feature = routes[index].feature
            meter = routes[index].meter
            cost = routes[index].cost
        }
        if let feature, !features[tier * featureCount + feature] { return .forbidden(tenant: tenant, feature: feature) }
        guard let meter, cost > 0 else { return .unmetered(tenant: tenant) }
        return .charge(QuotaCharge(tenant: tenant, meter: meter, cost: cost, limits: windowLimits(tier: tier, meter: meter)))
    }

    /// The per-window limits of a tier on a counter meter.
    public func windowLimits(tier: Int, meter: Int) -> WindowLimits {
        let base = Window.firstSlot(ofGroup: tier * meterIDs.count + meter)
        return WindowLimits(minute: limits[base], hour: limits[base + 1], day: limits[base + 2], month: limits[base + 3])
    }

    /// The tier index of a tenant, nil when its tier is not in the policy.
    public func tier(ofTenant tenant: Int) -> Int? {
        tenantTier[tenant] >= 0 ? tenantTier[tenant] : nil
    }

    /// The gauge limit of a tenant's tier on a gauge meter (nil: unlimited, or the tier is not in the policy).
    public func gaugeLimit(tenant: Int, meter: Int) -> ExactDecimal? {
        guard let tier = tier(ofTenant: tenant) else { return nil }
        return gaugeLimits[tier][meter]
    }

    /// The index of a meter id.
    public func meterIndex(_ id: String) -> Int? { meterIDs.firstIndex(of: id) }
}

/// What the stateless rules make of a request (``PolicyRules/plan(_:)``).
public enum DecisionPlan: Sendable, Hashable {
    /// Decided without quota state: 401, 403, an anonymous 200 or an unmetered 200.
    case decided(Decision)
    /// Quota state decides: 200 and counted, or 429.
    case charge(QuotaCharge)
}

/// A metered request's claim on quota: `cost` units of a tenant's counter meter, checked against the limits of
/// its tier (docs/log-format.md#decisions).
public struct QuotaCharge: Sendable, Hashable {
    public var tenant: Int
    /// The index of the counter meter in `policy.meters`.
    public var meter: Int
    public var cost: Int64
    public var limits: WindowLimits

    public init(tenant: Int, meter: Int, cost: Int64, limits: WindowLimits) {
        self.tenant = tenant
        self.meter = meter
        self.cost = cost
        self.limits = limits
    }
}

/// The limits of one tier on one counter meter per window; -1 is unlimited.
public typealias WindowLimits = PerWindow<Int64>

extension PerWindow where Value == Int64 {
    /// The limit of one window kind; nil when unlimited (-1).
    public subscript(window: Window) -> Int64? {
        let value = self[window.slot]
        return value >= 0 ? value : nil
    }
}

/// One value per window kind (a tier's limits, the starts of the windows containing an instant), addressable by
/// ``PolicyModel/Window/slot`` without a heap allocation per request.
public struct PerWindow<Value: Sendable & Hashable>: Sendable, Hashable {
    public var minute: Value
    public var hour: Value
    public var day: Value
    public var month: Value

    public init(minute: Value, hour: Value, day: Value, month: Value) {
        self.minute = minute
        self.hour = hour
        self.day = day
        self.month = month
    }

    /// By ``PolicyModel/Window/slot``: minute, hour, day, month.
    @inline(__always) public subscript(index: Int) -> Value {
        switch index {
        case 0: minute
        case 1: hour
        case 2: day
        default: month
        }
    }
}
