public import PolicyModel
internal import PolicyRuntime
internal import PolicyStorePostgres
internal import ServiceLifecycle
internal import TiercHummingbird
internal import UnixSignals

/// A policy and its tenants as loaded (and verified) from the files `tierc serve` was given.
public struct LoadedServePolicy: Sendable {
    public var policy: Policy
    public var tenants: TenantDirectory
    public var revision: UInt64

    public init(policy: Policy, tenants: TenantDirectory, revision: UInt64) {
        self.policy = policy
        self.tenants = tenants
        self.revision = revision
    }
}

/// Loads the policy files again for a reload: the policy, or a one-line reason why not (a check error, a
/// truncated or corrupt snapshot, a missing or wrong signature, an unreadable file).
public typealias PolicyLoader = @Sendable () -> Result<LoadedServePolicy, ReloadFailure>

/// Why a reload was refused.
public struct ReloadFailure: Error, Sendable, CustomStringConvertible {
    public var reason: String
    public init(reason: String) { self.reason = reason }
    public var description: String { reason }
}

/// Hot reload (docs/serve.md, "Reload"): on SIGHUP, and with `--watch` whenever one of the watched files changes,
/// load and verify the policy again, then swap it in atomically. Requests in flight finish on the old policy;
/// counters survive (``QuotaState/carried(fromTenants:meters:toTenants:meters:)``). A failing reload keeps the
/// last good policy, logs one line and shows its reason in `/admin/v1/status`.
final class PolicyReloader: Service, Sendable {
    let state: ServerState
    let load: PolicyLoader
    /// Files polled for changes (`--watch`); empty: SIGHUP only.
    let watched: [String]
    /// How often watched files are looked at.
    static let pollInterval: Duration = .milliseconds(250)

    let metrics: ServerMetrics
    /// `--shadow`: the candidate, loaded again with the live policy; nil without a shadow policy.
    let candidate: CandidateReload?

    /// `--store postgres://…`: a reload is refused unless the database already has the new policy and tenants.
    let store: StoreGuard?

    init(state: ServerState, load: @escaping PolicyLoader, watched: [String], metrics: ServerMetrics,
         candidate: CandidateReload? = nil, store: StoreGuard? = nil) {
        self.store = store
        self.state = state
        self.load = load
        self.watched = watched
        self.metrics = metrics
        self.candidate = candidate
    }

    func run() async throws {
        let (triggers, trigger) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
        let hangups = await UnixSignalsSequence(trapping: .sighup)
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                for await _ in hangups { trigger.yield() }
            }
            if !watched.isEmpty {
                group.addTask { [watched] in
                    var last = watched.map(FileStamp.init(path:))
                    while !Task.isCancelled {
                        try? await Task.sleep(for: Self.pollInterval)
                        let now = watched.map(FileStamp.init(path:))
                        if now != last {
                            last = now
                            trigger.yield()
                        }
                    }
                }
            }
            group.addTask {
                for await _ in triggers { await self.reload() }
            }
            try? await gracefulShutdown()
            trigger.finish()
            group.cancelAll()
        }
    }

    /// Loads, verifies and swaps; returns whether the new policy is in force.
    @discardableResult
    func reload() async -> Bool {
        // With --shadow the candidate is loaded too, for the new live tenants; either failing refuses both.
        var result = load().flatMap({ loaded in
            candidate.map { $0.load(loaded.tenants).map { (loaded, $0) } } ?? .success((loaded, nil))
        })
        // With --store postgres the database must already hold the new revision and tenants (docs/serve.md#reload:
        // apply policy.sql and tenants.sql first, then reload every instance).
        if let store, case .success(let (loaded, _)) = result {
            do {
                try await store.connection.verify(policy: loaded.policy, revision: loaded.revision, tenants: loaded.tenants)
            } catch {
                result = .failure(ReloadFailure(reason: error.description))
            }
        }
        switch result {
        case .failure(let failure):
            return refuse(failure)
        case .success(let (loaded, reloadedCandidate)):
            let old = state.holder.current
            let store: any QuotaStore
            do {
                store = try self.store.map { try GuardedQuotaStore(guarded: $0, policy: loaded.policy, tenants: loaded.tenants.tenants) }
                    ?? Self.carry(old, to: loaded)
            } catch {
                return refuse(ReloadFailure(reason: "\(error)"))
            }
            let active = ActivePolicy(rules: PolicyRules(policy: loaded.policy, tenants: loaded.tenants), store: store,
                                      revision: loaded.revision)
            state.holder.replace(with: active)
            if let candidate, let reloadedCandidate {
                candidate.shadow.replace(with: reloadedCandidate, liveFingerprint: active.fingerprint, at: TiercClock.now())
            }
            state.update {
                $0.lastReloadError = nil
                $0.loadedAt = TiercClock.now()
                $0.reloadsSucceeded += 1
            }
            metrics.reloaded(active)
            ServerLog.line("reloaded policy \(loaded.policy.name) (\(active.fingerprint)), revision \(loaded.revision)")
            // --lease: the old store's leases go back once the new store decides (docs/serve.md#leases), and once
            // more two seconds later, for a lease that a request already under way on the old policy reserved again.
            if let leases = (old.store as? GuardedQuotaStore)?.leases {
                do {
                    try await leases.close()
                } catch {
                    ServerLog.line("could not give back the leases of the previous policy: \(error)")
                }
                Task {
                    try? await Task.sleep(for: .seconds(2))
                    _ = try? await leases.close()
                }
            }
            return true
        }
    }

    /// A refused reload: the policy in force stays, one line, `reloads.failed`, the reason in the status.
    private func refuse(_ failure: ReloadFailure) -> Bool {
        state.update {
            $0.lastReloadError = failure.reason
            $0.reloadsFailed += 1
        }
        metrics.reloaded(nil)
        ServerLog.line("reload failed, keeping the policy in force: \(failure.reason)")
        return false
    }

    /// The quota store for the reloaded policy: the same store when tenants and meters are unchanged (nothing is
    /// copied, nothing in flight is lost), otherwise the counters carried over by tenant and meter id.
    static func carry(_ old: ActivePolicy, to new: LoadedServePolicy) -> any QuotaStore {
        let oldTenants = old.rules.tenants.tenants.map(\.id)
        let oldMeters = old.policy.meters.map(\.id)
        let newTenants = new.tenants.tenants.map(\.id)
        let newMeters = new.policy.meters.map(\.id)
        if oldTenants == newTenants && oldMeters == newMeters { return old.store }
        guard let memory = old.store as? InMemoryQuotaStore else {
            return InMemoryQuotaStore(tenants: newTenants.count, meters: newMeters.count)
        }
        return InMemoryQuotaStore(memory.snapshot.carried(fromTenants: oldTenants, meters: oldMeters,
                                                          toTenants: newTenants, meters: newMeters))
    }
}
