internal import PolicyRuntime

/// What answers take from a policy that is prepared once when it is loaded (docs/serve.md#performance): the
/// rate-limit fields' parts, the parts of 429 messages and the 403s. One immutable object, so that copying an
/// ``ActivePolicy`` (a few times per request) retains one reference for all of them rather than one per array.
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
