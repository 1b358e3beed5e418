public import PolicyModel
public import PolicyRuntime
internal import PostgresNIO

/// The ``QuotaLeaseBroker`` of `tierc serve --store postgres://… --lease N` (docs/serve.md#leases): one call of
/// the generated `tierc.reserve_quota` or `tierc.return_quota` (docs/postgres.md#leases) on the store's pool per
/// acquire or release. Tenants and meters go by id; the limits are the database's (`tierc.limits` of the loaded
/// revision, which ``PostgresStoreConnection/verify(policy:revision:tenants:)`` checked is the runtime's).
public struct PostgresLeaseBroker: QuotaLeaseBroker {
    let connection: PostgresStoreConnection
    let tenantIDs: [String]
    let meterIDs: [String]
    /// This instance's name in `tierc.leases.holder`.
    public let holder: String

    public init(connection: PostgresStoreConnection, policy: Policy, tenants: [Tenant], holder: String) {
        self.connection = connection
        tenantIDs = tenants.map(\.id)
        meterIDs = policy.meters.map(\.id)
        self.holder = holder
    }

    public func acquire(_ request: LeaseRequest) async throws -> LeaseGrant {
        let tenant = tenantIDs[request.tenant]
        let meter = meterIDs[request.meter]
        let at = "\(request.at) seconds"
        let (minimum, maximum, holder) = (request.minimum, request.maximum, self.holder)
        let returnLease = request.returning?.lease.rawValue
        let returnUnused = request.returning?.unused
        let rows = try await connection.run {
            try await $0.query("""
                SELECT r.lease_id, r.granted, EXTRACT(EPOCH FROM r.valid_from)::pg_catalog.int8,
                       EXTRACT(EPOCH FROM r.valid_until)::pg_catalog.int8, r.quota_window, r.limit_value, r.used,
                       EXTRACT(EPOCH FROM r.reset_at)::pg_catalog.int8
                  FROM tierc.reserve_quota(\(tenant), \(meter),
                                           '1970-01-01 00:00:00+00'::pg_catalog.timestamptz OPERATOR(pg_catalog.+) \(at)::pg_catalog.interval,
                                           \(minimum), \(maximum), \(holder), \(returnLease), \(returnUnused)) AS r
                """).collect()
        }
        guard let first = rows.first else { throw PostgresStoreError.query("tierc.reserve_quota returned no row") }
        let (lease, granted, from, until, _, _, _, _) = try first.decode(
            (Int64?, Int64, Int64, Int64, String?, Int64?, Int64?, Int64?).self)
        var windows: [LeaseWindow] = []
        for row in rows {
            let (_, _, _, _, kind, limit, used, reset) = try row.decode((Int64?, Int64, Int64, Int64, String?, Int64?, Int64?, Int64?).self)
            guard let kind else { continue }
            guard let window = Window(rawValue: kind), let limit, let used, let reset else {
                throw PostgresStoreError.query("tierc.reserve_quota returned an incomplete window row (\(kind))")
            }
            windows.append(LeaseWindow(window: window, limit: limit, used: used, reset: reset))
        }
        return LeaseGrant(lease: lease.map(LeaseID.init), granted: granted, validFrom: from, validUntil: until, windows: windows)
    }

    public func release(_ lease: LeaseReturn) async throws {
        let tenant = tenantIDs[lease.tenant]
        let (id, unused) = (lease.lease.rawValue, lease.unused)
        _ = try await connection.run {
            try await $0.query("SELECT tierc.return_quota(\(tenant), \(id), \(unused))").collect()
        }
    }
}
