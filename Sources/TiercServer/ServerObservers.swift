internal import PolicyModel
internal import TiercHummingbird

/// Everything that hears of the server's decisions and gauge readings, off the request path's critical work:
/// today the decision log (docs/serve.md, "Decision log"); metrics belong here too.
struct ServerObservers: Sendable {
    var decisionLog: DecisionLog?

    /// A request decided by the middleware.
    func decided(_ decided: DecidedRequest) {
        decisionLog?.record(decided)
    }

    /// A gauge reading recorded through the admin listener.
    func gaugeRecorded(tenant: String, meter: String, value: ExactDecimal, at seconds: Int64) {
        decisionLog?.recordGauge(tenant: tenant, meter: meter, value: value, at: seconds)
    }
}
