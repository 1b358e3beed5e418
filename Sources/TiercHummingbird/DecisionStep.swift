public import HTTPTypes
internal import PolicyModel
public import PolicyRuntime

/// The one decision procedure of docs/serve.md ("Deciding a request") up to the quota store: read the request
/// (``HTTPRequestReader``), take its time, resolve and plan it (``PolicyRules/plan(_:)``). What is left is at most
/// one charge, which ``TiercMiddleware`` awaits and `tierc serve`'s public listener takes on the event loop when
/// the store answers synchronously (``PendingCharge/chargedNow()``).
public enum DecisionStep: Sendable {
    /// Not decidable (400, or 401 for a foreign `Authorization` scheme): this is the answer.
    case answered(TiercAnswer)
    /// Decided without the store (401, 403, anonymous, an unmetered route).
    case decided(DecidedRequest)
    /// Decided once the store has taken this charge.
    case charge(PendingCharge)

    /// The first step of deciding `request` (its head) under `policy` at the time `clock` gives.
    public static func start(_ request: HTTPRequest, policy: ActivePolicy, clock: TiercClock) -> DecisionStep {
        let started = ContinuousClock.now
        let runtimeRequest: PolicyRuntime.Request
        switch HTTPRequestReader.read(request, identification: policy.rules.policy.identification) {
        case .failure(let refusal): return .answered(refusal.response(policy: policy.policy))
        case .success(let value): runtimeRequest = value
        }
        guard let seconds = clock.time(request) else { return .answered(RefusalResponse.noTime) }
        switch policy.rules.plan(policy.rules.resolver.resolve(runtimeRequest, at: seconds)) {
        case .decided(let decision):
            return .decided(DecidedRequest(request: runtimeRequest, seconds: seconds, decision: decision, policy: policy,
                                           duration: .now - started))
        case .charge(let charge):
            return .charge(PendingCharge(request: runtimeRequest, seconds: seconds, charge: charge, policy: policy,
                                         started: started))
        }
    }
}

/// A planned request waiting for its quota store's decision.
public struct PendingCharge: Sendable {
    public var request: PolicyRuntime.Request
    /// Epoch seconds of the decision.
    public var seconds: Int64
    /// What the store is asked to decide and count.
    public var charge: QuotaCharge
    public var policy: ActivePolicy
    /// When reading the request began (``DecidedRequest/duration``).
    let started: ContinuousClock.Instant

    /// The decided request, once the store (or the plan) has given `decision`.
    public func charged(_ decision: Decision) -> DecidedRequest {
        DecidedRequest(request: request, seconds: seconds, decision: decision, policy: policy, duration: .now - started)
    }

    /// The decided request when the policy's store answers synchronously (the in-memory store: a lock held for
    /// about a microsecond); nil when it must be awaited (PostgreSQL).
    public func chargedNow() -> DecidedRequest? {
        guard let store = policy.store as? InMemoryQuotaStore else { return nil }
        return charged(store.charge(charge, at: seconds))
    }
}
