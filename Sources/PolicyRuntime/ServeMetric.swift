/// A series that `tierc serve` exports on its admin listener's `/metrics` (docs/serve.md, "Metrics"). The server
/// (TiercServer) registers them by these names, and `tierc compile` writes its Prometheus rules and Grafana
/// dashboard (docs/operations.md) from the same values, so the two cannot drift apart.
public struct ServeMetric: Sendable, Hashable {
    /// The metric name without the `tierc_` namespace and the unit (`requests`).
    public var metric: String
    /// The unit suffix (`total`, `seconds`, `info`), or empty.
    public var unit: String
    /// The label names, in the order the server writes them.
    public var labels: [String]
    public var help: String

    /// `tierc_<metric>_<unit>`, as it appears in the exposition text and in queries.
    public var name: String { "tierc_" + metric + (unit.isEmpty ? "" : "_" + unit) }

    public static let requests = ServeMetric(metric: "requests", unit: "total", labels: ["tier", "status"],
        help: "Requests decided, by the tenant's tier (anonymous; unidentified for 401) and status.")
    public static let quotaExceeded = ServeMetric(metric: "quota_exceeded", unit: "total", labels: ["tier", "window"],
        help: "429 answers, by tier and the window that refused.")
    public static let tenantRequests = ServeMetric(metric: "tenant_requests", unit: "total", labels: ["tenant", "status"],
        help: "Requests decided, by tenant and status (--metrics-tenant-labels).")
    public static let metered = ServeMetric(metric: "metered", unit: "total", labels: ["tier", "meter"],
        help: "Cost admitted (counted against quotas), by tier and counter meter.")
    public static let tenantMetered = ServeMetric(metric: "tenant_metered", unit: "total", labels: ["tenant", "tier", "meter"],
        help: "Cost admitted, by tenant, tier and counter meter (--metrics-tenant-labels).")
    public static let quotaLimit = ServeMetric(metric: "quota_limit", unit: "", labels: ["tier", "meter", "window"],
        help: "The policy's limit of a tier for a counter meter and window (limited windows only).")
    public static let reloads = ServeMetric(metric: "reloads", unit: "total", labels: ["result"], help: "Policy reloads, by result.")
    public static let policyInfo = ServeMetric(metric: "policy", unit: "info", labels: ["policy", "fingerprint", "revision"],
        help: "The policy in force: its name, fingerprint and revision (value 1).")
    public static let decisionDuration = ServeMetric(metric: "decision_duration", unit: "seconds", labels: [],
        help: "Time to identify, route and decide a request, the quota store included.")
    public static let decisionLogDroppedLines = ServeMetric(metric: "decision_log_dropped_lines", unit: "total", labels: [],
        help: "Decision log lines dropped because the buffer was full.")
    public static let shadowDisagreements = ServeMetric(metric: "shadow_disagreements", unit: "total", labels: ["tier", "kind"],
        help: "Requests the --shadow candidate policy would have decided otherwise, by tier and kind.")
    public static let invoiceAmount = ServeMetric(metric: "invoice_amount", unit: "minor", labels: ["tier", "currency"],
        help: "Month-to-date invoice totals of the tier's tenants, in integer minor units of the currency.")
    public static let storeUp = ServeMetric(metric: "store_up", unit: "", labels: [],
        help: "1 while the --store postgres database answers, 0 while it is away.")
    public static let storeErrors = ServeMetric(metric: "store_errors", unit: "total", labels: [],
        help: "Calls to the --store postgres database that failed (unreachable, timed out, refused).")
    public static let storeUnavailableDecisions = ServeMetric(metric: "store_unavailable_decisions", unit: "total", labels: ["action"],
        help: "Requests decided while the --store database was away, by --on-store-error action (denied, allowed).")
    public static let storeWrittenBack = ServeMetric(metric: "store_written_back", unit: "total", labels: [],
        help: "Cost admitted while the --store database was away and written back to it when it returned.")

    /// Every series, for documentation and for checking queries against them.
    public static let all: [ServeMetric] = [requests, quotaExceeded, tenantRequests, metered, tenantMetered, quotaLimit, reloads,
                                            policyInfo, decisionDuration, decisionLogDroppedLines, shadowDisagreements,
                                            invoiceAmount, storeUp, storeErrors, storeUnavailableDecisions, storeWrittenBack]
}
