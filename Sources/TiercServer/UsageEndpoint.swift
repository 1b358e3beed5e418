internal import HTTPTypes
internal import PolicyModel
internal import PolicyRuntime
internal import TiercHummingbird

/// `GET /api/v1/tenant/usage` (docs/serve.md): the identified tenant's usage at the request's time, in the shape of
/// docs/log-format.md#what-a-runtime-sends (`api_calls.hourly`…, `storage.current_gb`, `features`), plus every meter
/// and window of the policy under `meters`. The store's figures are read first (``Figures``), synchronously from the
/// in-memory store on the event loop, awaited from any other; one function writes the answer from them.
enum UsageEndpoint {
    static let path = "/api/v1/tenant/usage"

    /// What the answer shows from the store: each counter meter's use in each window, each gauge's latest reading.
    struct Figures {
        /// By `Window.slot(window, inGroup: meter)`; 0 for a gauge meter.
        var used: [Int64]
        /// By meter; nil for a counter meter and for a gauge never read.
        var gauges: [ExactDecimal?]

        init(meters: Int) {
            used = Array(repeating: 0, count: Window.firstSlot(ofGroup: meters))
            gauges = Array(repeating: nil, count: meters)
        }
    }

    /// The figures from any store.
    static func figures(tenant: Int, policy: ActivePolicy, at seconds: Int64) async throws -> Figures {
        let meters = policy.rules.policy.meters
        var figures = Figures(meters: meters.count)
        for (meter, definition) in meters.enumerated() {
            switch definition.kind {
            case .counter:
                for window in Window.allCases {
                    figures.used[Window.slot(window, inGroup: meter)] =
                        try await policy.store.used(tenant: tenant, meter: meter, window: window, at: seconds)
                }
            case .gauge:
                figures.gauges[meter] = try await policy.store.latestGauge(tenant: tenant, meter: meter)
            }
        }
        return figures
    }

    /// The figures without waiting, when the store is the in-memory one; nil otherwise.
    static func figuresNow(tenant: Int, policy: ActivePolicy, at seconds: Int64) -> Figures? {
        guard let store = policy.store as? InMemoryQuotaStore else { return nil }
        let meters = policy.rules.policy.meters
        var figures = Figures(meters: meters.count)
        for (meter, definition) in meters.enumerated() {
            switch definition.kind {
            case .counter:
                for window in Window.allCases {
                    figures.used[Window.slot(window, inGroup: meter)] =
                        store.used(tenant: tenant, meter: meter, window: window, at: seconds)
                }
            case .gauge:
                figures.gauges[meter] = store.latestGauge(tenant: tenant, meter: meter)
            }
        }
        return figures
    }

    /// The answer for `tenant` from `figures`.
    static func answer(tenant: IdentifiedTenant, policy: ActivePolicy, at seconds: Int64, figures: Figures) -> TiercAnswer {
        let rules = policy.rules
        let meters = rules.policy.meters
        var meterObjects: [String] = []
        var apiCalls: String?
        var storage: String?
        for (index, meter) in meters.enumerated() {
            let object: String
            switch meter.kind {
            case .counter:
                object = counterUsage(tenant: tenant.index, meter: index, policy: policy, at: seconds, figures: figures)
                if meter.id == "api_calls" { apiCalls = object }
            case .gauge:
                let current = figures.gauges[index] ?? .zero
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
    static func counterUsage(tenant: Int, meter: Int, policy: ActivePolicy, at seconds: Int64, figures: Figures) -> String {
        let limits = policy.rules.tier(ofTenant: tenant).map { policy.rules.windowLimits(tier: $0, meter: meter) }
        var windows = JSONObjectWriter()
        for window in Window.allCases {
            let used = figures.used[Window.slot(window, inGroup: meter)]
            windows.object(window.quotaType) { object in
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
            }
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
