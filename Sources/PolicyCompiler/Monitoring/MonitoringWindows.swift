public import PolicyModel
import PolicyRuntime

/// What the monitoring artefacts (docs/operations.md) derive from a policy: the counter meters and windows that
/// some tier limits, and the range each window is approximated by in PromQL.
public struct MonitoringWindows: Sendable {
    /// (meter, window) pairs that at least one tier limits, meters in policy order, windows longest first.
    public let limited: [(meter: String, window: Window)]

    public init(_ policy: Policy) {
        var pairs: [(meter: String, window: Window)] = []
        for meter in policy.meters where meter.kind == .counter {
            for window in Window.checkOrder where policy.tiers.contains(where: {
                if case .limited = $0.limit(meter: meter.id, window: window) { return true }
                return false
            }) {
                pairs.append((meter.id, window))
            }
        }
        limited = pairs
    }

    /// The windows limited for any meter, longest first.
    public var windows: [Window] { Window.checkOrder.filter { window in limited.contains { $0.window == window } } }

    /// The PromQL range that stands for a window: a rolling range of its length (a month is 30 days). Calendar
    /// windows reset at their start; a rolling range does not, so a ratio is an approximation around the reset.
    public static func range(_ window: Window) -> String {
        switch window {
        case .minute: "1m"
        case .hour: "1h"
        case .day: "1d"
        case .month: "30d"
        }
    }

    /// The recording rule that holds a tenant's usage ratio of a window's quota.
    public static func usageRecord(_ window: Window) -> String { "tenant_meter:tierc_quota_usage:ratio_\(window.rawValue)" }

    /// A tenant's admitted cost over the window's range divided by its tier's limit for that meter and window.
    public static func usageExpression(_ window: Window) -> String {
        "sum by (tenant, tier, meter) (increase(\(ServeMetric.tenantMetered.name)[\(range(window))])) "
            + "/ on (tier, meter) group_left () \(ServeMetric.quotaLimit.name){window=\"\(window.rawValue)\"}"
    }
}
