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

    /// The labels of one request-path counter: which metric (0 requests, 1 quota exceeded, 2 tenant requests),
    /// its first label's value (tier or tenant), and its second (the status, or the window's position).
    private struct SeriesKey: Hashable {
        var metric: UInt8
        var first: String
        var second: Int
    }

    static func name(_ metric: String, _ unit: String, _ help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(namespace: "tierc", metricName: metric, unitName: unit, helpText: help)
    }

    static var requests: MetricNameDescriptor { name("requests", "total", "Requests decided, by the tenant's tier (anonymous; unidentified for 401) and status.") }
    static var refused: MetricNameDescriptor { name("quota_exceeded", "total", "429 answers, by tier and the window that refused.") }
    static var tenantRequests: MetricNameDescriptor { name("tenant_requests", "total", "Requests decided, by tenant and status (--metrics-tenant-labels).") }
    static var reloads: MetricNameDescriptor { name("reloads", "total", "Policy reloads, by result.") }
    static var policyInfo: MetricNameDescriptor { name("policy", "info", "The policy in force: its name, fingerprint and revision (value 1).") }

    init(tenantLabels: Bool, policy: ActivePolicy) {
        self.tenantLabels = tenantLabels
        latency = registry.makeDurationHistogram(
            descriptor: Self.name("decision_duration", "seconds", "Time to identify, route and decide a request, the quota store included."),
            buckets: [.microseconds(10), .microseconds(25), .microseconds(50), .microseconds(100), .microseconds(250),
                      .microseconds(500), .milliseconds(1), .microseconds(2_500), .milliseconds(5), .milliseconds(10),
                      .milliseconds(50)])
        droppedLines = registry.makeCounter(
            descriptor: Self.name("decision_log_dropped_lines", "total", "Decision log lines dropped because the buffer was full."))
        for result in ["success", "failure"] {
            _ = registry.makeCounter(descriptor: Self.reloads, labels: [("result", result)])
        }
        policyInForce(policy)
    }

    /// Counts a decided request.
    func decided(_ decided: DecidedRequest) {
        latency.record(decided.duration)
        let decision = decided.decision
        let tenant = decided.tenant
        let tier = tenant?.tier ?? (decision.anonymous ? "anonymous" : "unidentified")
        counter(SeriesKey(metric: 0, first: tier, second: decision.status)) {
            registry.makeCounter(descriptor: Self.requests, labels: [("tier", tier), ("status", String(decision.status))])
        }.increment()
        if let window = decision.window, decision.status == 429 {
            counter(SeriesKey(metric: 1, first: tier, second: Window.allCases.firstIndex(of: window) ?? 0)) {
                registry.makeCounter(descriptor: Self.refused, labels: [("tier", tier), ("window", window.rawValue)])
            }.increment()
        }
        if tenantLabels, let tenant {
            counter(SeriesKey(metric: 2, first: tenant.id, second: decision.status)) {
                registry.makeCounter(descriptor: Self.tenantRequests, labels: [("tenant", tenant.id), ("status", String(decision.status))])
            }.increment()
        }
    }

    /// The counter of `key`, made by `make` the first time it is asked for.
    private func counter(_ key: SeriesKey, make: () -> Counter) -> Counter {
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
    }

    /// The exposition text.
    func text() -> [UInt8] {
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        return buffer
    }
}
