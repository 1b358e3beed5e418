public import PolicyModel
public import PolicyRuntime
internal import PostgresNIO

/// The counters of every instance in one PostgreSQL database, in the schema that policy.sql creates
/// (docs/postgres.md#serving-from-postgresql). One SQL call per decision: `tierc.charge` checks and counts in every
/// window of the meter atomically, with the same generated rule as `tierc.check_request`. Tenants and meters are
/// sent by id; the indexes are the loaded policy's, whose fingerprint and revision ``PostgresStoreConnection``
/// checked against the database's.
public final class PostgresQuotaStore: QuotaStore {
    let connection: PostgresStoreConnection
    let tenantIDs: [String]
    let meterIDs: [String]

    /// A store for `tenants` (a directory's, in its order) and `policy`'s meters on `connection`'s pool.
    public init(connection: PostgresStoreConnection, policy: Policy, tenants: [Tenant]) {
        self.connection = connection
        tenantIDs = tenants.map(\.id)
        meterIDs = policy.meters.map(\.id)
    }

    public func charge(_ charge: QuotaCharge, at seconds: Int64) async throws -> Decision {
        let tenant = tenantIDs[charge.tenant]
        let meter = meterIDs[charge.meter]
        let cost = charge.cost
        let at = "\(seconds) seconds"
        let rows = try await connection.run {
            try await $0.query("""
                SELECT c.status, c.quota_window, c.limit_value, c.used,
                       EXTRACT(EPOCH FROM c.reset_at)::pg_catalog.int8,
                       c.rate_window, c.rate_limit, c.rate_remaining,
                       EXTRACT(EPOCH FROM c.rate_reset)::pg_catalog.int8
                  FROM tierc.charge(\(tenant), \(meter), \(cost),
                                    '1970-01-01 00:00:00+00'::pg_catalog.timestamptz OPERATOR(pg_catalog.+) \(at)::pg_catalog.interval) AS c
                """).collect()
        }
        guard let row = rows.first else { throw PostgresStoreError.query("tierc.charge returned no row") }
        let (status, window, limit, used, resetAt, rateWindow, rateLimit, rateRemaining, rateReset) = try row.decode(
            (Int32, String?, Int64?, Int64?, Int64?, String?, Int64?, Int64?, Int64?).self)
        var decision = Decision(status: Int(status), tenant: charge.tenant, meter: charge.meter, cost: cost)
        if status == 429 {
            decision.window = window.flatMap(Window.init(rawValue:))
            decision.limit = limit
            decision.used = used
            decision.resetAt = resetAt
            decision.retryAfter = resetAt.map { $0 - seconds }
        }
        if let rateWindow, let window = Window(rawValue: rateWindow), let rateLimit, let rateRemaining, let rateReset {
            decision.rateLimit = RateLimitState(window: window, limit: rateLimit, remaining: rateRemaining, reset: rateReset)
        }
        return decision
    }

    public func recordGauge(tenant: Int, meter: Int, value: ExactDecimal, at seconds: Int64) async throws {
        let tenant = tenantIDs[tenant]
        let meter = meterIDs[meter]
        let text = value.description
        let at = "\(seconds) seconds"
        _ = try await connection.run {
            try await $0.query("""
                SELECT tierc.record_gauge(\(tenant), \(meter), \(text)::pg_catalog.numeric,
                                          '1970-01-01 00:00:00+00'::pg_catalog.timestamptz OPERATOR(pg_catalog.+) \(at)::pg_catalog.interval)
                """).collect()
        }
    }

    public func used(tenant: Int, meter: Int, window: Window, at seconds: Int64) async throws -> Int64 {
        let tenant = tenantIDs[tenant]
        let meter = meterIDs[meter]
        let kind = window.rawValue
        let at = "\(seconds) seconds"
        let rows = try await connection.run {
            try await $0.query("""
                SELECT tierc.window_used(\(tenant), \(meter), \(kind),
                                         '1970-01-01 00:00:00+00'::pg_catalog.timestamptz OPERATOR(pg_catalog.+) \(at)::pg_catalog.interval)
                """).collect()
        }
        return try rows.first?.decode(Int64?.self) ?? 0
    }

    /// The reading with the latest time (of equal times, the highest): every instance reads the same one.
    public func latestGauge(tenant: Int, meter: Int) async throws -> ExactDecimal? {
        let tenant = tenantIDs[tenant]
        let meter = meterIDs[meter]
        let rows = try await connection.run {
            try await $0.query("""
                SELECT pg_catalog.trim_scale(g.value)::pg_catalog.text FROM tierc.gauge_readings g
                 WHERE g.tenant OPERATOR(pg_catalog.=) \(tenant) AND g.meter OPERATOR(pg_catalog.=) \(meter)
                 ORDER BY g.read_at DESC, g.value DESC LIMIT 1
                """).collect()
        }
        guard let text = try rows.first?.decode(String.self) else { return nil }
        return try Self.decimal(text)
    }

    public func monthQuantity(tenant: Int, meter: Int, kind: MeterKind, month: Int64) async throws -> ExactDecimal? {
        let tenant = tenantIDs[tenant]
        let meter = meterIDs[meter]
        // Whole seconds from the epoch: no session time zone enters (a month's end is computed here, in UTC).
        let start = "\(UTCCalendar.monthStart(month)) seconds"
        let end = "\(UTCCalendar.monthStart(month + 1)) seconds"
        switch kind {
        case .counter:
            let rows = try await connection.run {
                try await $0.query("""
                    SELECT m.used FROM tierc.usage_months m
                     WHERE m.tenant OPERATOR(pg_catalog.=) \(tenant) AND m.meter OPERATOR(pg_catalog.=) \(meter)
                       AND m.month_start OPERATOR(pg_catalog.=) ('1970-01-01 00:00:00+00'::pg_catalog.timestamptz OPERATOR(pg_catalog.+) \(start)::pg_catalog.interval)
                    """).collect()
            }
            let used = try rows.first?.decode(Int64.self) ?? 0
            // Saturated (docs/simulation.md): no quantity, as the in-memory store.
            return used < Int64.max ? ExactDecimal(significand: Int128(used), scale: 0) : nil
        case .gauge:
            let rows = try await connection.run {
                try await $0.query("""
                    SELECT pg_catalog.trim_scale(pg_catalog.max(g.value))::pg_catalog.text FROM tierc.gauge_readings g
                     WHERE g.tenant OPERATOR(pg_catalog.=) \(tenant) AND g.meter OPERATOR(pg_catalog.=) \(meter)
                       AND g.read_at OPERATOR(pg_catalog.>=) ('1970-01-01 00:00:00+00'::pg_catalog.timestamptz OPERATOR(pg_catalog.+) \(start)::pg_catalog.interval)
                       AND g.read_at OPERATOR(pg_catalog.<) ('1970-01-01 00:00:00+00'::pg_catalog.timestamptz OPERATOR(pg_catalog.+) \(end)::pg_catalog.interval)
                    """).collect()
            }
            guard let text = try rows.first?.decode(String?.self) else { return .zero }
            return try Self.decimal(text)
        }
    }

    static func decimal(_ text: String) throws -> ExactDecimal {
        guard let value = ExactDecimal(text) else {
            throw PostgresStoreError.query("the database holds a gauge reading tierc cannot read exactly: \(text)")
        }
        return value
    }
}
