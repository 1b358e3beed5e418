internal import PolicyRuntime

/// What answers take from a policy that is prepared once when it is loaded (docs/serve.md#performance): the
/// rate-limit fields' parts, the parts of 429 messages and the 403s, kept by ``ActivePolicy`` behind its one
/// reference.
final class PreparedAnswers: Sendable {
    let rateLimitFields: RateLimitFieldTable
    let quotaMessages: QuotaMessageTable
    let forbiddenAnswers: ForbiddenAnswers

    init(rules: PolicyRules) {
        rateLimitFields = RateLimitFieldTable(rules: rules)
        quotaMessages = QuotaMessageTable(policy: rules.policy)
        forbiddenAnswers = ForbiddenAnswers(policy: rules.policy)
    }
}
