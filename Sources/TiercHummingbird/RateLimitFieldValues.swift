public import HTTPTypes
public import NIOCore
public import PolicyRuntime

/// The rate-limit fields of one metered decision (``RateLimitHeaders``, docs/serve.md, "Headers"), computed once and
/// written either into `HTTPFields` (the middleware, the forwarding listener) or straight as header bytes
/// (`tierc serve`'s decision-only answers, docs/serve.md#performance): the same fields, in the same order, with the
/// same values, from the policy's prepared parts (``RateLimitFieldTable``) plus the decision's numbers.
public struct RateLimitFieldValues: Sendable {
    let limit: Int64
    let remaining: Int64
    let reset: Int64
    /// `RateLimit-Policy`, prepared per tier and meter; nil when every window of the meter is unlimited.
    let policy: String?
    /// `"<name>";r=`, prepared per meter and window: the start of `RateLimit`.
    let currentPrefix: String
    /// `r` and `t` of `RateLimit`, capped at RFC 9651's largest integer.
    let currentRemaining: Int64
    let currentResetIn: Int64
    /// `Retry-After` (seconds) of a 429.
    let retryAfter: Int64?

    /// The fields of a metered `decision` taken at `seconds` under `policy`; nil for an unmetered decision (or one
    /// whose windows are all unlimited), which has none.
    public init?(_ decision: Decision, at seconds: Int64, policy: ActivePolicy) {
        self.init(decision, at: seconds, rules: policy.rules, table: policy.rateLimitFields)
    }

    init?(_ decision: Decision, at seconds: Int64, rules: PolicyRules, table: RateLimitFieldTable) {
        guard let state = decision.rateLimit, let meter = decision.meter, let tenant = decision.tenant,
              let tier = rules.tier(ofTenant: tenant) else { return nil }
        limit = state.limit
        remaining = state.remaining
        reset = state.reset
        policy = table.policyField(tier: tier, meter: meter)
        currentPrefix = table.currentPrefix(meter: meter, window: state.window)
        currentRemaining = min(state.remaining, RateLimitFieldTable.largestInteger)
        currentResetIn = min(max(0, state.reset - seconds), RateLimitFieldTable.largestInteger)
        if let retry = decision.retryAfter, decision.status == 429 { retryAfter = max(1, retry) } else { retryAfter = nil }
    }

    /// `RateLimit`: `"<name>";r=<remaining>;t=<seconds to reset>`.
    var current: String {
        currentPrefix + String(currentRemaining) + ";t=" + String(currentResetIn)
    }

    /// Sets the fields in `fields` (each replaces a field of its name).
    public func add(to fields: inout HTTPFields) {
        fields[RateLimitHeaders.limit] = String(limit)
        fields[RateLimitHeaders.remaining] = String(remaining)
        fields[RateLimitHeaders.reset] = String(reset)
        fields[RateLimitHeaders.policy] = policy
        fields[RateLimitHeaders.rateLimit] = current
        if let retryAfter { fields[.retryAfter] = String(retryAfter) }
    }

    /// Writes the fields as header lines (`Name: value` and CRLF each) at the end of `buffer`: the bytes an HTTP/1
    /// encoder writes for the fields ``add(to:)`` sets in an answer that has none of them yet.
    public func write(to buffer: inout ByteBuffer) {
        ByteCursor.write(upTo: byteBound, into: &buffer) { append(to: &$0) }
    }

    /// The most bytes ``append(to:)`` writes.
    public var byteBound: Int {
        256 + (policy?.utf8.count ?? 0) + currentPrefix.utf8.count
    }

    /// ``write(to:)`` through a cursor whose room holds ``byteBound`` more bytes.
    public func append(to cursor: inout ByteCursor) {
        cursor.append("X-RateLimit-Limit: ")
        cursor.append(limit)
        cursor.append("\r\nX-RateLimit-Remaining: ")
        cursor.append(remaining)
        cursor.append("\r\nX-RateLimit-Reset: ")
        cursor.append(reset)
        if let policy {
            cursor.append("\r\nRateLimit-Policy: ")
            cursor.append(policy)
        }
        cursor.append("\r\nRateLimit: ")
        cursor.append(currentPrefix)
        cursor.append(currentRemaining)
        cursor.append(";t=")
        cursor.append(currentResetIn)
        if let retryAfter {
            cursor.append("\r\nRetry-After: ")
            cursor.append(retryAfter)
        }
        cursor.append("\r\n")
    }
}
