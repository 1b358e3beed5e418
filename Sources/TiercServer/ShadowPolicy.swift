public import PolicyModel
internal import PolicyRuntime
internal import Synchronization
internal import TiercHummingbird

/// `tierc serve --shadow CANDIDATE` (docs/serve.md, "Shadow policy"): every decided request is decided again by
/// a candidate policy, with the same tenants and its own counters in memory, after the live answer is fixed and
/// without changing it. Disagreements are counted by the live tier and kind, and by tenant, for
/// `GET /admin/v1/shadow`; the candidate's counters also give its projected invoices.
///
/// The tally covers one pair of policies: it starts again when a reload changes the live or the candidate
/// policy's fingerprint (the candidate's counters are carried over like the live ones).
final class ShadowPolicy: Sendable {
    /// The candidate in force: its rules, its counters, and what identifies it.
    struct Candidate: Sendable {
        let rules: PolicyRules
        let store: InMemoryQuotaStore
        let fingerprint: String
        let revision: UInt64
        /// Epoch seconds at which it was loaded.
        let loadedAt: Int64
    }

    /// Disagreements of one tenant: its live tier and its counts by kind.
    struct TenantTally: Sendable, Hashable {
        var tier: String
        var counts: [ShadowDisagreement: Int] = [:]
    }

    /// What was compared since ``since``.
    struct Tally: Sendable {
        /// Epoch seconds at which this pair of policies came into force.
        var since: Int64
        /// The live policy's fingerprint the counts are against.
        var liveFingerprint: String
        var compared = 0
        var byTier: [String: [ShadowDisagreement: Int]] = [:]
        var byTenant: [String: TenantTally] = [:]
    }

    private struct State: Sendable {
        var candidate: Candidate
        var tally: Tally
    }

    private let state: Mutex<State>

    /// The candidate `loaded` (with the live tenants) against the live policy of fingerprint `liveFingerprint`.
    init(_ loaded: LoadedServePolicy, liveFingerprint: String, at seconds: Int64) {
        let candidate = Self.candidate(loaded, store: InMemoryQuotaStore(tenants: loaded.tenants.tenants.count,
                                                                          meters: loaded.policy.meters.count), at: seconds)
        state = Mutex(State(candidate: candidate, tally: Tally(since: seconds, liveFingerprint: liveFingerprint)))
    }

    private static func candidate(_ loaded: LoadedServePolicy, store: InMemoryQuotaStore, at seconds: Int64) -> Candidate {
        let rules = PolicyRules(policy: loaded.policy, tenants: loaded.tenants)
        return Candidate(rules: rules, store: store, fingerprint: loaded.policy.fingerprint, revision: loaded.revision,
                         loadedAt: seconds)
    }

    var candidate: Candidate { state.withLock { $0.candidate } }
    var tally: Tally { state.withLock { $0.tally } }

    /// Decides `decided`'s request by the candidate at the same time, counts it with the candidate's own counters,
    /// and returns the disagreement with the live decision, nil when they agree. `tier` is the label the live
    /// decision is counted under (the tenant's tier, `anonymous` or `unidentified`).
    func decide(_ decided: DecidedRequest, tier: String) -> ShadowVerdict? {
        let candidate = self.candidate
        let rules = candidate.rules
        let decision: Decision
        switch rules.plan(rules.resolver.resolve(decided.request, at: decided.seconds)) {
        case .decided(let value): decision = value
        case .charge(let charge): decision = candidate.store.charge(charge, at: decided.seconds)
        }
        let live = decided.decision
        let kind = ShadowDisagreement.between(live: live, candidate: decision,
                                              liveMeter: live.meter.map { decided.policy.policy.meters[$0].id },
                                              candidateMeter: decision.meter.map { rules.policy.meters[$0].id })
        let tenant = decided.tenant.map(\.id) ?? decision.tenant.map { rules.tenants.tenants[$0].id }
        state.withLock { state in
            guard state.candidate.fingerprint == candidate.fingerprint,
                  state.tally.liveFingerprint == decided.policy.fingerprint else { return }
            state.tally.compared += 1
            guard let kind else { return }
            state.tally.byTier[tier, default: [:]][kind, default: 0] += 1
            if let tenant { state.tally.byTenant[tenant, default: TenantTally(tier: tier)].counts[kind, default: 0] += 1 }
        }
        return kind.map { ShadowVerdict(kind: $0, status: decision.status, window: decision.status == 429 ? decision.window : nil) }
    }

    /// Records a gauge reading in the candidate's counters too, when the candidate has that tenant and gauge.
    func recordGauge(tenant id: String, meter meterID: String, value: ExactDecimal, at seconds: Int64) {
        let candidate = self.candidate
        guard let tenant = candidate.rules.tenants.tenant(id: id), let meter = candidate.rules.meterIndex(meterID),
              candidate.rules.policy.meters[meter].kind == .gauge else { return }
        candidate.store.recordGauge(tenant: tenant, meter: meter, value: value, at: seconds)
    }

    /// Puts a reloaded candidate in force beside the live policy of fingerprint `liveFingerprint`. The
    /// candidate's counters are kept (the same store when its tenants and meters are unchanged, otherwise carried
    /// by id); the tally starts again when either policy's fingerprint changed.
    func replace(with loaded: LoadedServePolicy, liveFingerprint: String, at seconds: Int64) {
        state.withLock { state in
            let old = state.candidate
            let store = Self.carry(old, to: loaded)
            let changed = old.fingerprint != loaded.policy.fingerprint || state.tally.liveFingerprint != liveFingerprint
            state.candidate = Self.candidate(loaded, store: store, at: changed ? seconds : old.loadedAt)
            if changed { state.tally = Tally(since: seconds, liveFingerprint: liveFingerprint) }
        }
    }

    /// The candidate's counters for `new`: the same store with the same tenants and meters, otherwise the
    /// counters carried over by tenant and meter id (``QuotaState/carried(fromTenants:meters:toTenants:meters:)``).
    private static func carry(_ old: Candidate, to new: LoadedServePolicy) -> InMemoryQuotaStore {
        let oldTenants = old.rules.tenants.tenants.map(\.id)
        let oldMeters = old.rules.policy.meters.map(\.id)
        let newTenants = new.tenants.tenants.map(\.id)
        let newMeters = new.policy.meters.map(\.id)
        if oldTenants == newTenants && oldMeters == newMeters { return old.store }
        return InMemoryQuotaStore(old.store.snapshot.carried(fromTenants: oldTenants, meters: oldMeters,
                                                             toTenants: newTenants, meters: newMeters))
    }
}

/// What `tierc serve --shadow` starts with: the candidate as loaded and checked at start (with the live
/// tenants), and how to load it again on a reload.
public struct ShadowSetup: Sendable {
    public var candidate: LoadedServePolicy
    /// Loads the candidate file again for the live tenants given; nil: the candidate is never reloaded.
    public var reload: (@Sendable (TenantDirectory) -> Result<LoadedServePolicy, ReloadFailure>)?

    public init(candidate: LoadedServePolicy,
                reload: (@Sendable (TenantDirectory) -> Result<LoadedServePolicy, ReloadFailure>)?) {
        self.candidate = candidate
        self.reload = reload
    }
}
