internal import HTTPTypes
internal import PolicyRuntime
internal import TiercHummingbird

/// tierc's own tenant endpoints on the public listener (docs/serve.md, "tierc's own endpoints"): `GET` or `HEAD`
/// only, the request's time, the tenant identified as for any request, then the usage or the invoice. Both public
/// listeners answer them through here: SwiftNIO's in decision-only mode, Hummingbird's with `--upstream`.
enum OwnEndpoint: Sendable {
    case usage
    case invoice

    /// The endpoint at `path` (the target without its query), nil for any other path.
    init?(path: Substring) {
        if path == UsageEndpoint.path { self = .usage } else if path == InvoiceEndpoint.path { self = .invoice } else { return nil }
    }

    /// What is left of an answer once the request is checked and its tenant identified.
    enum Prepared {
        case answered(TiercAnswer)
        case tenant(IdentifiedTenant, policy: ActivePolicy, seconds: Int64)
    }

    /// Checks the method and the time and identifies the tenant (no store is read).
    static func prepare(_ request: HTTPRequest, clock: TiercClock, holder: PolicyHolder) -> Prepared {
        guard request.method == .get || request.method == .head else {
            return .answered(RefusalResponse.error(.methodNotAllowed, "Only GET is allowed here.", fields: [.allow: "GET, HEAD"]))
        }
        let policy = holder.current
        guard let seconds = clock.time(request) else { return .answered(RefusalResponse.noTime) }
        switch TenantEndpoint.identify(request, policy: policy, at: seconds) {
        case .answered(let answer): return .answered(answer)
        case .tenant(let tenant): return .tenant(tenant, policy: policy, seconds: seconds)
        }
    }

    /// The answer without waiting: always for a refused request, for the usage from the in-memory store; nil when
    /// the store must be awaited (``answer(_:clock:holder:)``).
    func answerNow(_ request: HTTPRequest, clock: TiercClock, holder: PolicyHolder) -> TiercAnswer? {
        switch Self.prepare(request, clock: clock, holder: holder) {
        case .answered(let answer): return answer
        case .tenant(let tenant, let policy, let seconds):
            guard self == .usage, let figures = UsageEndpoint.figuresNow(tenant: tenant.index, policy: policy, at: seconds) else {
                return nil
            }
            return UsageEndpoint.answer(tenant: tenant, policy: policy, at: seconds, figures: figures)
        }
    }

    /// The answer from any store (a ``StoreUnavailable`` is thrown for the caller's 503).
    func answer(_ request: HTTPRequest, clock: TiercClock, holder: PolicyHolder) async throws -> TiercAnswer {
        switch Self.prepare(request, clock: clock, holder: holder) {
        case .answered(let answer): return answer
        case .tenant(let tenant, let policy, let seconds):
            switch self {
            case .usage:
                let figures = try await UsageEndpoint.figures(tenant: tenant.index, policy: policy, at: seconds)
                return UsageEndpoint.answer(tenant: tenant, policy: policy, at: seconds, figures: figures)
            case .invoice:
                return try await InvoiceEndpoint.respond(tenant: tenant, policy: policy, target: request.path ?? "/")
            }
        }
    }
}
