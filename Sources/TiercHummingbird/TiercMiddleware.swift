public import Hummingbird
public import PolicyRuntime
internal import PolicyModel

/// A Hummingbird 2 middleware that decides every request by the policy in force (docs/log-format.md#decisions,
/// docs/serve.md): it identifies the tenant as the policy says, answers 401, 403 and 429 itself, and passes an
/// admitted request on with the identified tenant in its context (`context.tierc.tenant`). Every metered
/// answer, the application's own included, carries the rate-limit headers of ``RateLimitHeaders``.
///
/// The middleware calls the runtime's one decision procedure (``PolicyRules/plan(_:)`` and the policy's
/// ``QuotaStore``); it identifies and counts nothing on its own.
public struct TiercMiddleware<Context: TiercRequestContext>: RouterMiddleware {
    public let policy: PolicyHolder
    public let clock: TiercClock
    /// Called once for each decided request, after the decision and before the answer (decision log, metrics).
    public let observer: (@Sendable (DecidedRequest) -> Void)?

    public init(policy: PolicyHolder, clock: TiercClock = .system, observer: (@Sendable (DecidedRequest) -> Void)? = nil) {
        self.policy = policy
        self.clock = clock
        self.observer = observer
    }

    public func handle(_ request: Request, context: Context,
                       next: (Request, Context) async throws -> Response) async throws -> Response {
        let active = policy.current
        let decided: DecidedRequest
        switch try await Self.decide(request, policy: active, clock: clock) {
        case .answered(let answer): return answer.response
        case .decided(let value): decided = value
        }
        observer?(decided)
        if let refusal = decided.refusal(accept: request.headers[.accept]) { return refusal.response }
        var context = context
        context.tierc = TiercRequestState(tenant: decided.tenant, decision: decided.decision)
        var response = try await next(request, context)
        decided.addRateLimitFields(to: &response.headers)
        return response
    }

    /// Decides `request` under `policy` at the time `clock` gives: the decision, or the 400/401 answer of a
    /// request that cannot be decided (``HTTPRequestReader``, or no usable time).
    public static func decide(_ request: Request, policy: ActivePolicy,
                              clock: TiercClock) async throws -> DecisionAttempt {
        switch DecisionStep.start(request.head, policy: policy, clock: clock) {
        case .answered(let answer): return .answered(answer)
        case .decided(let decided): return .decided(decided)
        case .charge(let pending): return .decided(pending.charged(try await policy.store.charge(pending.charge, at: pending.seconds)))
        }
    }
}

/// What ``TiercMiddleware/decide(_:policy:clock:)`` makes of a request.
public enum DecisionAttempt: Sendable {
    /// Decided by the policy (admitted or refused).
    case decided(DecidedRequest)
    /// Not decidable (400, or 401 for a foreign `Authorization` scheme): this is the answer.
    case answered(TiercAnswer)
}

/// One decided request: what it was, when, the decision, and the policy that took it.
public struct DecidedRequest: Sendable {
    public var request: PolicyRuntime.Request
    /// Epoch seconds of the decision.
    public var seconds: Int64
    public var decision: Decision
    public var policy: ActivePolicy
    /// How long reading, identifying and deciding took (the quota store included).
    public var duration: Duration

    public init(request: PolicyRuntime.Request, seconds: Int64, decision: Decision, policy: ActivePolicy,
                duration: Duration = .zero) {
        self.request = request
        self.seconds = seconds
        self.decision = decision
        self.policy = policy
        self.duration = duration
    }

    /// The identified tenant (nil for 401 and anonymous requests).
    public var tenant: IdentifiedTenant? {
        guard let index = decision.tenant else { return nil }
        // The two fields are read in place: a copy of the whole directory entry (keys, subscription) is not made.
        let tenants = policy.rules.tenants.tenants
        return IdentifiedTenant(index: index, id: tenants[index].id, tier: tenants[index].tier)
    }

    /// The answer to a refused request (401, 403, 429 with its headers), nil for an admitted one. `accept` is the
    /// client's `Accept`, for the problem+json form of a 429.
    public func refusal(accept: String?) -> TiercAnswer? {
        refusal(accept: accept, rateLimitFields: true)
    }

    /// As ``refusal(accept:)``; with `rateLimitFields` false a 429 comes without its rate-limit fields, for a writer
    /// that writes them itself before the answer's own fields (``RateLimitFieldValues/write(to:)``,
    /// docs/serve.md#performance).
    public func refusal(accept: String?, rateLimitFields: Bool) -> TiercAnswer? {
        let rules = policy.rules
        switch decision.outcome {
        case .allowed, .anonymous:
            return nil
        case .unauthorized(let reason):
            return RefusalResponse.unauthorized(reason, policy: rules.policy)
        case .forbidden(let feature):
            let tier = tenant?.tier ?? ""
            if let answer = policy.forbiddenAnswers.answer(tier: decision.tenant.flatMap(rules.tier(ofTenant:)), tierID: tier,
                                                           feature: feature) {
                return answer
            }
            return RefusalResponse.forbidden(feature: rules.policy.features[feature].id, tier: tier)
        case .quotaExceeded(let refusal):
            var fields = HTTPFields()
            if rateLimitFields { RateLimitHeaders.add(decision, at: seconds, policy: policy, to: &fields) }
            let meter = decision.meter ?? 0
            guard AcceptPreference.prefersProblemJSON(accept) else {
                return RefusalResponse.json(.tooManyRequests, bytes: policy.quotaMessages.body(refusal, meter: meter), fields: fields)
            }
            return RefusalResponse.quotaExceeded(refusal, meter: meter, rules: rules,
                                                 message: policy.quotaMessages.text(window: refusal.window, limit: refusal.limit, meter: meter),
                                                 fields: fields, problem: true)
        }
    }

    /// Adds the rate-limit fields of the decision (``RateLimitHeaders``) to an admitted request's answer.
    public func addRateLimitFields(to fields: inout HTTPFields) {
        RateLimitHeaders.add(decision, at: seconds, policy: policy, to: &fields)
    }
}
