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
        let tier = decided.tenant?.tier ?? (decision.anonymous ? "anonymous" : "unidentified")
        let status = String(decision.status)
        registry.makeCounter(descriptor: Self.requests, labels: [("tier", tier), ("status", status)]).increment()
        if let window = decision.window, decision.status == 429 {
            registry.makeCounter(descriptor: Self.refused, labels: [("tier", tier), ("window", window.rawValue)]).increment()
        }
        if tenantLabels, let tenant = decided.tenant {
            registry.makeCounter(descriptor: Self.tenantRequests, labels: [("tenant", tenant.id), ("status", status)]).increment()
        }
        // Admitted cost, for quota usage (docs/operations.md): what the quota store counted for this request.
        if decision.status == 200, let meterIndex = decision.meter, decision.cost > 0, let tenant = decided.tenant {
            let meter = decided.policy.policy.meters[meterIndex].id
            registry.makeCounter(descriptor: Self.metered, labels: [("tier", tenant.tier), ("meter", meter)])
                .increment(by: decision.cost)
            if tenantLabels {
                registry.makeCounter(descriptor: Self.tenantMetered, labels: [("tenant", tenant.id), ("tier", tenant.tier), ("meter", meter)])
                    .increment(by: decision.cost)
            }
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
