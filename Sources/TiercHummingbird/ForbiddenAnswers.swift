internal import PolicyModel

/// The 403 of every tier and feature of a policy (docs/serve.md, "Refusals"), built once when a policy is loaded
/// (``ActivePolicy``) rather than on every refused request: its body depends only on the tier and the feature.
/// Each is ``RefusalResponse/forbidden(feature:tier:)`` of the tier's and the feature's ids.
struct ForbiddenAnswers: Sendable {
    /// By `tier × features + feature`.
    private let answers: [TiercAnswer]
    private let tierIDs: [String]
    private let features: Int

    init(policy: Policy) {
        tierIDs = policy.tiers.map(\.id)
        features = policy.features.count
        answers = policy.tiers.flatMap { tier in
            policy.features.map { RefusalResponse.forbidden(feature: $0.id, tier: tier.id) }
        }
    }

    /// The 403 for feature `feature` and the tier at index `tier`, whose id must be `tierID` (the tenant's tier as
    /// its answer names it); nil when they are not the policy's.
    func answer(tier: Int?, tierID: String, feature: Int) -> TiercAnswer? {
        guard let tier, tier >= 0, tier < tierIDs.count, feature >= 0, feature < features, tierIDs[tier] == tierID else {
            return nil
        }
        return answers[tier * features + feature]
    }
}
