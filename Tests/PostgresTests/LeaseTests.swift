import Testing
import PolicyModel
import PolicyRuntime

extension PostgresTests {
    /// The generated lease functions on a real server (docs/postgres.md#leases): `tierc.reserve_quota` reserves in
    /// every window of a meter at once and shrinks with the smallest remaining, `tierc.return_quota` gives back only
    /// what was reserved, concurrent sessions never get more than a limit between them, and a ``LeaseQuotaStore``
    /// over PostgreSQL decides as `check_request` does, within (I − 1) × (N − 1) units with I instances.
    @Suite struct LeaseTests {
        /// 2025-11-02T10:15:00Z.
        static let quarterPastTen: Int64 = 1_762_078_500

        static func reserve(_ tenant: String, at: String, maximum: Int, returning: (Int64, Int64)? = nil) -> String {
            let back = returning.map { "\($0.0), \($0.1)" } ?? "NULL, NULL"
            return "SELECT lease_id, granted, valid_from, valid_until, quota_window, limit_value, used, reset_at "
                + "FROM tierc.reserve_quota('\(tenant)', 'api_calls', '\(at)', 1, \(maximum), 'test', \(back));"
        }

        @Test func reservationsShrinkToTheLastUnitAndCountForEveryone() async throws {
            let (policy, tenants) = try Fixtures.tiers()
            let database = try await PostgresTests.database("lease_shrink")
            try await database.load(policy, tenants: tenants)
            // free: 100 an hour, 1,000 a month. Reserving 40 at a time without spending.
            var grants: [Int64] = []
            var leases: [Int64] = []
            for _ in 0..<10 {
                let rows = try await database.rows(Self.reserve("free-1", at: "2025-11-02T10:15:00Z", maximum: 40))
                #expect(rows.count == 2, "a row for the month and one for the hour")
                guard rows.count == 2, let granted = rows[0][1].flatMap({ Int64($0) }) else { break }
                #expect(rows.map { $0[4] } == ["month", "hour"])
                #expect(rows[1][2] == "2025-11-02 10:00:00+00" && rows[1][3] == "2025-11-02 11:00:00+00",
                        "valid for the hour it was counted in")
                if granted == 0 {
                    #expect(rows[0][0] == nil, "no lease for nothing")
                    #expect(rows[1].suffix(4) == ["hour", "100", "100", "2025-11-02 11:00:00+00"])
                    break
                }
                grants.append(granted)
                leases.append(try #require(rows[0][0].flatMap { Int64($0) }))
            }
            // The runtime's sizing, to the unit: the last units go one at a time and the grants add up to the limit.
            var expected: [Int64] = []
            var free: Int64 = 100
            while case let grant = LeaseSizing.grant(free: free, minimum: 1, maximum: 40), grant > 0 {
                expected.append(grant)
                free -= grant
            }
            #expect(grants == expected)
            #expect(grants.reduce(0, +) == 100)
            #expect(try await database.rows("SELECT used, hour_used FROM tierc.usage_months WHERE tenant = 'free-1';")
                    == [["100", "100"]])
            // Reserved units are used for a caller without a lease.
            #expect(try await database.rows("""
                SELECT status, quota_window, limit_value, used FROM tierc.check_request('free-1', '/api/v1/items/1', '2025-11-02T10:20:00Z');
                """) == [["429", "hour", "100", "100"]])
            // A return gives back to every window, once; more than the lease holds is refused.
            #expect(try await database.value("SELECT tierc.return_quota('free-1', \(leases[0]), 40);") == "40")
            #expect(try await database.value("SELECT tierc.return_quota('free-1', \(leases[0]), 40);") == "0")
            #expect(try await database.rows("SELECT used, hour_used FROM tierc.usage_months WHERE tenant = 'free-1';")
                    == [["60", "60"]])
            let tooMuch = try await database.failure("SELECT tierc.return_quota('free-1', \(leases[1]), 31);")
            #expect(tooMuch.contains("cannot return 31 units: between 0 and the 30 it holds"), "\(tooMuch)")
            let negative = try await database.failure("SELECT tierc.return_quota('free-1', \(leases[1]), -1);")
            #expect(negative.contains("p_unused must be 0 or more"), "\(negative)")
            #expect(try await database.rows("""
                SELECT status FROM tierc.check_request('free-1', '/api/v1/items/1', '2025-11-02T10:20:00Z');
                """) == [["200"]])
            // A lease returned after its hour ended gives back to that hour (now in usage_windows) and the month.
            #expect(try await database.rows("""
                SELECT status FROM tierc.check_request('free-1', '/api/v1/items/1', '2025-11-02T11:00:00Z');
                SELECT tierc.return_quota('free-1', \(leases[1]), 30);
                SELECT w.used, m.used FROM tierc.usage_windows w, tierc.usage_months m WHERE w.tenant = 'free-1' AND m.tenant = 'free-1';
                """) == [["200"], ["30"], ["31", "32"]])
            // The rest never returned: expire_leases forgets the rows of windows that ended; their units stay counted.
            #expect(try await database.value("SELECT tierc.expire_leases('2025-11-02T11:00:00Z');") == String(leases.count - 2))
            #expect(try await database.value("SELECT count(*) FROM tierc.leases;") == "0")
        }

        @Test func badArgumentsAreRefusedWithAMessage() async throws {
            let (policy, tenants) = try Fixtures.tiers()
            let database = try await PostgresTests.database("lease_bad_input")
            try await database.load(policy, tenants: tenants)
            let cases: [(String, String)] = [
                ("SELECT * FROM tierc.reserve_quota('nobody', 'api_calls', now(), 1, 10, 'x');", "unknown tenant 'nobody'"),
                ("SELECT * FROM tierc.reserve_quota('free-1', 'calls', now(), 1, 10, 'x');", "'calls' is not a counter meter"),
                ("SELECT * FROM tierc.reserve_quota('free-1', 'api_calls', now(), 0, 10, 'x');", "must be at least 1, not 0 and 10"),
                ("SELECT * FROM tierc.reserve_quota('free-1', 'api_calls', now(), 1, 10, NULL);", "must not be NULL"),
                ("SELECT * FROM tierc.reserve_quota('free-1', 'api_calls', 'infinity', 1, 10, 'x');", "years 0001 to 9999"),
                ("SELECT * FROM tierc.reserve_quota('free-1', 'api_calls', now(), 1, 10, 'x', 5, NULL);",
                 "give both p_return_lease and p_return_unused"),
                ("SELECT tierc.return_quota('free-1', NULL, 1);", "must not be NULL"),
            ]
            for (sql, message) in cases {
                let error = try await database.failure(sql)
                #expect(error.contains(message), "\(sql): \(error)")
            }
            #expect(try await database.value("SELECT count(*) FROM tierc.leases;") == "0")
            #expect(try await database.value("SELECT count(*) FROM tierc.usage_months;") == "0")
        }

        /// Every shape of a meter's windows (docs/postgres.md#leases): all four limited, none (the month still counted,
        /// valid to the month's end), a limit of 0, a gauge, and a cost above the lease size.
        @Test func everyShapeOfWindows() async throws {
            let (policy, tenants) = try Fixtures.everyConstruct()
            let database = try await PostgresTests.database("lease_shapes")
            try await database.load(policy, tenants: tenants)
            func reserve(_ tenant: String, _ meter: String, minimum: Int, maximum: Int) async throws -> [[String?]] {
                try await database.rows("""
                    SELECT granted, valid_from, valid_until, quota_window, limit_value, used, reset_at
                      FROM tierc.reserve_quota('\(tenant)', '\(meter)', '2025-11-02T10:15:30Z', \(minimum), \(maximum), 'shapes');
                    """)
            }
            // basic: requests limited in every window; the minute's 20 is the smallest, half of it is granted.
            #expect(try await reserve("acme", "requests", minimum: 1, maximum: 50) == [
                ["10", "2025-11-02 10:15:00+00", "2025-11-02 10:16:00+00", "month", "1000", "10", "2025-12-01 00:00:00+00"],
                ["10", "2025-11-02 10:15:00+00", "2025-11-02 10:16:00+00", "day", "150", "10", "2025-11-03 00:00:00+00"],
                ["10", "2025-11-02 10:15:00+00", "2025-11-02 10:16:00+00", "hour", "60", "10", "2025-11-02 11:00:00+00"],
                ["10", "2025-11-02 10:15:00+00", "2025-11-02 10:16:00+00", "minute", "20", "10", "2025-11-02 10:16:00+00"],
            ])
            #expect(try await database.rows("""
                SELECT used, day_used, hour_used, minute_used FROM tierc.usage_months WHERE tenant = 'acme';
                """) == [["10", "10", "10", "10"]])
            // business: requests unlimited everywhere: the whole size, valid to the month's end, counted in the month.
            #expect(try await reserve("initech", "requests", minimum: 1, maximum: 25) == [
                ["25", "2025-11-01 00:00:00+00", "2025-12-01 00:00:00+00", nil, nil, nil, nil],
            ])
            #expect(try await database.value("SELECT used FROM tierc.usage_months WHERE tenant = 'initech';") == "25")
            // basic: exports limited to 0 an hour: nothing, and the row says why.
            #expect(try await reserve("acme", "exports", minimum: 1, maximum: 50) == [
                ["0", "2025-11-02 10:00:00+00", "2025-11-02 11:00:00+00", "hour", "0", "0", "2025-11-02 11:00:00+00"],
            ])
            // team: a cost of 5 with leases of 2 gets its 5.
            #expect(try await reserve("globex", "requests", minimum: 5, maximum: 2).first?.first == "5")
            let gauge = try await database.failure("SELECT * FROM tierc.reserve_quota('acme', 'storage_gb', now(), 1, 2, 'x');")
            #expect(gauge.contains("'storage_gb' is not a counter meter"), "\(gauge)")
        }

        /// 16 sessions released together: 12 reserve (up to 10, giving back a third of each lease with the next
        /// call) in two hours, alternating, and 4 call `check_request`. The hour's admitted units never exceed 100,
        /// the counters hold exactly what was admitted, and once every lease is returned the rest of each hour can
        /// be reserved again to the unit.
        @Test func concurrentSessionsNeverGetMoreThanTheLimit() async throws {
            let (policy, tenants) = try Fixtures.tiers()
            let database = try await PostgresTests.database("lease_concurrency")
            try await database.load(policy, tenants: tenants)
            let sessions = 16
            let calls = 25
            let barrier = try await ConcurrencyTests.barrier(database, workers: sessions)
            let workers = try (0..<sessions).map { worker in
                var script = "SELECT 'backend', pg_backend_pid() FROM pg_advisory_lock_shared(4242);\n\\set lease -1\n\\set unused 0\n"
                for call in 0..<calls {
                    let hour = (call + worker) % 2 == 0 ? 10 : 11
                    let at = "2025-11-02T\(hour):\(10 + call % 40):00Z"
                    if worker < 4 {
                        script += "SELECT 'check', status, \(hour) FROM tierc.check_request('free-1', '/api/v1/items/1', '\(at)');\n"
                    } else {
                        script += """
                            SELECT coalesce(max(lease_id), -1) AS lease, coalesce(max(granted), 0) AS g,
                                   coalesce(max(granted), 0) / 3 AS unused, max(used) FILTER (WHERE quota_window = 'hour') AS hour_used
                              FROM tierc.reserve_quota('free-1', 'api_calls', '\(at)', 1, 10, 'w\(worker)', :lease, :unused) \\gset
                            \\echo lease \(hour) :g :unused :hour_used

                            """
                    }
                }
                script += "SELECT 'returned', tierc.return_quota('free-1', :lease, :unused);\n"
                return try database.start(script)
            }
            var results: [CommandResult] = []
            for worker in workers { results.append(await worker.finish()) }
            #expect(await barrier.finish().status == 0)
            var admitted: [String: Int64] = [:]
            var grants = 0
            for result in results {
                #expect(result.status == 0, "session: \(result.stderr)")
                for line in result.stdout.split(separator: "\n") {
                    let fields = line.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
                    switch fields.first {
                    case "backend", "returned": break
                    case "check": if fields[1] == "200" { admitted[fields[2], default: 0] += 1 }
                    case let first? where first.hasPrefix("lease "):
                        let fields = line.split(separator: " ").map(String.init)
                        let granted = Int64(fields[2]) ?? -1
                        let unused = Int64(fields[3]) ?? -1
                        #expect(granted >= 0 && granted <= 10 && unused == granted / 3, "\(line)")
                        if granted > 0 {
                            grants += 1
                            // The hour's count right after the grant, reservations included, is within the limit.
                            #expect((Int64(fields[4]) ?? 101) <= 100, "\(line)")
                        }
                        admitted[fields[1], default: 0] += granted - unused
                    default: Issue.record("unexpected output \(line)")
                    }
                }
            }
            #expect(grants > 12, "the sessions got leases")
            #expect(try await database.value("SELECT count(*) FROM tierc.leases;") == "0", "every lease returned")
            let counted = try await database.rows("""
                SELECT to_char(window_start, 'HH24'), used FROM tierc.usage_windows WHERE tenant = 'free-1'
                UNION ALL SELECT to_char(hour_start, 'HH24'), hour_used FROM tierc.usage_months WHERE tenant = 'free-1'
                ORDER BY 1;
                """)
            #expect(counted == [["10", String(admitted["10"] ?? 0)], ["11", String(admitted["11"] ?? 0)]])
            for hour in ["10", "11"] {
                #expect((admitted[hour] ?? 0) <= 100, "hour \(hour): \(admitted[hour] ?? 0)")
                // Nothing stranded: what was not admitted can be reserved again, to the unit.
                let rest = try await database.value("""
                    SELECT coalesce(sum(g), 0) FROM (SELECT r.granted AS g FROM generate_series(1, 200) s,
                           LATERAL tierc.reserve_quota('free-1', 'api_calls', '2025-11-02T\(hour):59:00Z', 1, 10, 'rest') r
                     WHERE r.quota_window = 'hour') x;
                    """)
                #expect(rest == String(100 - (admitted[hour] ?? 0)), "hour \(hour)")
            }
        }

        /// Sessions that return a lease of one month while reserving in another, in both directions at once: the
        /// month rows are locked in ascending order, so no call ends in a deadlock.
        @Test func returnsAcrossMonthsNeverDeadlock() async throws {
            let (policy, tenants) = try Fixtures.tiers()
            let database = try await PostgresTests.database("lease_months")
            try await database.load(policy, tenants: tenants)
            let sessions = 8
            let barrier = try await ConcurrencyTests.barrier(database, workers: sessions)
            let workers = try (0..<sessions).map { worker in
                var script = "SELECT 'backend', pg_backend_pid() FROM pg_advisory_lock_shared(4242);\n\\set lease -1\n\\set unused 0\n"
                for call in 0..<40 {
                    let month = (call + worker) % 2 == 0 ? "11" : "12"
                    script += """
                        SELECT coalesce(max(lease_id), -1) AS lease, coalesce(max(granted), 0) / 2 AS unused
                          FROM tierc.reserve_quota('ent-1', 'api_calls', '2025-\(month)-02T10:15:00Z', 1, 7, 'w', :lease, :unused) \\gset

                        """
                }
                script += "SELECT 'returned', tierc.return_quota('ent-1', :lease, :unused);\n"
                return try database.start(script)
            }
            var results: [CommandResult] = []
            for worker in workers { results.append(await worker.finish()) }
            #expect(await barrier.finish().status == 0)
            for result in results { #expect(result.status == 0, "session: \(result.stderr)") }
            #expect(try await database.value("SELECT count(*) FROM tierc.leases;") == "0")
            // Each call admitted granted − unused = 7 − 3 = 4 units (enterprise has room for all of them).
            #expect(try await database.value("SELECT sum(used) FROM tierc.usage_months WHERE tenant = 'ent-1';")
                    == String(sessions * 40 * 4))
        }

        /// The charges of the store tests: free-1 and free-2 (100 an hour, 1,000 a month), 110 each in each of the
        /// hours 10, 11 and 12 of 2025-11-02, 30 s apart, interleaved; in hour 12 every tenth goes back to hour 11.
        static let charges: [(tenant: Int, at: Int64)] = {
            let ten: Int64 = 1_762_077_600  // 2025-11-02T10:00:00Z
            var result: [(Int, Int64)] = []
            for hour in Int64(0)..<3 {
                for k in Int64(0)..<110 {
                    for tenant in 0..<2 {
                        let back = hour == 2 && k % 10 == 0
                        result.append((tenant, ten + (back ? hour - 1 : hour) * 3_600 + k * 30))
                    }
                }
            }
            return result
        }()
        static let tenantIDs = ["free-1", "free-2"]
        static let limits = WindowLimits(minute: -1, hour: 100, day: -1, month: 1_000)

        static func store(_ database: Database, holder: String, size: Int64) throws -> LeaseQuotaStore {
            try LeaseQuotaStore(broker: PsqlLeaseBroker(database: database, tenants: Self.tenantIDs, meters: ["api_calls"],
                                                        holder: holder),
                                reads: InMemoryQuotaStore(tenants: 2, meters: 1), leaseSize: size)
        }

        /// The counts of every window, without the fast path's stamps.
        static let counts = """
            SELECT tenant, month_start, used, hour_start, hour_used FROM tierc.usage_months ORDER BY 1, 2;
            SELECT tenant, window_kind, window_start, used FROM tierc.usage_windows ORDER BY 1, 2, 3;
            """

        /// One ``LeaseQuotaStore`` over PostgreSQL answers every charge exactly as `check_request` in another
        /// database (status, refusing window, limit, used, reset), and once its leases are returned the two
        /// databases hold the same counts.
        @Test func aLeasingInstanceDecidesAsCheckRequest() async throws {
            let (policy, tenants) = try Fixtures.tiers()
            let leased = try await PostgresTests.database("lease_store_one")
            let exact = try await PostgresTests.database("lease_store_exact")
            try await leased.load(policy, tenants: tenants)
            try await exact.load(policy, tenants: tenants)
            let store = try Self.store(leased, holder: "one", size: 7)
            var decisions: [[String?]] = []
            for (tenant, at) in Self.charges {
                let decision = try await store.charge(QuotaCharge(tenant: tenant, meter: 0, cost: 1, limits: Self.limits), at: at)
                decisions.append([String(decision.status), decision.window?.rawValue, decision.limit.map(String.init),
                                  decision.used.map(String.init), decision.resetAt.map(String.init)])
            }
            try await store.close()
            let script = Self.charges.map { tenant, at in
                "SELECT status, quota_window, limit_value, used, extract(epoch FROM reset_at)::bigint "
                    + "FROM tierc.check_request('\(Self.tenantIDs[tenant])', '/api/v1/items/1', to_timestamp(\(at)));"
            }.joined(separator: "\n")
            let expected = try await exact.rows(script)
            #expect(expected.count == Self.charges.count)
            // Per tenant: 10 refusals in hours 10 and 11, and the 11 charges of hour 12 dated back into hour 11.
            let refusals = decisions.filter { $0[0] == "429" }.count
            #expect(refusals == 62)
            for (index, (decision, answer)) in zip(decisions, expected).enumerated() {
                #expect(decision == answer, "charge \(index): \(Self.charges[index])")
            }
            #expect(try await leased.value("SELECT count(*) FROM tierc.leases;") == "0")
            #expect(try await leased.rows(Self.counts) == (try await exact.rows(Self.counts)))
        }

        /// Three instances with leases of 6 over one database, taking turns: no hour ever admits more than 100, a
        /// refusal comes only when the admitted units, the (3 − 1) × (6 − 1) = 10 that the others may hold and the
        /// cost exceed the limit, each hour admits at least 100 − 10, and the counts are what was admitted.
        @Test func leasingInstancesStayWithinTheBound() async throws {
            let (policy, tenants) = try Fixtures.tiers()
            let database = try await PostgresTests.database("lease_store_three")
            try await database.load(policy, tenants: tenants)
            let stores = try (0..<3).map { try Self.store(database, holder: "i\($0)", size: 6) }
            let bound: Int64 = 2 * 5
            var admitted: [String: Int64] = [:]
            for (index, (tenant, at)) in Self.charges.enumerated() {
                let decision = try await stores[index % 3].charge(
                    QuotaCharge(tenant: tenant, meter: 0, cost: 1, limits: Self.limits), at: at)
                let hour = "\(tenant) \(Window.hour.start(containing: at))"
                if decision.status == 200 {
                    admitted[hour, default: 0] += 1
                    #expect(admitted[hour]! <= 100, "\(hour)")
                } else {
                    #expect(decision.status == 429 && decision.window == .hour)
                    #expect((admitted[hour] ?? 0) + bound + 1 > 100, "refused at \(admitted[hour] ?? 0) in \(hour)")
                }
            }
            for store in stores { try await store.close() }
            #expect(admitted.count == 6)
            for (hour, count) in admitted { #expect(count >= 100 - bound, "\(hour): \(count)") }
            #expect(try await database.value("SELECT count(*) FROM tierc.leases;") == "0")
            let counted = try await database.rows("""
                SELECT tenant, extract(epoch FROM hour_start)::bigint, hour_used FROM tierc.usage_months
                UNION ALL SELECT tenant, extract(epoch FROM window_start)::bigint, used FROM tierc.usage_windows ORDER BY 1, 2;
                """)
            let tally = admitted.map { key, value -> [String?] in
                let parts = key.split(separator: " ")
                return [Self.tenantIDs[Int(parts[0])!], String(parts[1]), String(value)]
            }.sorted { ($0[0]!, $0[1]!) < ($1[0]!, $1[1]!) }
            #expect(counted == tally)
        }

        /// An instance that dies holding a lease (docs/serve.md#leases): its unspent units stay counted in the hour
        /// and the month, the survivor gets the rest of that hour and the whole next hour, and `expire_leases` then
        /// forgets the lease without giving its units back.
        @Test func aCrashedInstanceCostsOnlyItsUnspentUnits() async throws {
            let (policy, tenants) = try Fixtures.tiers()
            let database = try await PostgresTests.database("lease_crash")
            try await database.load(policy, tenants: tenants)
            let crashed = try Self.store(database, holder: "crashed", size: 10)
            let survivor = try Self.store(database, holder: "survivor", size: 10)
            let ten: Int64 = 1_762_077_600  // 2025-11-02T10:00:00Z
            let charge = QuotaCharge(tenant: 0, meter: 0, cost: 1, limits: Self.limits)
            // min(10, 100 / 2) = 10 reserved, 1 admitted, 9 held when it dies.
            #expect(try await crashed.charge(charge, at: ten).status == 200)
            #expect(crashed.unspent == 9)
            var admitted = [0, 0]
            for (index, hour) in [ten + 60, ten + 3_660].enumerated() {
                for _ in 0..<110 {
                    if try await survivor.charge(charge, at: hour).status == 200 { admitted[index] += 1 }
                }
            }
            #expect(admitted == [90, 100], "100 − 1 − 9 in the first hour, the whole limit in the next")
            try await survivor.close()
            #expect(try await database.rows("SELECT used, hour_used FROM tierc.usage_months WHERE tenant = 'free-1';")
                    == [["200", "100"]])
            #expect(try await database.value("SELECT holder FROM tierc.leases;") == "crashed")
            #expect(try await database.value("SELECT tierc.expire_leases('2025-11-02T10:59:59Z');") == "0")
            #expect(try await database.value("SELECT tierc.expire_leases('2025-11-02T11:00:00Z');") == "1")
            #expect(try await database.value("SELECT used FROM tierc.usage_windows WHERE tenant = 'free-1';") == "100")
        }
    }
}
