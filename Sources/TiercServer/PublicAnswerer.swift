internal import HTTPTypes
internal import PolicyRuntime
internal import TiercHummingbird

/// What the public listener answers in decision-only mode (docs/serve.md, "Deciding a request"), from a request's
/// head: tierc's own endpoints (``OwnEndpoint``), or the decision of ``DecisionStep`` (the runtime's one procedure,
/// as ``TiercMiddleware`` takes it), told to the observers (decision log, metrics, shadow policy), then the refusal
/// or the `200` of ``DecisionOnlyAnswer`` with the rate-limit fields. With the in-memory store everything is
/// answered at once, on the event loop; a store that must be awaited (PostgreSQL) gives an answer ``later``.
struct PublicAnswerer: Sendable {
    let holder: PolicyHolder
    let clock: TiercClock
    /// Called once per decided request, before its answer (``ServerObservers/decided(_:)``).
    let observer: @Sendable (DecidedRequest) -> Void

    /// An answer now, or the work that gives it once the store has answered.
    enum Answer {
        case now(PublicAnswer)
        case later(@Sendable () async -> PublicAnswer)
    }

    func answer(_ request: HTTPRequest) -> Answer {
        if let endpoint = OwnEndpoint(path: QueryParameters.path(ofTarget: request.path ?? "/")) {
            if let answer = endpoint.answerNow(request, clock: clock, holder: holder) { return .now(PublicAnswer(answer)) }
            let (clock, holder) = (clock, holder)
            return .later {
                await Self.storeErrors { PublicAnswer(try await endpoint.answer(request, clock: clock, holder: holder)) }
            }
        }
        switch DecisionStep.start(request, policy: holder.current, clock: clock) {
        case .answered(let answer):
            return .now(PublicAnswer(answer))
        case .decided(let decided):
            return .now(finish(decided, accept: request.headerFields[.accept]))
        case .charge(let pending):
            if let decided = pending.chargedNow() { return .now(finish(decided, accept: request.headerFields[.accept])) }
            let answerer = self
            return .later {
                await Self.storeErrors {
                    let decided = pending.charged(try await pending.policy.store.charge(pending.charge, at: pending.seconds))
                    return answerer.finish(decided, accept: request.headerFields[.accept])
                }
            }
        }
    }

    /// The answer to a decided request, as ``TiercMiddleware/handle(_:context:next:)`` gives it; the rate-limit
    /// fields are kept as values, written as bytes with the answer (docs/serve.md#performance).
    func finish(_ decided: DecidedRequest, accept: String?) -> PublicAnswer {
        observer(decided)
        let rateLimit = RateLimitFieldValues(decided.decision, at: decided.seconds, policy: decided.policy)
        if let refusal = decided.refusal(accept: accept, rateLimitFields: false) {
            // Of the refusals, only a 429 carries the rate-limit fields, before its own.
            guard case .quotaExceeded = decided.decision.outcome else { return PublicAnswer(refusal) }
            return PublicAnswer(refusal, rateLimit: rateLimit, rateLimitFirst: true)
        }
        return PublicAnswer(DecisionOnlyAnswer.answer(tenant: decided.tenant), rateLimit: rateLimit)
    }

    /// `work`'s answer; 503 when the database is away (docs/serve.md#when-the-database-is-away), and an empty 500
    /// for any other error, as Hummingbird answers one.
    static func storeErrors(_ work: () async throws -> PublicAnswer) async -> PublicAnswer {
        do {
            return try await work()
        } catch let unavailable as StoreUnavailable {
            return PublicAnswer(unavailable.answer)
        } catch {
            return PublicAnswer(TiercAnswer(status: .internalServerError))
        }
    }
}
