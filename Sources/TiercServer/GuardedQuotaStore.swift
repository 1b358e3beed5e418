internal import PolicyModel
internal import PolicyRuntime
internal import PolicyStorePostgres
internal import Synchronization

/// The `--store postgres` store of one policy in force, behind the process's ``StoreGuard``
/// (docs/serve.md#when-the-database-is-away): while the database answers, every call goes to it; when a call
/// fails, or while it is away, a charge is denied (``StoreUnavailable``, 503) or, under `--on-store-error allow`,
/// decided by this instance's own counters of the outage (the runtime's rule, so it refuses only what this
/// instance alone already exhausted) and its admitted cost queued for writing back. Usage, invoices and gauge
/// readings need the database: 503 while it is away, whatever the action.
final class GuardedQuotaStore: QuotaStore {
    /// The database's store: `PostgresQuotaStore`, or with `--lease N` a `LeaseQuotaStore` over it.
    let database: any QuotaStore
    /// `--lease N`: the leases to give back now and then, on reload and on shutdown (docs/serve.md#leases).
    let leases: LeaseQuotaStore?
    let guarded: StoreGuard
    let tenantIDs: [String]
    let meterIDs: [String]
    /// The outage these counters belong to, and the counters.
    private let local: Mutex<(outage: Int, state: QuotaState)>

    /// With the guard's `leaseSize` (`--lease N`) the charges go through a `LeaseQuotaStore` whose broker names
    /// this instance `holder` in `tierc.leases`; without, one database call per decision.
    init(guarded: StoreGuard, policy: Policy, tenants: [Tenant]) throws {
        let reads = PostgresQuotaStore(connection: guarded.connection, policy: policy, tenants: tenants)
        if let leaseSize = guarded.leaseSize {
            let broker = PostgresLeaseBroker(connection: guarded.connection, policy: policy, tenants: tenants, holder: guarded.holder)
            let leases = try LeaseQuotaStore(broker: broker, reads: reads, leaseSize: leaseSize)
            self.leases = leases
            database = leases
        } else {
            leases = nil
            database = reads
        }
        self.guarded = guarded
        tenantIDs = tenants.map(\.id)
        meterIDs = policy.meters.map(\.id)
        local = Mutex((outage: -1, state: QuotaState(tenants: tenants.count, meters: policy.meters.count)))
    }

    func charge(_ charge: QuotaCharge, at seconds: Int64) async throws -> Decision {
        if guarded.outage == nil {
            do {
                return try await database.charge(charge, at: seconds)
            } catch {
                guarded.failed(error)
            }
        }
        guard guarded.action == .allow, let outage = guarded.outage else {
            guarded.denied()
            throw guarded.unavailable()
        }
        let decision = local.withLock { local in
            if local.outage != outage {
                local = (outage: outage, state: QuotaState(tenants: tenantIDs.count, meters: meterIDs.count))
            }
            return local.state.charge(charge, at: seconds)
        }
        guarded.decidedLocally(tenant: tenantIDs[charge.tenant], meter: meterIDs[charge.meter], cost: charge.cost, at: seconds,
                               admitted: decision.status == 200)
        return decision
    }

    func recordGauge(tenant: Int, meter: Int, value: ExactDecimal, at seconds: Int64) async throws {
        try await guardedCall { try await self.database.recordGauge(tenant: tenant, meter: meter, value: value, at: seconds) }
    }

    func used(tenant: Int, meter: Int, window: Window, at seconds: Int64) async throws -> Int64 {
        try await guardedCall { try await self.database.used(tenant: tenant, meter: meter, window: window, at: seconds) }
    }

    func latestGauge(tenant: Int, meter: Int) async throws -> ExactDecimal? {
        try await guardedCall { try await self.database.latestGauge(tenant: tenant, meter: meter) }
    }

    func monthQuantity(tenant: Int, meter: Int, kind: MeterKind, month: Int64) async throws -> ExactDecimal? {
        try await guardedCall { try await self.database.monthQuantity(tenant: tenant, meter: meter, kind: kind, month: month) }
    }

    /// `body` while the database is available; ``StoreUnavailable`` when it is away or the call fails.
    private func guardedCall<Result: Sendable>(_ body: @Sendable () async throws -> Result) async throws -> Result {
        guard guarded.outage == nil else { throw guarded.unavailable() }
        do {
            return try await body()
        } catch {
            guarded.failed(error)
            throw guarded.unavailable()
        }
    }
}
