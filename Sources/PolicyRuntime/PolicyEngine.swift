public import PolicyModel

/// The runtime's decision procedure (simulation.md §2 with §7), shared by the simulator and the middleware:
/// identify, route, gate by feature, check quotas month → day → hour → minute, count allowed cost.
public struct PolicyEngine: Sendable {
    public let policy: Policy
    /// Identification and routing, shareable with other threads.
    public let resolver: RequestResolver
    public var tenants: TenantIndex { resolver.tenants }
    public private(set) var state: QuotaState

    /// What a route means for the decision; the glob lives in ``resolver``.
    struct CompiledRoute: Sendable {
        var feature: Int?
        var meter: Int?
        var cost: Int64
    }

    private let routes: [CompiledRoute]
    private let defaultMeter: Int?
    private let meterIDs: [String]
    /// Tier index of each tenant (-1 when the tenant's tier is not in the policy: such a tenant is refused 401).
    private let tenantTier: [Int]
    /// Limits by `(tier × meters + meter) × 4 + window`, window in `Window.allCases` order; -1 = unlimited.
    private let limits: [Int64]
    /// `[tier][meter]` gauge limit (nil = unlimited).
    private let gaugeLimits: [[ExactDecimal?]]
    /// Feature flags by `tier × features + feature`.
    private let features: [Bool]
    private let featureCount: Int
    /// The bounds of the month of the last decision.
    private var monthCache: (start: Int64, end: Int64) = (0, 0)

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
                Window.allCases.map { window in
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
        state = QuotaState(tenants: directory.tenants.count, meters: meterIDs.count)
    }

    /// Decides one request arriving at `seconds` (epoch seconds, fraction already floored) and counts it.
    public mutating func decide(_ request: Request, at seconds: Int64) -> Decision {
        decide(resolved: resolver.resolve(request), at: seconds)
    }

    /// Decides a request already identified and routed by ``resolver`` (on any thread) and counts it.
    /// `withRateLimit: false` leaves ``Decision/rateLimit`` nil (the `X-RateLimit-*` values), which a caller
    /// that sends no response (the simulator) does not need; everything else, counting included, is the same.
    public mutating func decide(resolved request: ResolvedRequest, at seconds: Int64, withRateLimit: Bool = true) -> Decision {
        let tenant: Int
        switch request.identity {
        case .tenant(let index): tenant = index
        case .unknown: return Decision(status: 401)
        case .none:
            return policy.identification.requireTenant ? Decision(status: 401) : Decision(status: 200, anonymous: true)
        }
        let tier = tenantTier[tenant]
        guard tier >= 0 else { return Decision(status: 401) }

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
        if let feature, !features[tier * featureCount + feature] { return Decision(status: 403, tenant: tenant) }
        guard let meter, cost > 0 else { return Decision(status: 200, tenant: tenant) }

        var decision = Decision(status: 200, tenant: tenant, meter: meter, cost: cost)
        let base = (tenant * meterIDs.count + meter) * 4
        let limitBase = (tier * meterIDs.count + meter) * 4
        let starts = windowStarts(seconds)
        let monthEnd = monthCache.end
        var beyondHorizon = 0
        limits.withUnsafeBufferPointer { allLimits in
            let limits = UnsafeBufferPointer(rebasing: allLimits[limitBase..<(limitBase + 4)])
            state.windows.withUnsafeMutableBufferPointer { allCounters in
                let counters = UnsafeMutableBufferPointer(rebasing: allCounters[base..<(base + 4)])
                // Month → day → hour → minute (`Window.checkOrder`: `Window.allCases` backwards); the first
                // exhausted window refuses.
                for window in stride(from: 3, through: 0, by: -1) where limits[window] >= 0 {
                    let limit = limits[window]
                    if counters[window].isForgotten(starts[window]) { beyondHorizon += 1 }
                    let used = counters[window].used(inWindowStarting: starts[window])
                    if used > limit - cost {  // used + cost > limit, without overflow
                        let kind = Window.allCases[window]
                        decision.status = 429
                        decision.window = kind
                        decision.limit = limit
                        decision.used = used
                        decision.resetAt = window == 3 ? monthEnd : kind.end(startingAt: starts[window])
                        decision.retryAfter = decision.resetAt! - seconds
                        break
                    }
                }
                if decision.status == 200 {
                    for window in 0..<4 where limits[window] >= 0 || window == 3 {
                        counters[window].add(cost, inWindowStarting: starts[window])
                    }
                }
                guard withRateLimit else { return }
                // X-RateLimit-*: the limited window with the least remaining; ties go to the longer window.
                var best: RateLimitState?
                for window in stride(from: 3, through: 0, by: -1) where limits[window] >= 0 {
                    let used = counters[window].used(inWindowStarting: starts[window])
                    let remaining = max(0, limits[window] - used)
                    if best == nil || remaining < best!.remaining {
                        let kind = Window.allCases[window]
                        best = RateLimitState(window: kind, limit: limits[window], remaining: remaining,
                                              reset: window == 3 ? monthEnd : kind.end(startingAt: starts[window]))
                    }
                }
                decision.rateLimit = best
            }
        }
        if beyondHorizon > 0 { state.decisionsBeyondHorizon += beyondHorizon }
        return decision
    }

    /// The starts of the minute, hour, day and month windows containing `seconds` (in `Window.allCases` order);
    /// the month's bounds are cached, since consecutive records nearly always share a month.
    private mutating func windowStarts(_ seconds: Int64) -> WindowStarts {
        if !(monthCache.start <= seconds && seconds < monthCache.end) {
            let start = Window.month.start(containing: seconds)
            monthCache = (start, Window.month.end(startingAt: start))
        }
        return WindowStarts(minute: UTCCalendar.floorDiv(seconds, 60) * 60, hour: UTCCalendar.floorDiv(seconds, 3_600) * 3_600,
                            day: UTCCalendar.floorDiv(seconds, 86_400) * 86_400, month: monthCache.start)
    }

    /// Records a gauge reading; returns true when it is above the tier's limit (an over-limit reading refuses
    /// nothing). The tenant and meter must exist and the meter must be a gauge.
    @discardableResult
    public mutating func recordGauge(tenant: Int, meter: Int, value: ExactDecimal, at seconds: Int64) -> Bool {
        let slot = tenant * meterIDs.count + meter
        let month = UTCCalendar.monthIndex(of: seconds)
        if let current = state.gauges[slot].monthlyMaximum[month] {
            if current < value { state.gauges[slot].monthlyMaximum[month] = value }
        } else {
            state.gauges[slot].monthlyMaximum[month] = value
        }
        state.gauges[slot].latest = value
        let tier = tenantTier[tenant]
        guard tier >= 0, let limit = gaugeLimits[tier][meter] else { return false }
        return limit < value
    }

    /// The index of a meter id, for gauge readings.
    public func meterIndex(_ id: String) -> Int? { meterIDs.firstIndex(of: id) }
}

/// Window starts by `Window.allCases` index, without a heap allocation per request.
struct WindowStarts {
    var minute: Int64
    var hour: Int64
    var day: Int64
    var month: Int64

    @inline(__always) subscript(index: Int) -> Int64 {
        switch index {
        case 0: minute
        case 1: hour
        case 2: day
        default: month
        }
    }
}
