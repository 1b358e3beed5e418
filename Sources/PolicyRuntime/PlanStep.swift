/// ``DecisionPlan`` without a whole ``Decision`` in it (``PolicyRules/step(_:)``): what the engine switches on.
@usableFromInline
enum PlanStep: Sendable {
    case unauthorized(UnauthorizedReason)
    case anonymous
    case forbidden(tenant: Int, feature: Int)
    case unmetered(tenant: Int)
    case charge(QuotaCharge)

    /// The final decision of every case but ``charge(_:)``, which quota state decides.
    @usableFromInline
    var decision: Decision {
        switch self {
        case .unauthorized(let reason): return Decision(status: 401, unauthorized: reason)
        case .anonymous: return Decision(status: 200, anonymous: true)
        case .forbidden(let tenant, let feature):
            var decision = Decision(status: 403, tenant: tenant)
            decision.feature = feature
            return decision
        case .unmetered(let tenant): return Decision(status: 200, tenant: tenant)
        case .charge: preconditionFailure("PlanStep.decision: a charge is decided by quota state")
        }
    }
}
