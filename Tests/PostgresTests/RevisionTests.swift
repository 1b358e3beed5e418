import Foundation
import Testing
import PolicyCompiler
import PolicyModel
import PolicyRuntime

extension PostgresTests {
    /// Loading policy.sql again, a later revision, an earlier one, a broken one; reloading tenants.sql.
    @Suite struct RevisionTests {
        /// Every policy table's rows, to compare loads.
        static let policyDump = """
            SELECT name, format, fingerprint, revision, currency, minor_units, rounding, default_meter,
                   identification_order, api_key_scheme, header_names, base_domain, query_param, require_tenant
              FROM tierc.policy_info;
            SELECT * FROM tierc.meters ORDER BY ordinal;
            SELECT * FROM tierc.features ORDER BY ordinal;
            SELECT * FROM tierc.tiers ORDER BY ordinal;
            SELECT * FROM tierc.tier_features ORDER BY tier, feature;
            SELECT * FROM tierc.limits ORDER BY tier, meter, window_kind;
            SELECT * FROM tierc.gauge_limits ORDER BY tier, meter;
            SELECT * FROM tierc.routes ORDER BY ordinal;
            SELECT * FROM tierc.usage_prices ORDER BY price_id;
            SELECT * FROM tierc.price_bands ORDER BY price_id, ordinal;
            SELECT tier, route, granted, meter, cost, month_limit, day_limit, hour_limit, minute_limit, metered,
                   month_cap, day_cap, hour_cap, minute_cap
              FROM tierc.decision_rules ORDER BY tier, route;
            SELECT * FROM tierc.tenants ORDER BY id;
            SELECT * FROM tierc.api_keys ORDER BY key_hash;
            """

        /// `count` requests of `free-1` in one hour; returns the statuses and windows.
        static func hammer(_ database: Database, count: Int, at time: String = "2025-11-02T10:30:00Z") async throws -> [String] {
            let call = "SELECT status || coalesce(' ' || quota_window || ' ' || limit_value || ' ' || used, '') "
                + "FROM tierc.check_request('free-1', '/api/v1/items', '\(time)');\n"
            return try await database.rows(String(repeating: call, count: count)).compactMap { $0.first ?? nil }
        }

        /// tiers/tiers.yaml with the free tier's hour limit changed.
        static func tiers(freeHourLimit: Int) throws -> (Policy, TenantDirectory) {
            let text = try Fixtures.tiersYAML().replacingOccurrences(
                of: "api_calls: { hour: 100, month: 1000 }", with: "api_calls: { hour: \(freeHourLimit), month: 1000 }")
            return try Fixtures.check(text, tenants: Fixtures.tiersTenantsYAML)
        }

        @Test func applyingTheSameScriptsTwiceIsHarmless() async throws {
            let (policy, tenants) = try Fixtures.tiers()
            let database = try await PostgresTests.database("revision_twice")
            try await database.load(policy, tenants: tenants)
            let first = try await database.rows(Self.policyDump)
            #expect(try await Self.hammer(database, count: 60).allSatisfy { $0 == "200" })
            try await database.load(policy, tenants: tenants)
            #expect(try await database.rows(Self.policyDump) == first)
            let after = try await Self.hammer(database, count: 41)
            #expect(after.prefix(40).allSatisfy { $0 == "200" })
            #expect(after.last == "429 hour 100 100", "the counters survived the reload")
            #expect(try await database.rows("SELECT revision, fingerprint FROM tierc.policy_info;")
                == [["1", policy.fingerprint]])
        }

        @Test func aLaterRevisionSwapsThePolicyAndKeepsTheCounters() async throws {
            let (policy, tenants) = try Fixtures.tiers()
            let database = try await PostgresTests.database("revision_next")
            try await database.load(policy, tenants: tenants)
            let first = try await Self.hammer(database, count: 101)
            #expect(first.last == "429 hour 100 100")
            let (next, _) = try Self.tiers(freeHourLimit: 150)
            #expect(next.fingerprint != policy.fingerprint)
            let output = try await database.run(PostgresEmitter.policySQL(next, revision: 2))
            #expect(output.contains("loading policy omni-platform revision 2 over revision 1"))
            let second = try await Self.hammer(database, count: 51)
            #expect(second.prefix(50).allSatisfy { $0 == "200" })
            #expect(second.last == "429 hour 150 150")
            #expect(try await database.rows("SELECT revision, fingerprint FROM tierc.policy_info;") == [["2", next.fingerprint]])
            #expect(try await database.value("SELECT limit_value FROM tierc.limits WHERE tier = 'free' AND window_kind = 'hour';")
                == "150")
        }

        @Test func anEarlierRevisionOrADifferentPolicyWithTheSameRevisionIsRefused() async throws {
            let (policy, tenants) = try Fixtures.tiers()
            let (next, _) = try Self.tiers(freeHourLimit: 150)
            let database = try await PostgresTests.database("revision_refused")
            try await database.load(next, revision: 5, tenants: tenants)
            let loaded = try await database.rows(Self.policyDump)
            let older = try await database.failure(PostgresEmitter.policySQL(policy, revision: 4))
            #expect(older.contains("revision 5 of policy omni-platform"))
            #expect(older.contains("refusing to go back to revision 4"))
            let clash = try await database.failure(PostgresEmitter.policySQL(policy, revision: 5))
            #expect(clash.contains("revision 5 is loaded with policy omni-platform (\(next.fingerprint)); this script has \(policy.fingerprint)"))
            #expect(try await database.rows(Self.policyDump) == loaded)
        }

        /// A script that fails halfway (here: cut before its COMMIT, with a failing statement in its place)
        /// changes nothing: the swap is one transaction.
        @Test func aFailedLoadLeavesTheLoadedRevision() async throws {
            let (policy, tenants) = try Fixtures.tiers()
            let database = try await PostgresTests.database("revision_broken")
            try await database.load(policy, tenants: tenants)
            let loaded = try await database.rows(Self.policyDump)
            let (next, _) = try Self.tiers(freeHourLimit: 150)
            let script = PostgresEmitter.policySQL(next, revision: 2)
            let cut = try #require(script.range(of: "COMMIT;", options: .backwards))
            let error = try await database.failure(String(script[..<cut.lowerBound]) + "SELECT 1 / 0;\n")
            #expect(error.contains("division by zero"))
            #expect(try await database.rows(Self.policyDump) == loaded)
        }

        @Test func reloadingTenantsReplacesTheDirectoryAndKeepsUsage() async throws {
            let (policy, tenants) = try Fixtures.tiers()
            let database = try await PostgresTests.database("revision_tenants")
            try await database.load(policy, tenants: tenants)
            _ = try await database.rows("SELECT status FROM tierc.check_request('pro-1', '/api/v1/x', '2025-11-02T10:00:00Z');")
            let (_, changed) = try Fixtures.check(try Fixtures.tiersYAML(), tenants: """
                tenants:
                  free-1: { tier: starter, api_keys: [key-free-1-new] }
                  free-2: { tier: free }
                  new-1: { tier: enterprise, api_keys: [key-new-1], subdomain: fresh }
                """)
            try await database.run(PostgresEmitter.tenantsSQL(changed))
            #expect(try await database.rows("SELECT id, tier, subdomain FROM tierc.tenants ORDER BY id;")
                == [["free-1", "starter", "free-1"], ["free-2", "free", "free-2"], ["new-1", "enterprise", "fresh"]])
            #expect(try await database.value("SELECT tierc.tenant_for_api_key('key-free-1');") == nil)
            #expect(try await database.value("SELECT tierc.tenant_for_api_key('key-free-1-new');") == "free-1")
            #expect(try await database.value("SELECT tierc.tenant_for_api_key('test');") == nil)
            #expect(try await database.value("SELECT used FROM tierc.usage_months WHERE tenant = 'pro-1';") == "1")
            #expect(try await database.rows("SELECT status FROM tierc.check_request('pro-1', '/api/v1/x', now());") == [["401"]])
            // tenants.sql alone, before any policy.sql, creates its tables.
            let fresh = try await PostgresTests.database("revision_tenants_first")
            try await fresh.run(PostgresEmitter.tenantsSQL(changed))
            try await fresh.run(PostgresEmitter.policySQL(policy, revision: 1))
            #expect(try await fresh.rows("SELECT status FROM tierc.check_request('new-1', '/api/v1/x', now());") == [["200"]])
        }

        /// The tables of the first PostgreSQL layout that the upgrade reads (the others did not change).
        static let earlierLayout = """
            CREATE SCHEMA tierc;
            CREATE TABLE tierc.decision_rules (
                tier text COLLATE "C" NOT NULL, route integer NOT NULL, granted boolean NOT NULL,
                meter text COLLATE "C", cost bigint NOT NULL, month_limit bigint, day_limit bigint,
                hour_limit bigint, minute_limit bigint, PRIMARY KEY (tier, route));
            CREATE TABLE tierc.usage_counters (
                tenant text COLLATE "C" NOT NULL, meter text COLLATE "C" NOT NULL,
                window_start timestamptz NOT NULL, window_kind text COLLATE "C" NOT NULL, used bigint NOT NULL,
                PRIMARY KEY (tenant, meter, window_start, window_kind));
            """

        /// A database set up by an earlier tierc (one `usage_counters` row per window, `decision_rules` without
        /// the fast path's columns) keeps its counts: the load moves them into `usage_months` (the latest window
        /// of each month) and `usage_windows` (the others), and decisions go on from them.
        @Test func aDatabaseOfTheEarlierLayoutKeepsItsCounts() async throws {
            let (policy, tenants) = try Fixtures.tiers()
            let database = try await PostgresTests.database("revision_upgrade")
            try await database.run(Self.earlierLayout + """
                DROP ROLE IF EXISTS tierc_upgrade_reader;
                CREATE ROLE tierc_upgrade_reader NOLOGIN;
                GRANT SELECT ON tierc.usage_counters TO tierc_upgrade_reader;
                INSERT INTO tierc.usage_counters VALUES
                    ('free-1', 'api_calls', '2025-10-01T00:00:00Z', 'month', 640),
                    ('free-1', 'api_calls', '2025-10-31T23:00:00Z', 'hour', 40),
                    ('free-1', 'api_calls', '2025-11-01T00:00:00Z', 'month', 150),
                    ('free-1', 'api_calls', '2025-11-02T09:00:00Z', 'hour', 50),
                    ('free-1', 'api_calls', '2025-11-02T10:00:00Z', 'hour', 100),
                    ('free-1', 'api_calls', '2025-11-01T00:00:00Z', 'day', 30),
                    ('free-1', 'api_calls', '2025-11-02T00:00:00Z', 'day', 120),
                    ('free-1', 'api_calls', '2025-11-02T10:15:00Z', 'minute', 5),
                    ('pro-1', 'api_calls', '2025-11-01T00:00:00Z', 'month', 7);
                """)
            try await database.load(policy, tenants: tenants)
            let months = """
                SELECT tenant, month_start, used, day_start, day_used, hour_start, hour_used, minute_start, minute_used
                  FROM tierc.usage_months ORDER BY tenant, month_start;
                SELECT tenant, window_kind, window_start, used FROM tierc.usage_windows ORDER BY tenant, window_start;
                SELECT to_regclass('tierc.usage_counters') IS NULL;
                """
            #expect(try await database.rows(months) == [
                ["free-1", "2025-10-01 00:00:00+00", "640", nil, nil, "2025-10-31 23:00:00+00", "40", nil, nil],
                ["free-1", "2025-11-01 00:00:00+00", "150", "2025-11-02 00:00:00+00", "120", "2025-11-02 10:00:00+00",
                 "100", "2025-11-02 10:15:00+00", "5"],
                ["pro-1", "2025-11-01 00:00:00+00", "7", nil, nil, nil, nil, nil, nil],
                ["free-1", "day", "2025-11-01 00:00:00+00", "30"],
                ["free-1", "hour", "2025-11-02 09:00:00+00", "50"],
                ["t"]])
            #expect(try await Self.hammer(database, count: 1) == ["429 hour 100 100"])
            #expect(try await Self.hammer(database, count: 1, at: "2025-11-02T09:30:00Z") == ["200"])
            #expect(try await database.value("""
                SELECT used FROM tierc.usage_windows WHERE window_start = '2025-11-02T09:00:00Z';
                """) == "51")
            #expect(try await database.value("""
                SELECT has_table_privilege('tierc_upgrade_reader', 'tierc.usage_months', 'SELECT')
                   AND has_table_privilege('tierc_upgrade_reader', 'tierc.usage_windows', 'SELECT');
                """) == "t", "who could read the counters can read them still")
            let after = try await database.rows(months)
            try await database.load(policy, tenants: tenants)
            #expect(try await database.rows(months) == after, "loading again changes no count")

            // Row-level security on the old table: the counts move, but nobody gets wider access than before.
            let secured = try await PostgresTests.database("revision_upgrade_rls")
            try await secured.run(Self.earlierLayout + """
                INSERT INTO tierc.usage_counters VALUES ('free-1', 'api_calls', '2025-11-01T00:00:00Z', 'month', 9);
                ALTER TABLE tierc.usage_counters ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
                CREATE POLICY nobody ON tierc.usage_counters USING (false);
                DROP ROLE IF EXISTS tierc_upgrade_tenant_reader;
                CREATE ROLE tierc_upgrade_tenant_reader NOLOGIN;
                GRANT SELECT ON tierc.usage_counters TO tierc_upgrade_tenant_reader;
                """)
            try await secured.load(policy, tenants: tenants)
            #expect(try await secured.rows("SELECT tenant, used FROM tierc.usage_months;") == [["free-1", "9"]])
            #expect(try await secured.value("""
                SELECT has_table_privilege('tierc_upgrade_tenant_reader', 'tierc.usage_months', 'SELECT');
                """) == "f")

            // Counts in both layouts (two versions wrote here): the load refuses to merge them, and changes nothing.
            let mixed = try await PostgresTests.database("revision_upgrade_mixed")
            try await mixed.load(policy, tenants: tenants)
            _ = try await Self.hammer(mixed, count: 1)
            try await mixed.run("""
                CREATE TABLE tierc.usage_counters (
                    tenant text COLLATE "C" NOT NULL, meter text COLLATE "C" NOT NULL,
                    window_start timestamptz NOT NULL, window_kind text COLLATE "C" NOT NULL, used bigint NOT NULL,
                    PRIMARY KEY (tenant, meter, window_start, window_kind));
                INSERT INTO tierc.usage_counters VALUES ('free-1', 'api_calls', '2025-11-01T00:00:00Z', 'month', 9);
                """)
            let refused = try await mixed.failure(PostgresEmitter.policySQL(policy, revision: 1))
            #expect(refused.contains("refusing to merge them"))
            #expect(try await mixed.rows("SELECT used FROM tierc.usage_months; SELECT count(*) FROM tierc.usage_counters;")
                == [["1"], ["1"]])
        }

        /// check_request's fast path is specialised to the windows the compiled policy limits (here hour and month);
        /// a rule that limits another window (as another revision's data may while a load commits) takes the
        /// general path, which counts and checks it.
        @Test func aRuleWithAWindowTheFastPathSkipsTakesTheGeneralPath() async throws {
            let (policy, tenants) = try Fixtures.tiers()
            let database = try await PostgresTests.database("revision_unspecialised")
            try await database.load(policy, tenants: tenants)
            #expect(try await Self.hammer(database, count: 1) == ["200"])
            try await database.run("""
                UPDATE tierc.decision_rules SET minute_limit = 1, minute_cap = 1 - cost WHERE tier = 'free';
                """)
            #expect(try await Self.hammer(database, count: 2) == ["200", "429 minute 1 1"])
            #expect(try await database.rows("SELECT used, minute_used FROM tierc.usage_months;") == [["2", "1"]])
        }

        /// The fast path trusts the tier stamped on a month row only while the rules' generation is the one it
        /// was stamped with: moving a tenant to another tier (by UPDATE, by tenants.sql, under
        /// `session_replication_role = replica`, as a logical replication subscriber applies changes) or deleting
        /// it takes effect on its very next request. Each
        /// change that restricts comes after a request that the old stamp would admit again.
        @Test func aTenantsNewTierAppliesToItsNextRequest() async throws {
            let (policy, tenants) = try Fixtures.tiers()
            let database = try await PostgresTests.database("revision_tier_change")
            try await database.load(policy, tenants: tenants)
            let generations = "SELECT tier, generation FROM tierc.decision_rules WHERE route = -1 ORDER BY tier;"
            let free = try await Self.hammer(database, count: 101)
            #expect(free.prefix(100).allSatisfy { $0 == "200" })
            #expect(free.last == "429 hour 100 100")
            // A change of subdomain, or of another tenant's tier, leaves free-1's stamp alone.
            let before = try await database.rows(generations)
            try await database.run("UPDATE tierc.tenants SET subdomain = 'elsewhere' WHERE id = 'free-2';")
            #expect(try await database.rows(generations) == before)
            try await database.run("UPDATE tierc.tenants SET tier = 'starter' WHERE id = 'free-1';")
            let after = try await database.rows(generations)
            #expect(zip(before, after).map { $0[1] == $1[1] } == [true, false, true, true], "only free's rules renewed")
            #expect(try await Self.hammer(database, count: 2) == ["200", "200"], "starter allows 500 an hour")
            try await database.run("UPDATE tierc.tenants SET tier = 'free' WHERE id = 'free-1';")
            #expect(try await Self.hammer(database, count: 1) == ["429 hour 100 102"])
            let (_, starter) = try Fixtures.check(try Fixtures.tiersYAML(), tenants: Fixtures.tiersTenantsYAML
                .replacingOccurrences(of: "free-1: { tier: free", with: "free-1: { tier: starter"))
            #expect(starter.tenants.first { $0.id == "free-1" }?.tier == "starter")
            try await database.run(PostgresEmitter.tenantsSQL(starter))
            #expect(try await Self.hammer(database, count: 1) == ["200"])
            try await database.run(PostgresEmitter.tenantsSQL(tenants))
            #expect(try await Self.hammer(database, count: 1) == ["429 hour 100 103"], "tenants.sql moved it back")
            try await database.run("UPDATE tierc.tenants SET tier = 'starter' WHERE id = 'free-1';")
            #expect(try await Self.hammer(database, count: 1) == ["200"])
            try await database.run("DELETE FROM tierc.tenants WHERE id = 'free-1';")
            #expect(try await Self.hammer(database, count: 1) == ["401"])
            try await database.run("INSERT INTO tierc.tenants (id, tier, subdomain) VALUES ('free-1', 'starter', 'free-1');")
            #expect(try await Self.hammer(database, count: 1) == ["200"], "the counts outlive the directory")
            try await database.run("""
                SET session_replication_role = replica;
                UPDATE tierc.tenants SET tier = 'free' WHERE id = 'free-1';
                """)
            #expect(try await Self.hammer(database, count: 1) == ["429 hour 100 105"])
            try await database.run("UPDATE tierc.tenants SET tier = 'starter' WHERE id = 'free-1';")
            #expect(try await Self.hammer(database, count: 1) == ["200"])
            try await database.run("""
                SET session_replication_role = replica;
                DELETE FROM tierc.api_keys WHERE tenant = 'free-1';
                DELETE FROM tierc.tenants WHERE id = 'free-1';
                """)
            #expect(try await Self.hammer(database, count: 1) == ["401"], "a replica's row trigger renewed it")
            try await database.run("INSERT INTO tierc.tenants (id, tier, subdomain) VALUES ('free-1', 'starter', 'free-1');")
            #expect(try await Self.hammer(database, count: 1) == ["200"])
            try await database.run("TRUNCATE tierc.api_keys, tierc.tenants;")
            #expect(try await Self.hammer(database, count: 1) == ["401"])
            try await database.run("INSERT INTO tierc.tenants (id, tier, subdomain) VALUES ('free-1', 'starter', 'free-1');")
            #expect(try await Self.hammer(database, count: 1) == ["200"])
            try await database.run("SET session_replication_role = replica; TRUNCATE tierc.api_keys, tierc.tenants;")
            #expect(try await Self.hammer(database, count: 1) == ["401"], "TRUNCATE's trigger fires for replicas too")
        }

        /// A replica (a subscriber's apply worker, or `session_replication_role = replica`) renews through a row
        /// trigger, but once per tier and transaction however many tenants of that tier move.
        @Test func aReplicaRenewsEachTierOncePerTransaction() async throws {
            let (policy, tenants) = try Fixtures.tiers()
            let database = try await PostgresTests.database("revision_replica_once")
            try await database.load(policy, tenants: tenants)
            let sequence = "SELECT last_value FROM tierc.rule_generation;"
            let before = Int(try await database.value(sequence) ?? "") ?? -1
            try await database.run("""
                SET session_replication_role = replica;
                BEGIN;
                UPDATE tierc.tenants SET tier = 'starter' WHERE tier = 'free';
                UPDATE tierc.tenants SET subdomain = 'x' || subdomain;
                DELETE FROM tierc.api_keys WHERE tenant = 'pro-1';
                DELETE FROM tierc.tenants WHERE id = 'pro-1';
                COMMIT;
                """)
            let after = Int(try await database.value(sequence) ?? "") ?? -1
            #expect(before > 0 && after - before == 2, "free (two tenants moved) and professional (one deleted), once each")
            #expect(try await Self.hammer(database, count: 1) == ["200"])
        }

        /// The fast path answers from the month row and its stamp alone: with the directory's triggers disabled
        /// (the one thing docs/postgres.md says not to do without reloading policy.sql), a deleted tenant is
        /// still admitted, which only the fast path can do; reloading policy.sql renews the rules' generation.
        @Test func theFastPathAnswersFromItsStampAlone() async throws {
            let (policy, tenants) = try Fixtures.tiers()
            let database = try await PostgresTests.database("revision_fast_path")
            try await database.load(policy, tenants: tenants)
            #expect(try await Self.hammer(database, count: 1) == ["200"])
            #expect(try await database.rows("""
                SELECT m.tier, m.generation = r.generation FROM tierc.usage_months m
                  JOIN tierc.decision_rules r ON r.tier = m.tier AND r.route = -1;
                """) == [["free", "t"]])
            try await database.run("""
                ALTER TABLE tierc.tenants DISABLE TRIGGER tierc_tenants_deleted;
                DELETE FROM tierc.tenants WHERE id = 'free-1';
                ALTER TABLE tierc.tenants ENABLE ALWAYS TRIGGER tierc_tenants_deleted;
                """)
            #expect(try await Self.hammer(database, count: 1) == ["200"])
            try await database.run(PostgresEmitter.policySQL(policy, revision: 1))
            #expect(try await Self.hammer(database, count: 1) == ["401"])
        }
    }
}
