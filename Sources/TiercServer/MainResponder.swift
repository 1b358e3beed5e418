internal import Hummingbird
internal import PolicyRuntime
internal import TiercHummingbird

/// The public listener (docs/serve.md): tierc's own tenant endpoints are answered here; every other request,
/// whatever its method, goes through ``TiercMiddleware`` and, when admitted, to the ``AllowedHandler`` (the
/// upstream, or the decision-only answer).
struct MainResponder: HTTPResponder {
    typealias Context = BasicTiercRequestContext

    let state: ServerState
    let middleware: TiercMiddleware<BasicTiercRequestContext>
    let allowed: any AllowedHandler

    func respond(to request: Request, context: Context) async throws -> Response {
        do {
            return try await decide(request, context: context)
        } catch let unavailable as StoreUnavailable {
            // docs/serve.md#when-the-database-is-away
            return unavailable.response
        }
    }

    private func decide(_ request: Request, context: Context) async throws -> Response {
        let target = request.head.path ?? "/"
        let path = QueryParameters.path(ofTarget: target)
        if path == UsageEndpoint.path || path == InvoiceEndpoint.path {
            return try await ownEndpoint(request, path: path, target: target)
        }
        return try await middleware.handle(request, context: context) { request, context in
            try await allowed.respond(to: request, context: context)
        }
    }

    private func ownEndpoint(_ request: Request, path: Substring, target: String) async throws -> Response {
        guard request.method == .get || request.method == .head else {
            return RefusalResponse.error(.methodNotAllowed, "Only GET is allowed here.", fields: [.allow: "GET, HEAD"])
        }
        let policy = state.holder.current
        guard let seconds = middleware.clock.time(request) else { return RefusalResponse.noTime }
        switch TenantEndpoint.identify(request, policy: policy, at: seconds) {
        case .answered(let response): return response
        case .tenant(let tenant):
            if path == UsageEndpoint.path { return try await UsageEndpoint.respond(tenant: tenant, policy: policy, at: seconds) }
            return try await InvoiceEndpoint.respond(tenant: tenant, policy: policy, target: target)
        }
    }
}

/// What answers an admitted request: the upstream (``UpstreamForwarder``) or ``DecisionOnlyHandler``.
protocol AllowedHandler: Sendable {
    func respond(to request: Request, context: BasicTiercRequestContext) async throws -> Response
}

/// Decision-only mode (no `--upstream`): an admitted request is answered `200` with
/// `{"tenant_id":…,"tier":…}` (both null for an anonymous request), for sidecars and load tests.
struct DecisionOnlyHandler: AllowedHandler {
    func respond(to request: Request, context: BasicTiercRequestContext) async throws -> Response {
        var body = JSONObjectWriter()
        if let tenant = context.tierc.tenant {
            body.string("tenant_id", tenant.id)
            body.string("tier", tenant.tier)
        } else {
            body.null("tenant_id")
            body.null("tier")
        }
        return RefusalResponse.json(.ok, body)
    }
}
