import PolicyModel
import PolicyRuntime

/// A ``QuotaLeaseBroker`` over the generated `tierc.reserve_quota` and `tierc.return_quota`, one psql call each
/// (docs/postgres.md#leases): what `tierc serve --lease N` does through its connection pool, in the tests' own
/// words. Tenants and meters are named by index into `tenants` and `meters`.
struct PsqlLeaseBroker: QuotaLeaseBroker {
    let database: Database
    let tenants: [String]
    let meters: [String]
    let holder: String

    func acquire(_ request: LeaseRequest) async throws -> LeaseGrant {
        let back = request.returning.map { "\($0.lease.rawValue), \($0.unused)" } ?? "NULL, NULL"
        let rows = try await database.rows("""
            SELECT lease_id, granted, extract(epoch FROM valid_from)::bigint, extract(epoch FROM valid_until)::bigint,
                   quota_window, limit_value, used, extract(epoch FROM reset_at)::bigint
              FROM tierc.reserve_quota('\(tenants[request.tenant])', '\(meters[request.meter])', to_timestamp(\(request.at)),
                                       \(request.minimum), \(request.maximum), '\(holder)', \(back));
            """)
        guard let first = rows.first, let granted = first[1].flatMap({ Int64($0) }),
              let from = first[2].flatMap({ Int64($0) }), let until = first[3].flatMap({ Int64($0) })
        else { throw HarnessError(description: "reserve_quota answered \(rows)") }
        var windows: [LeaseWindow] = []
        for row in rows where row[4] != nil {
            guard let window = row[4].flatMap(Window.init(rawValue:)), let limit = row[5].flatMap({ Int64($0) }),
                  let used = row[6].flatMap({ Int64($0) }), let reset = row[7].flatMap({ Int64($0) })
            else { throw HarnessError(description: "reserve_quota answered \(row)") }
            windows.append(LeaseWindow(window: window, limit: limit, used: used, reset: reset))
        }
        return LeaseGrant(lease: first[0].flatMap { Int64($0) }.map(LeaseID.init), granted: granted, validFrom: from,
                          validUntil: until, windows: windows)
    }

    func release(_ lease: LeaseReturn) async throws {
        try await database.run("SELECT tierc.return_quota('\(tenants[lease.tenant])', \(lease.lease.rawValue), \(lease.unused));")
    }
}
