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

    /// The answer for `tenant` from `figures`: the body is written as bytes by ``UsageBody``.
    static func answer(tenant: IdentifiedTenant, policy: ActivePolicy, at seconds: Int64, figures: Figures) -> TiercAnswer {
        TiercAnswer(status: .ok, fields: RefusalResponse.jsonFields,
                    body: UsageBody.write(tenant: tenant, policy: policy, at: seconds, figures: figures))
    }

    /// `used / limit` in percent with one decimal, rounded half up, in integers (`100.0` for a limit of 0).
    static func percentage(_ used: Int64, of limit: Int64) -> String {
        guard limit > 0 else { return "100.0" }
        let tenths = (Int128(used) * 1_000 + Int128(limit) / 2) / Int128(limit)
        return "\(tenths / 10).\(tenths % 10)"
    }
}
