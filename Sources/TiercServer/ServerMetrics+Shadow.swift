internal import PolicyRuntime
internal import Prometheus

extension ServerMetrics {
    static var shadowDisagreements: MetricNameDescriptor { name(.shadowDisagreements) }

    /// Counts a request that the `--shadow` candidate would have decided otherwise
    /// (`tierc_shadow_disagreements_total{tier,kind}`, docs/serve.md, "Shadow policy").
    func shadowDisagreed(tier: String, kind: ShadowDisagreement) {
        let position = ShadowDisagreement.allCases.firstIndex(of: kind) ?? 0
        counter(SeriesKey(metric: 5, first: tier, second: position)) {
            registry.makeCounter(descriptor: Self.shadowDisagreements, labels: [("tier", tier), ("kind", kind.rawValue)])
        }.increment()
    }
}
