internal import PolicyModel
internal import TiercHummingbird

/// Everything that hears of the server's decisions and gauge readings, off the request path's critical work:
/// the decision log and the metrics (docs/serve.md, "Decision log", "Metrics").
struct ServerObservers: Sendable {
    var decisionLog: DecisionLog?
    var metrics: ServerMetrics

    /// A request decided by the middleware.
    func decided(_ decided: DecidedRequest) {
        metrics.decided(decided)
        if let decisionLog, !decisionLog.record(decided) { metrics.decisionLogLineDropped() }
    }

    /// A gauge reading recorded through the admin listener.
    func gaugeRecorded(tenant: String, meter: String, value: ExactDecimal, at seconds: Int64) {
        if let decisionLog, !decisionLog.recordGauge(tenant: tenant, meter: meter, value: value, at: seconds) {
            metrics.decisionLogLineDropped()
        }
    }
}
