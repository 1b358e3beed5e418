internal import PolicyModel
internal import TiercHummingbird

/// Everything that hears of the server's decisions and gauge readings, off the request path's critical work:
/// the decision log, the metrics and the shadow policy (docs/serve.md, "Decision log", "Metrics", "Shadow policy").
struct ServerObservers: Sendable {
    var decisionLog: DecisionLog?
    var metrics: ServerMetrics
    /// `--shadow`: the candidate policy that decides every request again, without changing its answer.
    var shadow: ShadowPolicy?
    /// `--store postgres`: the database's availability and the outage counts (`/admin/v1/status`).
    var store: StoreGuard?
    /// The month of month-to-date figures (`tierc_invoice_amount_minor`, `/admin/v1/shadow`).
    var clock = MonthToDateClock(trustsHeader: false)

    /// A request decided by the middleware.
    func decided(_ decided: DecidedRequest) {
        clock.saw(decided.seconds)
        metrics.decided(decided)
        var verdict: ShadowVerdict?
        if let shadow {
            let tier = ServerMetrics.tierLabel(decided)
            verdict = shadow.decide(decided, tier: tier)
            if let verdict { metrics.shadowDisagreed(tier: tier, kind: verdict.kind) }
        }
        if let decisionLog, !decisionLog.record(decided, shadow: verdict) { metrics.decisionLogLineDropped() }
    }

    /// A gauge reading recorded through the admin listener.
    func gaugeRecorded(tenant: String, meter: String, value: ExactDecimal, at seconds: Int64) {
        clock.saw(seconds)
        shadow?.recordGauge(tenant: tenant, meter: meter, value: value, at: seconds)
        if let decisionLog, !decisionLog.recordGauge(tenant: tenant, meter: meter, value: value, at: seconds) {
            metrics.decisionLogLineDropped()
        }
    }
}
