internal import Hummingbird
internal import PolicyModel
internal import PolicyRuntime
internal import PolicySimulator
internal import PolicyStorePostgres
internal import TiercHummingbird

/// The admin listener (docs/serve.md, "Admin"): `GET /healthz`, `GET /readyz`, `GET /metrics`,
/// `GET /admin/v1/status`, `GET /admin/v1/shadow` and `POST /admin/v1/gauges`. It is never reachable on the public listener: a tenant cannot report its own gauge.
enum AdminRouter {
    static func build(state: ServerState, clock: TiercClock, observers: ServerObservers) -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        router.get("/healthz") { _, _ in
            var body = JSONObjectWriter()
            body.string("status", "ok")
            return RefusalResponse.json(.ok, body).response
        }
        router.get("/readyz") { _, _ in
            let draining = state.current.draining
            var body = JSONObjectWriter()
            body.string("status", draining ? "draining" : "ready")
            return RefusalResponse.json(draining ? .serviceUnavailable : .ok, body).response
        }
        router.get("/metrics") { _, _ in
            await observers.metrics.refreshInvoices(policy: state.holder.current, month: observers.clock.month)
            return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                     body: ResponseBody(byteBuffer: ByteBuffer(bytes: observers.metrics.text())))
        }
        router.get("/admin/v1/status") { _, _ in StatusEndpoint.respond(state: state, observers: observers) }
        router.get(RouterPath(ShadowEndpoint.path)) { request, _ in
            try await ShadowEndpoint.respond(request, state: state, observers: observers)
        }
        router.post("/admin/v1/gauges") { request, _ in
            try await GaugeEndpoint.respond(request, state: state, clock: clock, observers: observers)
        }
        return router
    }
}

/// `GET /admin/v1/status`: the policy in force and the reload status.
enum StatusEndpoint {
    static func respond(state: ServerState, observers: ServerObservers) -> Response {
        let policy = state.holder.current
        let status = state.current
        var body = JSONObjectWriter()
        body.string("policy", policy.policy.name)
        body.string("fingerprint", policy.fingerprint)
        body.integer("revision", Int64(clamping: policy.revision))
        body.string("loaded_at", UTCCalendar.rfc3339(status.loadedAt))
        if let error = status.lastReloadError { body.string("last_reload_error", error) } else { body.null("last_reload_error") }
        body.object("reloads") { reloads in
            reloads.integer("succeeded", Int64(status.reloadsSucceeded))
            reloads.integer("failed", Int64(status.reloadsFailed))
        }
        body.integer("tenants", Int64(policy.rules.tenants.tenants.count))
        if let log = observers.decisionLog {
            body.object("decision_log") { object in
                object.string("path", log.path)
                object.integer("written", Int64(log.written))
                object.integer("dropped", Int64(log.dropped))
                object.integer("reopens", Int64(log.reopens))
            }
        } else {
            body.null("decision_log")
        }
        // docs/serve.md#when-the-database-is-away
        body.object("store") { object in
            guard let store = observers.store else {
                object.string("kind", "memory")
                return
            }
            let now = store.snapshot
            object.string("kind", "postgres")
            object.string("url", store.connection.url.description)
            object.integer("pool_size", Int64(store.connection.poolSize))
            object.string("on_error", store.action.rawValue)
            object.bool("available", now.available)
            if let error = now.lastError { object.string("last_error", error) } else { object.null("last_error") }
            if let retry = now.retryAfterSeconds { object.integer("retry_after", retry) } else { object.null("retry_after") }
            object.integer("errors", Int64(now.errors))
            object.integer("denied", Int64(now.denied))
            object.integer("decided_locally", Int64(now.allowed))
            object.integer("pending_write_back", now.pendingCost)
            object.integer("written_back", now.writtenBack)
        }
        return RefusalResponse.json(.ok, body).response
    }
}

/// `POST /admin/v1/gauges` with `{"tenant":"tenant-a","meter":"storage_gb","value":3.2}`: records a gauge reading
/// at the request's time (or at its `ts`, as in a log line). The body is read by the request-log parser, so the
/// value is an exact decimal from its JSON text, never a binary float.
enum GaugeEndpoint {
    static let maxBody = 64 * 1024

    static func respond(_ request: Request, state: ServerState, clock: TiercClock,
                        observers: ServerObservers) async throws -> Response {
        guard let seconds = clock.time(request.head) else { return RefusalResponse.noTime.response }
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: maxBody)
        } catch {
            return RefusalResponse.error(.contentTooLarge, "The body is over \(maxBody / 1024) KiB.").response
        }
        let bytes = Array(buffer.readableBytesView)
        let parsed = bytes.withUnsafeBufferPointer { LogLineParser.parse($0, defaultSeconds: seconds) }
        guard case .success(let record)? = parsed else {
            if case .failure(let invalid)? = parsed { return RefusalResponse.badRequest("Not a gauge reading: \(invalid.reason).").response }
            return RefusalResponse.badRequest("The body must be a JSON object with tenant, meter and value.").response
        }
        guard case .gauge(.id(let id), let meterID?, let value, let at) = record else {
            return RefusalResponse.badRequest("The body must be a JSON object with tenant, meter and value.").response
        }
        let policy = state.holder.current
        guard let tenant = policy.rules.tenants.tenant(id: id) else {
            return RefusalResponse.badRequest("No tenant \(id) in the policy's tenants.").response
        }
        guard let meter = policy.rules.meterIndex(meterID), policy.policy.meters[meter].kind == .gauge else {
            return RefusalResponse.badRequest("\(meterID) is not a gauge meter of the policy.").response
        }
        do {
            try await policy.store.recordGauge(tenant: tenant, meter: meter, value: value, at: at)
        } catch let unavailable as StoreUnavailable {
            return unavailable.answer.response
        }
        observers.gaugeRecorded(tenant: id, meter: meterID, value: value, at: at)
        let limit = policy.rules.gaugeLimit(tenant: tenant, meter: meter)
        var body = JSONObjectWriter()
        body.string("tenant", id)
        body.string("meter", meterID)
        body.raw("value", value.description)
        body.bool("over_limit", limit.map { $0 < value } ?? false)
        return RefusalResponse.json(.ok, body).response
    }
}
