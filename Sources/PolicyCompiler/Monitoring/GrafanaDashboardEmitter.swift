public import PolicyModel
import PolicyRuntime

/// `grafana-dashboard.json` (docs/operations.md): a dashboard for current Grafana releases (schema version 39)
/// with the multi-tenancy guide's panels (top tenants by request rate, quota usage per tenant) plus requests
/// and 429s by tier and window, admitted usage by tier, revenue by tier (month to date, from the invoice metric),
/// and the policy revision and reloads. Every query uses
/// only series that `tierc serve` exports (``ServeMetric``); the Prometheus data source is a dashboard variable
/// chosen on import. Deterministic: the same policy gives the same bytes.
public enum GrafanaDashboardEmitter {
    public static let schemaVersion = 39

    public static func emit(_ policy: Policy) -> String {
        let windows = MonitoringWindows(policy)
        var panels: [DashboardJSON] = []
        // Two panels a row, 12 of Grafana's 24 columns and 8 rows high each.
        func panel(_ title: String, _ type: String, unit: String, description: String,
                   targets: [(expr: String, legend: String)], instant: Bool = false) {
            let (x, y, width, height) = (panels.count % 2 * 12, panels.count / 2 * 8, 12, 8)
            panels.append(.object([
                ("id", .number(panels.count + 1)),
                ("type", .string(type)),
                ("title", .string(title)),
                ("description", .string(description)),
                ("datasource", datasource),
                ("gridPos", .object([("h", .number(height)), ("w", .number(width)), ("x", .number(x)), ("y", .number(y))])),
                ("fieldConfig", .object([("defaults", .object([("unit", .string(unit))])), ("overrides", .array([]))])),
                ("options", .object([("legend", .object([("displayMode", .string("table")), ("placement", .string("right")),
                                                         ("showLegend", .bool(true))]))])),
                ("targets", .array(targets.enumerated().map { index, target in
                    .object([
                        ("refId", .string(String(UnicodeScalar(UInt8(65 + index))))),
                        ("datasource", datasource),
                        ("expr", .string(target.expr)),
                        ("legendFormat", .string(target.legend)),
                        ("instant", .bool(instant)),
                        ("range", .bool(!instant)),
                    ])
                })),
            ]))
        }
        let rate = "$__rate_interval"
        panel("Top tenants by request rate", "timeseries", unit: "reqps",
              description: "The 10 busiest tenants (needs `tierc serve --metrics-tenant-labels`).",
              targets: [("topk(10, sum by (tenant) (rate(\(ServeMetric.tenantRequests.name)[\(rate)])))", "{{tenant}}")])
        for window in windows.windows {
            panel("Quota usage per tenant (\(window.rawValue))", "bargauge", unit: "percentunit",
                  description: "Cost admitted over the last \(MonitoringWindows.range(window)) divided by the tier's "
                      + "\(window.rawValue) limit, per tenant and meter (needs --metrics-tenant-labels).",
                  targets: [(MonitoringWindows.usageExpression(window), "{{tenant}} {{meter}}")], instant: true)
        }
        panel("Requests by tier and status", "timeseries", unit: "reqps",
              description: "Decided requests per second; `unidentified` is 401, `anonymous` allowed without a tenant.",
              targets: [("sum by (tier, status) (rate(\(ServeMetric.requests.name)[\(rate)]))", "{{tier}} {{status}}")])
        panel("429s by tier and window", "timeseries", unit: "reqps",
              description: "Requests refused for quota, by tier and the window that refused.",
              targets: [("sum by (tier, window) (rate(\(ServeMetric.quotaExceeded.name)[\(rate)]))", "{{tier}} {{window}}")])
        panel("Admitted usage by tier", "timeseries", unit: "short",
              description: "Cost admitted against quotas per second, by tier and counter meter (what usage prices bill).",
              targets: [("sum by (tier, meter) (rate(\(ServeMetric.metered.name)[\(rate)]))", "{{tier}} {{meter}}")])
        panel("Revenue by tier (month to date)", "timeseries", unit: "none",
              description: "Month-to-date invoice totals of each tier's tenants, in minor units of the currency "
                  + "(cents for USD), as tierc serve assembles them from its counters.",
              targets: [("sum by (tier, currency) (\(ServeMetric.invoiceAmount.name))", "{{tier}} ({{currency}} minor units)")])
        panel("Policy revision", "stat", unit: "none",
              description: "The revision of the policy in force on each server, and policy reloads by result.",
              targets: [("max by (policy, revision) (\(ServeMetric.policyInfo.name))", "{{policy}} revision {{revision}}"),
                        ("sum by (result) (increase(\(ServeMetric.reloads.name)[1h]))", "reloads {{result}} (1h)")],
              instant: true)
        let dashboard = DashboardJSON.object([
            ("__inputs", .array([.object([
                ("name", .string("DS_PROMETHEUS")), ("label", .string("Prometheus")), ("type", .string("datasource")),
                ("pluginId", .string("prometheus")), ("pluginName", .string("Prometheus")),
            ])])),
            ("title", .string("tierc: \(policy.name)")),
            ("uid", .string(uid(policy))),
            ("description", .string("Generated by tierc compile from policy \(policy.name) (fingerprint \(policy.fingerprint)); "
                                    + "docs/operations.md.")),
            ("tags", .array([.string("tierc")])),
            ("timezone", .string("utc")),
            ("editable", .bool(true)),
            ("schemaVersion", .number(schemaVersion)),
            ("version", .number(1)),
            ("refresh", .string("30s")),
            ("time", .object([("from", .string("now-6h")), ("to", .string("now"))])),
            ("templating", .object([("list", .array([.object([
                ("name", .string("datasource")), ("label", .string("Prometheus")), ("type", .string("datasource")),
                ("query", .string("prometheus")), ("current", .object([])), ("hide", .number(0)),
            ])]))])),
            ("annotations", .object([("list", .array([]))])),
            ("panels", .array(panels)),
        ])
        var out = ""
        dashboard.write(to: &out)
        return out + "\n"
    }

    private static let datasource = DashboardJSON.object([("type", .string("prometheus")), ("uid", .string("${datasource}"))])

    /// `tierc-` and the policy name, cut to Grafana's 40 characters.
    static func uid(_ policy: Policy) -> String { String(("tierc-" + policy.name).prefix(40)) }
}
