public import PolicyModel
public import PolicyRuntime
internal import Synchronization

/// A loaded policy as a middleware decides by it: the stateless rules, the store of its counters, and what
/// identifies it (docs/serve.md). Immutable; a reload builds a new one and swaps it in a ``PolicyHolder``. Everything
/// sits behind one reference, so that copying an `ActivePolicy` (a few times per request) retains one object, not
/// one per part: on the event loops of `tierc serve` those counts are shared between threads (docs/serve.md#performance).
public struct ActivePolicy: Sendable {
    /// The parts of an active policy, immutable, behind the one reference.
    private final class Parts: Sendable {
        let rules: PolicyRules
        let store: any QuotaStore
        let fingerprint: String
        let revision: UInt64
        let prepared: PreparedAnswers

        init(rules: PolicyRules, store: any QuotaStore, revision: UInt64) {
            self.rules = rules
            self.store = store
            self.revision = revision
            fingerprint = rules.policy.fingerprint
            prepared = PreparedAnswers(rules: rules)
        }
    }

    private let parts: Parts

    public var rules: PolicyRules { parts.rules }
    public var store: any QuotaStore { parts.store }
    /// The policy's fingerprint (`sha256:…`, docs/snapshot-format.md).
    public var fingerprint: String { parts.fingerprint }
    /// The snapshot's revision (0 for a tiers.yaml compiled in memory).
    public var revision: UInt64 { parts.revision }
    /// The parts of answers prepared once per load (``PreparedAnswers``).
    var prepared: PreparedAnswers { parts.prepared }
    /// The rate-limit fields' policy-dependent parts, serialised once per load (``RateLimitHeaders``).
    var rateLimitFields: RateLimitFieldTable { prepared.rateLimitFields }
    /// The policy-dependent parts of 429 messages, written once per load (``QuotaMessageTable``).
    var quotaMessages: QuotaMessageTable { prepared.quotaMessages }
    /// The 403 of every tier and feature, built once per load (``ForbiddenAnswers``).
    var forbiddenAnswers: ForbiddenAnswers { prepared.forbiddenAnswers }

    public init(rules: PolicyRules, store: any QuotaStore, revision: UInt64 = 0) {
        parts = Parts(rules: rules, store: store, revision: revision)
    }

    /// Rules for `policy` and `tenants` with empty counters in memory.
    public init(policy: Policy, tenants: TenantDirectory, revision: UInt64 = 0) {
        let rules = PolicyRules(policy: policy, tenants: tenants)
        self.init(rules: rules, store: InMemoryQuotaStore(tenants: tenants.tenants.count, meters: policy.meters.count),
                  revision: revision)
    }

    public var policy: Policy { rules.policy }
}

/// The policy in force, swapped atomically on reload: each request reads it once, at its start, so a request
/// in flight finishes on the policy it started with.
public final class PolicyHolder: Sendable {
    private let active: Mutex<ActivePolicy>

    public init(_ policy: ActivePolicy) {
        active = Mutex(policy)
    }

    /// The policy in force now.
    public var current: ActivePolicy { active.withLock { $0 } }

    /// Puts `policy` in force for every request that starts from now on.
    public func replace(with policy: ActivePolicy) {
        active.withLock { $0 = policy }
    }
}
