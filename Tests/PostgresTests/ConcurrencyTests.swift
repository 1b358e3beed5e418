import Testing
import PolicyModel

extension PostgresTests {
    /// Concurrent callers never admit more than a limit: 16 connections, released together by a barrier, hammer
    /// one tenant of tiers/tiers.yaml's `free` tier (100 calls per hour) within one hour.
    @Suite struct ConcurrencyTests {
        static let connections = 16
        static let callsPerConnection = 25

        @Test func sixteenConnectionsAdmitExactlyTheHourLimit() async throws {
            let (policy, tenants) = try Fixtures.tiers()
            let hourLimit = try #require(policy.tier("free").map { $0.limit(meter: "api_calls", window: .hour) })
            #expect(hourLimit == .limited(100))
            let database = try await PostgresTests.database("concurrency")
            try await database.load(policy, tenants: tenants)

            let barrier = try await Self.barrier(database, workers: Self.connections)
            let call = "SELECT status, quota_window, limit_value, used FROM tierc.check_request('free-1', '/api/v1/items/1', "
                + "'2025-11-02T10:15:00Z');\n"
            let workerScript = "SELECT 'backend', pg_backend_pid() FROM pg_advisory_lock_shared(4242);\n"
                + String(repeating: call, count: Self.callsPerConnection)
            let workers = try (0..<Self.connections).map { _ in try database.start(workerScript) }
            var results: [CommandResult] = []
            for worker in workers { results.append(await worker.finish()) }
            let released = await barrier.finish()
            #expect(released.status == 0, "barrier: \(released.stderr)")

            var backends: Set<String> = []
            var admitted = 0
            var refused = 0
            for result in results {
                #expect(result.status == 0, "worker: \(result.stderr)")
                for line in result.stdout.split(separator: "\n") {
                    let fields = line.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
                    switch fields.first {
                    case "backend": backends.insert(fields[1])
                    case "200": admitted += 1
                    case "429":
                        refused += 1
                        #expect(fields == ["429", "hour", "100", "100"], "a refusal reports the exhausted hour")
                    default: Issue.record("unexpected output \(line)")
                    }
                }
            }
            #expect(backends.count == Self.connections, "16 distinct server connections")
            #expect(admitted == 100)
            #expect(refused == Self.connections * Self.callsPerConnection - 100)
            #expect(try await database.rows("""
                SELECT used, hour_used FROM tierc.usage_months WHERE tenant = 'free-1';
                """) == [["100", "100"]])
        }

        /// `tierc.decide` under the same load: exactly the hour limit is admitted, and since an allowed decision
        /// reads its headers while it holds the month row's lock, the admitted answers' `X-RateLimit-Remaining`
        /// are 99, 98, …, 0, each exactly once; every refusal reports the hour with 0 remaining
        /// (docs/postgres.md, Rate-limit headers and usage).
        @Test func concurrentDecisionsReportEachRemainingCountOnce() async throws {
            let (policy, tenants) = try Fixtures.tiers()
            let database = try await PostgresTests.database("concurrency_decide")
            try await database.load(policy, tenants: tenants)

            let barrier = try await Self.barrier(database, workers: Self.connections)
            let call = "SELECT status, rate_window, rate_limit, rate_remaining, extract(epoch FROM rate_reset)::bigint "
                + "FROM tierc.decide('free-1', '/api/v1/items/1', '2025-11-02T10:15:00Z');\n"
            let workerScript = "SELECT 'backend', pg_backend_pid() FROM pg_advisory_lock_shared(4242);\n"
                + String(repeating: call, count: Self.callsPerConnection)
            let workers = try (0..<Self.connections).map { _ in try database.start(workerScript) }
            var results: [CommandResult] = []
            for worker in workers { results.append(await worker.finish()) }
            let released = await barrier.finish()
            #expect(released.status == 0, "barrier: \(released.stderr)")

            let reset = "1762081200"  // 2025-11-02T11:00:00Z, the end of the hour
            var remainders: [Int] = []
            var refused = 0
            for result in results {
                #expect(result.status == 0, "worker: \(result.stderr)")
                for line in result.stdout.split(separator: "\n") {
                    let fields = line.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
                    switch fields.first {
                    case "backend": break
                    case "200":
                        #expect(fields.count == 5 && fields[1] == "hour" && fields[2] == "100" && fields[4] == reset, "\(line)")
                        if fields.count == 5, let remaining = Int(fields[3]) { remainders.append(remaining) }
                    case "429":
                        refused += 1
                        #expect(fields == ["429", "hour", "100", "0", reset], "a refusal's headers: \(line)")
                    default: Issue.record("unexpected output \(line)")
                    }
                }
            }
            #expect(remainders.sorted() == Array(0..<100))
            #expect(refused == Self.connections * Self.callsPerConnection - 100)
        }

        /// Concurrent callers dated in three hours, in a scrambled order per connection (so that windows roll
        /// over and go back while others wait on the month row): exactly the hour limit is admitted in each hour,
        /// and the month row and the earlier windows hold exactly what was admitted.
        @Test func concurrentCallersAcrossHoursAndBackInTimeAdmitExactlyEachHoursLimit() async throws {
            let (policy, tenants) = try Fixtures.tiers()
            let database = try await PostgresTests.database("concurrency_hours")
            try await database.load(policy, tenants: tenants)
            let connections = 8
            let calls = 60
            let barrier = try await Self.barrier(database, workers: connections)
            let workers = try (0..<connections).map { worker in
                var script = "SELECT 'backend', pg_backend_pid() FROM pg_advisory_lock_shared(4242);\n"
                for call in 0..<calls {
                    let hour = [10, 12, 11][(call + worker) % 3]
                    let second = (call * 37 + worker * 11) % 3_600
                    script += "SELECT status, \(hour) FROM tierc.check_request('free-1', '/api/v1/items/1', "
                        + "'2025-11-02T\(hour):00:00Z'::timestamptz + interval '\(second) seconds');\n"
                }
                return try database.start(script)
            }
            var results: [CommandResult] = []
            for worker in workers { results.append(await worker.finish()) }
            #expect(await barrier.finish().status == 0)
            var admitted: [String: Int] = [:]
            var refused: [String: Int] = [:]
            for result in results {
                #expect(result.status == 0, "worker: \(result.stderr)")
                for line in result.stdout.split(separator: "\n") {
                    let fields = line.split(separator: "|").map(String.init)
                    switch fields.first {
                    case "backend": break
                    case "200": admitted[fields[1], default: 0] += 1
                    case "429": refused[fields[1], default: 0] += 1
                    default: Issue.record("unexpected output \(line)")
                    }
                }
            }
            #expect(admitted == ["10": 100, "11": 100, "12": 100])
            #expect(refused == ["10": 60, "11": 60, "12": 60])
            #expect(try await database.rows("SELECT used, hour_start, hour_used FROM tierc.usage_months;")
                == [["300", "2025-11-02 12:00:00+00", "100"]])
            #expect(try await database.rows("""
                SELECT window_start, used FROM tierc.usage_windows ORDER BY window_start;
                """) == [["2025-11-02 10:00:00+00", "100"], ["2025-11-02 11:00:00+00", "100"]])
        }

        /// A session that holds advisory lock 4242 until `workers` sessions of its database wait for it (each
        /// worker script starts with `pg_advisory_lock_shared(4242)`), then lets them all go at once. Finish it
        /// after them. Advisory locks are per database, so tests in other databases may use 4242 at once.
        static func barrier(_ database: Database, workers: Int) async throws -> Command.Running {
            let barrier = try database.start("""
                SELECT pg_advisory_lock(4242);
                DO $$
                DECLARE
                    v_deadline timestamptz := clock_timestamp() + interval '120 seconds';
                BEGIN
                    WHILE (SELECT count(*) FROM pg_locks
                            WHERE locktype = 'advisory' AND objid = 4242 AND NOT granted
                              AND database = (SELECT oid FROM pg_database WHERE datname = current_database()))
                          < \(workers) LOOP
                        IF clock_timestamp() > v_deadline THEN
                            RAISE EXCEPTION 'the workers did not all arrive at the barrier';
                        END IF;
                        PERFORM pg_sleep(0.02);
                    END LOOP;
                END
                $$;
                SELECT pg_advisory_unlock(4242);
                """)
            try await waitUntil(database, """
                SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND objid = 4242 AND granted
                   AND database = (SELECT oid FROM pg_database WHERE datname = current_database());
                """, equals: "1")
            return barrier
        }

        /// Polls a query until it returns `value` (at most about a minute).
        private static func waitUntil(_ database: Database, _ sql: String, equals value: String) async throws {
            for _ in 0..<600 {
                if try await database.value(sql) == value { return }
                try await Task.sleep(for: .milliseconds(100))
            }
            throw HarnessError(description: "timed out waiting for \(sql) to be \(value)")
        }
    }
}
