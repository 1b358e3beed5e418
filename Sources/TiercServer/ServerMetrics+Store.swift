internal import PolicyRuntime
internal import Prometheus

/// The `--store postgres` series of `/metrics` (docs/serve.md#metrics, docs/operations.md): whether the database
/// answers, failed calls, requests decided without it by action, and the cost written back after an outage.
extension ServerMetrics {
    func storeAvailable(_ available: Bool) {
        registry.makeGauge(descriptor: Self.name(.storeUp)).set(to: available ? 1.0 : 0.0)
    }

    func storeFailed() {
        registry.makeCounter(descriptor: Self.name(.storeErrors)).increment()
    }

    /// `action`: `denied` or `allowed`.
    func storeDecided(action: String) {
        registry.makeCounter(descriptor: Self.name(.storeUnavailableDecisions), labels: [("action", action)]).increment()
    }

    func storeWroteBack(_ cost: Int64) {
        registry.makeCounter(descriptor: Self.name(.storeWrittenBack)).increment(by: cost)
    }

    /// Every store series at zero, so that they exist before the first outage (alerts on absent series).
    func storeSeries() {
        storeAvailable(true)
        _ = registry.makeCounter(descriptor: Self.name(.storeErrors))
        for action in StoreErrorAction.allCases {
            _ = registry.makeCounter(descriptor: Self.name(.storeUnavailableDecisions),
                                     labels: [("action", action == .deny ? "denied" : "allowed")])
        }
        _ = registry.makeCounter(descriptor: Self.name(.storeWrittenBack))
    }
}
