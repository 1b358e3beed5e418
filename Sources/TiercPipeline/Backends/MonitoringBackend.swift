import PolicyCompiler

/// `prometheus-rules.yaml` and `grafana-dashboard.json`, the recording rules, alerts and dashboard of `tierc serve`'s
/// metrics for this policy (docs/operations.md), through ``PrometheusRulesEmitter`` and ``GrafanaDashboardEmitter``.
public struct MonitoringBackend: CompileBackend {
    /// The recording rules and alerts.
    public static let rulesFileName = "prometheus-rules.yaml"
    /// The Grafana dashboard.
    public static let dashboardFileName = "grafana-dashboard.json"

    public init() {}

    public var name: String { "monitoring" }
    public var outputs: [OutputDeclaration] {
        [OutputDeclaration(path: Self.rulesFileName), OutputDeclaration(path: Self.dashboardFileName)]
    }
    public var helpText: String {
        """
          prometheus-rules.yaml   recording rules and alerts on tierc serve's metrics
          grafana-dashboard.json  a Grafana dashboard of those metrics (docs/operations.md)
        """
    }

    public func emit(_ input: CompileInput) throws(BackendError) -> [OutputFile] {
        let policy = input.policy
        let producers: [ParallelWork.Producer<OutputFile>] = [
            { OutputFile(path: Self.rulesFileName, text: PrometheusRulesEmitter.emit(policy)) },
            { OutputFile(path: Self.dashboardFileName, text: GrafanaDashboardEmitter.emit(policy)) },
        ]
        return ParallelWork.run(producers)
    }
}
