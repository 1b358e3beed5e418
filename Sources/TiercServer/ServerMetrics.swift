internal import PolicyModel
internal import PolicyRuntime
internal import Prometheus
internal import Synchronization
internal import TiercHummingbird

/// The admin listener's `/metrics` (docs/serve.md, "Metrics"), in the Prometheus text format through
/// swift-prometheus. Series are labelled by tier, status, window and result, whose values come from the policy;
/// per-tenant series only with `--metrics-tenant-labels`, since one series per tenant can be a large number.
final class ServerMetrics: Sendable {
    let registry = PrometheusCollectorRegistry()
    let tenantLabels: Bool
    private let latency: DurationHistogram
    private let droppedLines: Counter
    private let info = Mutex<Gauge?>(nil)
    /// The counters of the request path by their labels, so that a decided request looks its series up in one
    /// small dictionary instead of asking the registry (which builds the series name and checks its labels).
    private let series = Mutex<[SeriesKey: Counter]>([:])
    /// The `tierc_invoice_amount_minor` gauges of the last scrape (ServerMetrics+Invoices.swift).
    let invoiceGauges = Mutex<[Gauge]>([])

    /// The labels of one request-path counter: which metric (0 requests, 1 quota exceeded, 2 tenant requests,
    /// 3 metered, 4 tenant metered, 5 shadow disagreements), its first label's value (tier or tenant), its second (the status, the
    /// window's position or the meter's index) and, for tenant metered, the tenant's tier.
    struct SeriesKey: Hashable {
        var metric: UInt8
        var first: String
        var second: Int
        var third = ""
    }
    /// The `tierc_quota_limit` gauges of the policy in force (replaced on reload).
    private let limits = Mutex<[Gauge]>([])

    /// The descriptor of a series of ``ServeMetric`` (the names `tierc compile`'s rules and dashboard query).
    static func name(_ metric: ServeMetric) -> MetricNameDescriptor {
        MetricNameDescriptor(namespace: "tierc", metricName: metric.metric, unitName: metric.unit,
                             helpText: metric.help)
    }

    static var requests: MetricNameDescriptor { name(.requests) }
    static var refused: MetricNameDescriptor { name(.quotaExceeded) }
    static var tenantRequests: MetricNameDescriptor { name(.tenantRequests) }
    static var metered: MetricNameDescriptor { name(.metered) }
    static var tenantMetered: MetricNameDescriptor { name(.tenantMetered) }
    static var quotaLimit: MetricNameDescriptor { name(.quotaLimit) }
    static var reloads: MetricNameDescriptor { name(.reloads) }
    static var policyInfo: MetricNameDescriptor { name(.policyInfo) }

    init(tenantLabels: Bool, policy: ActivePolicy) {
        self.tenantLabels = tenantLabels
        latency = registry.makeDurationHistogram(
            descriptor: Self.name(.decisionDuration),
            buckets: [.microseconds(10), .microseconds(25), .microseconds(50), .microseconds(100), .microseconds(250),
                      .microseconds(500), .milliseconds(1), .microseconds(2_500), .milliseconds(5), .milliseconds(10),
                      .milliseconds(50)])
        droppedLines = registry.makeCounter(
            descriptor: Self.name(.decisionLogDroppedLines))
        for result in ["success", "failure"] {
            _ = registry.makeCounter(descriptor: Self.reloads, labels: [("result", result)])
        }
        policyInForce(policy)
    }

    /// Counts a decided request.
    func decided(_ decided: DecidedRequest) {
        latency.record(decided.duration)
        let decision = decided.decision
        let tenant = decided.tenant  // read once: its tier is the label
        let tier = Self.tierLabel(tenant, decision)
        counter(SeriesKey(metric: 0, first: tier, second: decision.status)) {
            registry.makeCounter(descriptor: Self.requests, labels: [("tier", tier), ("status", String(decision.status))])
        }.increment()
        if let window = decision.window, decision.status == 429 {
            counter(SeriesKey(metric: 1, first: tier, second: window.slot)) {
                registry.makeCounter(descriptor: Self.refused, labels: [("tier", tier), ("window", window.rawValue)])
            }.increment()
        }
        if tenantLabels, let tenant {
            counter(SeriesKey(metric: 2, first: tenant.id, second: decision.status)) {
                registry.makeCounter(descriptor: Self.tenantRequests, labels: [("tenant", tenant.id), ("status", String(decision.status))])
            }.increment()
        }
        // Admitted cost, for quota usage (docs/operations.md): what the quota store counted for this request.
        if decision.status == 200, let meterIndex = decision.meter, decision.cost > 0, let tenant {
            let meter = decided.policy.policy.meters[meterIndex].id
            counter(SeriesKey(metric: 3, first: tenant.tier, second: meterIndex, third: meter)) {
                registry.makeCounter(descriptor: Self.metered, labels: [("tier", tenant.tier), ("meter", meter)])
            }.increment(by: decision.cost)
            if tenantLabels {
                counter(SeriesKey(metric: 4, first: tenant.id, second: meterIndex, third: tenant.tier + "/" + meter)) {
                    registry.makeCounter(descriptor: Self.tenantMetered,
                                         labels: [("tenant", tenant.id), ("tier", tenant.tier), ("meter", meter)])
                }.increment(by: decision.cost)
            }
        }
    }

    /// The `tier` label of a decided request: the tenant's tier, `anonymous`, or `unidentified` for a 401.
    static func tierLabel(_ decided: DecidedRequest) -> String {
        tierLabel(decided.tenant, decided.decision)
    }

    /// The `tier` label of a decision whose identified tenant is `tenant`.
    static func tierLabel(_ tenant: IdentifiedTenant?, _ decision: Decision) -> String {
        tenant?.tier ?? (decision.anonymous ? "anonymous" : "unidentified")
    }

    /// The counter of `key`, made by `make` the first time it is asked for.
    func counter(_ key: SeriesKey, make: () -> Counter) -> Counter {
        series.withLock { table in
            if let counter = table[key] { return counter }
            let counter = make()
            table[key] = counter
            return counter
        }
    }

    func decisionLogLineDropped() {
        droppedLines.increment()
    }

    /// Counts a reload and, when it succeeded, shows the new policy.
    func reloaded(_ policy: ActivePolicy?) {
        registry.makeCounter(descriptor: Self.reloads, labels: [("result", policy == nil ? "failure" : "success")]).increment()
        if let policy { policyInForce(policy) }
    }

    private func policyInForce(_ policy: ActivePolicy) {
        info.withLock { gauge in
            if let gauge { registry.unregisterGauge(gauge) }
            let current = registry.makeGauge(
                descriptor: Self.policyInfo,
                labels: [("policy", policy.policy.name), ("fingerprint", policy.fingerprint), ("revision", String(policy.revision))])
            current.set(to: 1.0)
            gauge = current
        }
        limits.withLock { gauges in
            for gauge in gauges { registry.unregisterGauge(gauge) }
            gauges = []
            let model = policy.policy
            for tier in model.tiers {
                for meter in model.meters where meter.kind == .counter {
                    for window in Window.allCases {
                        guard case .limited(let value) = tier.limit(meter: meter.id, window: window) else { continue }
                        let gauge = registry.makeGauge(descriptor: Self.quotaLimit,
                                                       labels: [("tier", tier.id), ("meter", meter.id), ("window", window.rawValue)])
                        gauge.set(to: Double(value))
                        gauges.append(gauge)
                    }
                }
            }
        }
    }

    /// The exposition text.
    func text() -> [UInt8] {
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        return buffer
    }
}
