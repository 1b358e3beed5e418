import Testing
@testable import PolicyCompiler
import PolicyModel
import PolicyRuntime

extension PostgresTests {
    /// Bad input to the generated functions gets a clear SQL error or a documented status, never an admission
    /// or a counted request.
    @Suite struct BadInputTests {
        static func loaded(_ name: String) async throws -> Database {
            let (policy, tenants) = try Fixtures.tiers()
            let database = try await PostgresTests.database(name)
            try await database.load(policy, tenants: tenants)
            return database
        }

        static func counted(_ database: Database) async throws -> String? {
            try await database.value("SELECT (SELECT count(*) FROM tierc.usage_months) + (SELECT count(*) FROM tierc.usage_windows);")
        }

        @Test func nullsAreErrors() async throws {
            let database = try await Self.loaded("bad_nulls")
            for call in ["tierc.check_request(NULL, '/api/v1/x', now())", "tierc.check_request('free-1', NULL, now())",
                         "tierc.check_request('free-1', '/api/v1/x', NULL)"] {
                let error = try await database.failure("SELECT * FROM \(call);")
                #expect(error.contains("tierc.check_request: p_tenant, p_path and p_at must not be NULL"), "\(call): \(error)")
            }
            for call in ["tierc.record_gauge(NULL, 'storage_gb', 1, now())", "tierc.record_gauge('free-1', NULL, 1, now())",
                         "tierc.record_gauge('free-1', 'storage_gb', NULL, now())",
                         "tierc.record_gauge('free-1', 'storage_gb', 1, NULL)"] {
                #expect(try await database.failure("SELECT \(call);").contains("must not be NULL"), "\(call)")
            }
            #expect(try await database.failure("SELECT * FROM tierc.invoice(NULL, '2025-11');").contains("must not be NULL"))
            #expect(try await database.failure("SELECT * FROM tierc.invoice('free-1', NULL);").contains("must not be NULL"))
            #expect(try await database.failure("SELECT tierc.prune_counters(NULL);").contains("must not be NULL"))
            #expect(try await database.value("SELECT tierc.tenant_for_api_key(NULL) IS NULL;") == "t")
            #expect(try await Self.counted(database) == "0")
            #expect(try await database.value("SELECT count(*) FROM tierc.gauge_readings;") == "0")
        }

        /// Unknown tenants, and tenants whose tier the policy lacks, are refused with 401, as the runtime does.
        @Test func unknownTenantsAreRefusedLikeTheRuntime() async throws {
            let (policy, _) = try Fixtures.tiers()
            let database = try await Self.loaded("bad_tenants")
            try await database.run("INSERT INTO tierc.tenants (id, tier, subdomain) VALUES ('orphan', 'platinum', 'orphan');")
            var engine = PolicyEngine(policy: policy, tenants: TenantDirectory(tenants: [Tenant(id: "orphan", tier: "platinum")]))
            let hostile = "'; DROP TABLE tierc.tenants; --"
            for tenant in ["nobody", "orphan", "", "FREE-1", hostile] {
                let swift = engine.decide(Request(tenant: .id(tenant), path: "/api/v1/x"), at: 1_762_000_000).status
                #expect(swift == 401)
                let sql = try await database.rows("""
                    SELECT * FROM tierc.check_request(\(SQLValue.literal(tenant)), '/api/v1/x', to_timestamp(1762000000));
                    """)
                #expect(sql == [["401", nil, nil, nil, nil]], "\(tenant)")
            }
            #expect(try await database.value("SELECT count(*) FROM tierc.tenants;") == "6")
            #expect(try await Self.counted(database) == "0")
        }

        /// `tierc.decide` answers bad input as `check_request` (whose answer it carries), and `tierc.usage` as
        /// `tierc.invoice`: NULL is 22004, an unknown tenant, an undefined tier or a time outside 0001–9999 is 22023.
        @Test func decideAndUsageRefuseBadInput() async throws {
            let database = try await Self.loaded("bad_decide_usage")
            try await database.run("INSERT INTO tierc.tenants (id, tier, subdomain) VALUES ('orphan', 'platinum', 'orphan');")
            for call in ["tierc.decide(NULL, '/api/v1/x', now())", "tierc.decide('free-1', NULL, now())",
                         "tierc.decide('free-1', '/api/v1/x', NULL)"] {
                #expect(try await database.failure("SELECT * FROM \(call);")
                    .contains("tierc.check_request: p_tenant, p_path and p_at must not be NULL"), "\(call)")
            }
            #expect(try await database.failure("SELECT * FROM tierc.decide('free-1', '/x', 'infinity');")
                .contains("p_at must be a finite time"))
            #expect(try await database.rows("SELECT * FROM tierc.decide('nobody', '/api/v1/x', now());")
                    == [["401", nil, nil, nil, nil, nil, nil, nil, nil]])
            #expect(try await database.rows("SELECT * FROM tierc.decide('orphan', '/api/v1/x', now());")
                    == [["401", nil, nil, nil, nil, nil, nil, nil, nil]])
            for (call, message) in [
                ("tierc.usage(NULL, now())", "tierc.usage: p_tenant and p_at must not be NULL"),
                ("tierc.usage('free-1', NULL)", "tierc.usage: p_tenant and p_at must not be NULL"),
                ("tierc.usage('nobody', now())", "tierc.usage: unknown tenant 'nobody'"),
                ("tierc.usage('orphan', now())", "tierc.usage: tenant 'orphan' is on tier 'platinum', which the policy does not define"),
                ("tierc.usage('free-1', 'infinity')", "tierc.usage: p_at must be a finite time in the years 0001 to 9999 (UTC)"),
                ("tierc.usage('free-1', '10000-01-01T00:00:00Z')", "p_at must be a finite time"),
            ] {
                #expect(try await database.failure("SELECT * FROM \(call);").contains(message), "\(call)")
            }
            #expect(try await Self.counted(database) == "0")
        }

        @Test func timesMustBeFinite() async throws {
            let database = try await Self.loaded("bad_times")
            for time in ["'infinity'", "'-infinity'"] {
                #expect(try await database.failure("SELECT * FROM tierc.check_request('free-1', '/x', \(time));")
                    .contains("p_at must be a finite time"))
                #expect(try await database.failure("SELECT tierc.record_gauge('free-1', 'storage_gb', 1, \(time));")
                    .contains("p_at must be a finite time"))
            }
            #expect(try await Self.counted(database) == "0")
        }

        @Test func gaugeReadingsAreValidated() async throws {
            let database = try await Self.loaded("bad_gauges")
            let cases: [(String, String)] = [
                ("'nobody', 'storage_gb', 1", "unknown tenant 'nobody'"),
                ("'free-1', 'disk', 1", "unknown meter 'disk'"),
                ("'free-1', 'api_calls', 1", "meter 'api_calls' is a counter, not a gauge"),
                ("'free-1', 'storage_gb', -0.5", "must be a finite number >= 0"),
                ("'free-1', 'storage_gb', 'NaN'", "must be a finite number >= 0"),
                ("'free-1', 'storage_gb', 'Infinity'", "must be a finite number >= 0"),
                ("'free-1', 'storage_gb', '-Infinity'", "must be a finite number >= 0"),
            ]
            for (arguments, message) in cases {
                let error = try await database.failure("SELECT tierc.record_gauge(\(arguments), now());")
                #expect(error.contains(message), "\(arguments): \(error)")
            }
            #expect(try await database.value("SELECT count(*) FROM tierc.gauge_readings;") == "0")
            // Valid readings: over the free tier's 1 GB only when strictly above it; zero is a reading.
            #expect(try await database.rows("""
                SELECT tierc.record_gauge('free-1', 'storage_gb', 1, '2025-11-03T00:00:00Z'),
                       tierc.record_gauge('free-1', 'storage_gb', 1.000001, '2025-11-03T00:00:00Z'),
                       tierc.record_gauge('free-1', 'storage_gb', 0, '2025-11-03T00:00:00Z');
                """) == [["f", "t", "f"]])
        }

        @Test func invoiceInputsAreValidated() async throws {
            let database = try await Self.loaded("bad_invoices")
            try await database.run("INSERT INTO tierc.tenants (id, tier, subdomain) VALUES ('orphan', 'platinum', 'orphan');")
            #expect(try await database.failure("SELECT * FROM tierc.invoice('nobody', '2025-11');").contains("unknown tenant 'nobody'"))
            #expect(try await database.failure("SELECT * FROM tierc.invoice('orphan', '2025-11');")
                .contains("tenant 'orphan' is on tier 'platinum', which the policy does not define"))
            for month in ["2025-13", "2025-00", "2025-1", "25-01", "2025-01-01", "0000-01", "", "2025-11 "] {
                #expect(try await database.failure("SELECT * FROM tierc.invoice('free-1', '\(month)');")
                    .contains("the month must be YYYY-MM"), "\(month)")
            }
            #expect(try await database.rows("SELECT * FROM tierc.invoice('free-1', '9999-12');")
                == [["base", nil, nil, "0.00"], ["usage", "api_calls", "0", "0.00"], ["usage", "storage_gb", "0", "0.00"]])
        }

        @Test func apiKeysAreLookedUpByTheirHashOnly() async throws {
            let database = try await Self.loaded("bad_keys")
            #expect(try await database.value("SELECT tierc.tenant_for_api_key('key-free-1');") == "free-1")
            #expect(try await database.value("SELECT tierc.tenant_for_api_key('test');") == "ent-1")
            #expect(try await database.value("SELECT tierc.tenant_for_api_key('key-free-1 ');") == nil)
            #expect(try await database.value("SELECT tierc.tenant_for_api_key('');") == nil)
            #expect(try await database.value("SELECT count(*) FROM tierc.api_keys WHERE key_hash LIKE '%key%';") == "0")
            #expect(try await database.value("""
                SELECT key_hash FROM tierc.api_keys WHERE tenant = 'free-1';
                """) == TenantIndex.hashHex(of: "key-free-1"))
        }

        @Test func withoutAPolicyTheFunctionsSaySo() async throws {
            let database = try await Self.loaded("bad_empty")
            try await database.run("SELECT tierc.begin_revision('x', 'y', 1000);")
            #expect(try await database.failure("SELECT * FROM tierc.check_request('free-1', '/', now());")
                .contains("no policy is loaded"))
            #expect(try await database.failure("SELECT * FROM tierc.invoice('free-1', '2025-11');")
                .contains("no policy is loaded"))
        }

        /// Pruning drops earlier short windows that are over and keeps month rows (the invoices' quantities, with
        /// their latest windows).
        @Test func pruningKeepsMonths() async throws {
            let database = try await Self.loaded("bad_prune")
            try await database.run("""
                SELECT * FROM tierc.check_request('free-1', '/api/v1/x', '2025-11-02T10:00:00Z');
                SELECT * FROM tierc.check_request('free-1', '/api/v1/x', '2025-11-02T11:00:00Z');
                SELECT * FROM tierc.check_request('free-1', '/api/v1/x', '2025-11-02T09:59:59Z');
                """)
            #expect(try await database.rows("""
                SELECT window_kind, window_start, used FROM tierc.usage_windows ORDER BY window_kind, window_start;
                """) == [["hour", "2025-11-02 09:00:00+00", "1"], ["hour", "2025-11-02 10:00:00+00", "1"]])
            #expect(try await database.value("SELECT tierc.prune_counters('2025-11-02T11:00:00Z');") == "2")
            #expect(try await database.value("SELECT count(*) FROM tierc.usage_windows;") == "0")
            #expect(try await database.rows("""
                SELECT month_start, used, hour_start, hour_used FROM tierc.usage_months;
                """) == [["2025-11-01 00:00:00+00", "3", "2025-11-02 11:00:00+00", "1"]])
        }
    }
}
