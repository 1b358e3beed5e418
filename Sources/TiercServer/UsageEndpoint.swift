internal import Hummingbird
internal import PolicyModel
internal import PolicyRuntime
internal import TiercHummingbird

/// `GET /api/v1/tenant/usage` (docs/serve.md): the identified tenant's usage at the request's time, in the shape of
/// docs/log-format.md#what-a-runtime-sends (`api_calls.hourly`…, `storage.current_gb`, `features`), plus every meter
/// and window of the policy under `meters`.
enum UsageEndpoint {
    static let path = "/api/v1/tenant/usage"

    static func respond(tenant: IdentifiedTenant, policy: ActivePolicy, at seconds: Int64) async throws -> Response {
        let rules = policy.rules
        let meters = rules.policy.meters
        var meterObjects: [String] = []
        var apiCalls: String?
        var storage: String?
        for (index, meter) in meters.enumerated() {
            let object: String
            switch meter.kind {
            case .counter:
                object = try await counterUsage(tenant: tenant.index, meter: index, policy: policy, at: seconds)
                if meter.id == "api_calls" { apiCalls = object }
            case .gauge:
                let current = try await policy.store.latestGauge(tenant: tenant.index, meter: index) ?? .zero
                let limit = rules.gaugeLimit(tenant: tenant.index, meter: index)
                var gauge = JSONObjectWriter()
                gauge.raw("current", current.description)
                if let limit { gauge.raw("limit", limit.description) } else { gauge.null("limit") }
                object = gauge.json
                if meter.id == "storage_gb" {
                    var writer = JSONObjectWriter()
                    writer.raw("current_gb", current.description)
                    if let limit { writer.raw("limit_gb", limit.description) } else { writer.null("limit_gb") }
                    storage = writer.json
                }
            }
            meterObjects.append(JSONText.quoted(meter.id) + ":" + object)
        }
        let tier = rules.tier(ofTenant: tenant.index).map { rules.policy.tiers[$0] }
        var body = JSONObjectWriter()
        body.string("tenant_id", tenant.id)
        body.string("tier", tenant.tier)
        if let apiCalls { body.raw("api_calls", apiCalls) }
        if let storage { body.raw("storage", storage) }
        body.object("features") { features in
            for feature in rules.policy.features { features.bool(feature.id, tier?.features.contains(feature.id) ?? false) }
        }
        body.raw("meters", "{" + meterObjects.joined(separator: ",") + "}")
        return RefusalResponse.json(.ok, body)
    }

    /// `{"minutely":{…},"hourly":{…},"daily":{…},"monthly":{…}}`: each window's allowed cost so far, its limit,
    /// what remains, the percentage used (one decimal) and when it resets; limit, remaining and percentage are
    /// null for a window the tier does not limit.
    static func counterUsage(tenant: Int, meter: Int, policy: ActivePolicy, at seconds: Int64) async throws -> String {
        let limits = policy.rules.tier(ofTenant: tenant).map { policy.rules.windowLimits(tier: $0, meter: meter) }
        var windows = JSONObjectWriter()
        for window in Window.allCases {
            let used = try await policy.store.used(tenant: tenant, meter: meter, window: window, at: seconds)
            var object = JSONObjectWriter()
            object.integer("current", used)
            if let limit = limits?[window] {
                object.integer("limit", limit)
                object.integer("remaining", max(0, limit - used))
                object.raw("percentage", percentage(used, of: limit))
            } else {
                object.null("limit")
                object.null("remaining")
                object.null("percentage")
            }
            object.string("reset_at", UTCCalendar.rfc3339(window.end(startingAt: window.start(containing: seconds))))
            windows.raw(window.quotaType, object.json)
        }
        return windows.json
    }

    /// `used / limit` in percent with one decimal, rounded half up, in integers (`100.0` for a limit of 0).
    static func percentage(_ used: Int64, of limit: Int64) -> String {
        guard limit > 0 else { return "100.0" }
        let tenths = (Int128(used) * 1_000 + Int128(limit) / 2) / Int128(limit)
        return "\(tenths / 10).\(tenths % 10)"
    }
}
