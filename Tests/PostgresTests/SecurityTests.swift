import Foundation
import Testing
@testable import PolicyCompiler
import PolicyModel
import PolicySimulator

extension PostgresTests {
    /// The attacks of docs/postgres.md, Security: an application role set up with `tierc.grant_runtime` only, a
    /// role that can create objects in `public` (or a schema named `tierc`) before the owner applies policy.sql,
    /// and input at the edges of what the simulator accepts. Each test first shows that its trap works, then that
    /// tierc never springs it.
    @Suite struct SecurityTests {
        /// A digest of every row tierc keeps (policy, directory, usage) and of the rules' generation counter.
        static let tiercState = """
            SELECT pg_catalog.md5(pg_catalog.string_agg(x, '|' ORDER BY x)) FROM (
                SELECT 'rule ' || r::text FROM tierc.decision_rules r UNION ALL
                SELECT 'tenant ' || t::text FROM tierc.tenants t UNION ALL
                SELECT 'key ' || k::text FROM tierc.api_keys k UNION ALL
                SELECT 'policy ' || p::text FROM tierc.policy_info p UNION ALL
                SELECT 'tier ' || t::text FROM tierc.tiers t UNION ALL
                SELECT 'month ' || m::text FROM tierc.usage_months m UNION ALL
                SELECT 'window ' || w::text FROM tierc.usage_windows w UNION ALL
                SELECT 'gauge ' || g::text FROM tierc.gauge_readings g UNION ALL
                SELECT 'sequence ' || s.last_value::text FROM tierc.rule_generation s) AS all_rows (x);
            """

        /// A fresh login role with nothing but `tierc.grant_runtime`, as docs/postgres.md, Privileges sets one up.
        static func application(_ database: Database, role: String) async throws -> Database {
            try await database.run("""
                DROP ROLE IF EXISTS \(role);
                CREATE ROLE \(role) LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS PASSWORD 'pw-\(role)';
                SELECT tierc.grant_runtime('\(role)');
                """)
            return database.connected(as: role, password: "pw-\(role)")
        }

        /// The attacker's tools in its own temporary schema (the TEMP privilege every role has by default): a
        /// composite type whose implicit cast to text tries to make the role superuser (as whoever runs it) and
        /// reads as `tier`, and tables shaped like tierc.tenants, one with that type as its tier.
        static func hostileTools(role: String, tier: String) -> String {
            """
            CREATE TYPE pg_temp.hostile AS (x integer);
            CREATE FUNCTION pg_temp.escalate(pg_temp.hostile) RETURNS text LANGUAGE plpgsql AS $f$
            BEGIN
                BEGIN
                    EXECUTE 'ALTER ROLE \(role) SUPERUSER';
                EXCEPTION WHEN insufficient_privilege THEN
                    NULL;
                END;
                RETURN '\(tier)';
            END
            $f$;
            CREATE CAST (pg_temp.hostile AS text) WITH FUNCTION pg_temp.escalate(pg_temp.hostile) AS IMPLICIT;
            CREATE TEMPORARY TABLE hostile_tenants (id text, tier pg_temp.hostile, subdomain text);
            CREATE TEMPORARY TABLE plain_tenants (id text, tier text, subdomain text);
            """
        }

        /// Issue 1: the application role tries every function of schema tierc as a trigger (statement and row,
        /// with transition tables named like tierc's, a hostile tier type and a plain one) on its own temporary
        /// tables, and calls each with hostile arguments. It never gains a privilege or changes a tierc row.
        @Test func anApplicationRoleCannotRunTiercFunctionsOutOfContext() async throws {
            let (policy, tenants) = try Fixtures.tiers()
            let database = try await PostgresTests.database("security_app_role")
            try await database.load(policy, tenants: tenants)
            let role = "tierc_security_app"
            let app = try await Self.application(database, role: role)

            // PUBLIC may run nothing in tierc, and the role exactly what grant_runtime grants.
            #expect(try await database.value("""
                SELECT count(*) FROM pg_proc p, aclexplode(coalesce(p.proacl, acldefault('f', p.proowner))) a
                 WHERE p.pronamespace = 'tierc'::regnamespace AND a.grantee = 0;
                """) == "0")
            #expect(try await database.value("""
                SELECT string_agg(p.oid::regprocedure::text, ' ' ORDER BY p.oid::regprocedure::text) FROM pg_proc p
                 WHERE p.pronamespace = 'tierc'::regnamespace AND has_function_privilege('\(role)', p.oid, 'EXECUTE');
                """) == "tierc.charge(text,text,bigint,timestamp with time zone) "
                + "tierc.check_request(text,text,timestamp with time zone) tierc.current_tenant() "
                + "tierc.decide(text,text,timestamp with time zone) "
                + "tierc.enable_tenant_isolation(regclass,name) tierc.invoice(text,text) "
                + "tierc.record_gauge(text,text,numeric,timestamp with time zone) "
                + "tierc.record_usage(text,text,bigint,timestamp with time zone) "
                + "tierc.reserve_quota(text,text,timestamp with time zone,bigint,bigint,text,bigint,bigint) "
                + "tierc.return_quota(text,bigint,bigint) tierc.set_tenant(text) "
                + "tierc.tenant_for_api_key(text) tierc.usage(text,timestamp with time zone) "
                + "tierc.window_used(text,text,text,timestamp with time zone)")
            // Every SECURITY DEFINER function pins search_path = pg_catalog, pg_temp.
            #expect(try await database.value("""
                SELECT count(*) FROM pg_proc p WHERE p.pronamespace = 'tierc'::regnamespace AND p.prosecdef
                   AND NOT coalesce(p.proconfig = ARRAY['search_path=pg_catalog, pg_temp'], false);
                """) == "0")

            let functions = try await database.rows("""
                SELECT p.oid::regprocedure::text, p.oid::regproc::text, p.pronargs FROM pg_proc p
                 WHERE p.pronamespace = 'tierc'::regnamespace ORDER BY 1;
                """)
            #expect(functions.count >= 17)
            let before = try await database.value(Self.tiercState)

            // The trap works: the hostile cast, run by a superuser, makes the role superuser.
            let trap = try await database.rows(Self.hostileTools(role: role, tier: "free") + """
                INSERT INTO hostile_tenants VALUES ('x', ROW(1), 'x');
                SELECT tier::text FROM hostile_tenants;
                SELECT rolsuper FROM pg_roles WHERE rolname = '\(role)';
                ALTER ROLE \(role) NOSUPERUSER;
                """)
            #expect(trap == [["free"], ["t"]])

            var attempts = Self.hostileTools(role: role, tier: "free") + """
                INSERT INTO hostile_tenants VALUES ('a', ROW(1), 'a');
                INSERT INTO plain_tenants SELECT id, tier, subdomain FROM tierc.tenants;
                CREATE TEMPORARY TABLE outcomes (attempt text, outcome text);

                """
            for row in functions {
                guard let signature = row[0], let name = row[1], let arguments = row[2].flatMap({ Int($0) }) else { continue }
                for table in ["hostile_tenants", "plain_tenants"] {
                    for (index, trigger) in [
                        "AFTER UPDATE ON \(table) REFERENCING OLD TABLE AS tierc_old_tenants NEW TABLE AS tierc_new_tenants FOR EACH STATEMENT",
                        "AFTER DELETE ON \(table) REFERENCING OLD TABLE AS tierc_old_tenants FOR EACH STATEMENT",
                        "AFTER TRUNCATE ON \(table) FOR EACH STATEMENT",
                        "AFTER UPDATE OR DELETE ON \(table) FOR EACH ROW",
                    ].enumerated() {
                        attempts += """
                            DO $a$ BEGIN
                                CREATE TRIGGER attack_\(index) \(trigger) EXECUTE FUNCTION \(name)();
                                INSERT INTO outcomes VALUES ('trigger \(index) \(signature) on \(table)', 'created');
                            EXCEPTION WHEN OTHERS THEN
                                INSERT INTO outcomes VALUES ('trigger \(index) \(signature) on \(table)', SQLERRM);
                            END $a$;

                            """
                    }
                    // Each write on its own: what one achieves is not undone by a later one's error.
                    attempts += """
                        INSERT INTO hostile_tenants VALUES ('a', ROW(1), 'a');
                        INSERT INTO plain_tenants VALUES ('a', 'free', 'a');

                        """
                    for write in ["UPDATE \(table) SET subdomain = subdomain || '!'", "DELETE FROM \(table) WHERE id = 'a'",
                                  "TRUNCATE \(table)"] {
                        attempts += """
                            DO $a$ BEGIN
                                \(write);
                            EXCEPTION WHEN OTHERS THEN
                                INSERT INTO outcomes VALUES ('\(write.prefix(8)) \(table) after \(signature)', SQLERRM);
                            END $a$;

                            """
                    }
                    attempts += """
                        DROP TRIGGER IF EXISTS attack_0 ON \(table);
                        DROP TRIGGER IF EXISTS attack_1 ON \(table);
                        DROP TRIGGER IF EXISTS attack_2 ON \(table);
                        DROP TRIGGER IF EXISTS attack_3 ON \(table);

                        """
                }
                // Hostile arguments: the hostile type (cast implicitly, as the caller) wherever one is accepted.
                let hostile = Array(repeating: "ROW(1)::pg_temp.hostile", count: arguments).joined(separator: ", ")
                attempts += """
                    DO $a$ BEGIN
                        PERFORM \(name)(\(hostile));
                        INSERT INTO outcomes VALUES ('call \(signature)', 'returned');
                    EXCEPTION WHEN OTHERS THEN
                        INSERT INTO outcomes VALUES ('call \(signature)', SQLERRM);
                    END $a$;

                    """
            }
            attempts += "SELECT attempt, outcome FROM outcomes ORDER BY attempt;\n"
            let outcomes = try await app.rows(attempts)
            #expect(outcomes.count == functions.count * (2 * 4 + 1), "\(outcomes.count) outcomes")
            let created = outcomes.filter { $0.count == 2 && $0[1] == "created" }
            #expect(created.isEmpty, "triggers the role could attach: \(created)")
            // Only granted functions can be called at all; the hostile value reaches those taking text through its
            // cast, which runs as the caller (the escalation fails), never as tierc's owner.
            let called = outcomes.filter { $0.count == 2 && $0[1] == "returned" }.compactMap { $0[0] }
            #expect(called == ["call tierc.current_tenant()", "call tierc.set_tenant(text)", "call tierc.tenant_for_api_key(text)"],
                    "calls that went through: \(called)")

            #expect(try await database.value("SELECT rolsuper FROM pg_roles WHERE rolname = '\(role)';") == "f")
            #expect(try await database.value(Self.tiercState) == before, "no tierc row changed")

            // Defence in depth: even with EXECUTE granted by mistake, the trigger functions refuse to run on
            // another table than tierc.tenants, before they read a transition table or OLD.
            try await database.run("""
                GRANT EXECUTE ON FUNCTION tierc.tenants_changed(), tierc.tenant_row_changed() TO \(role);
                """)
            for (trigger, write, message) in [
                ("AFTER DELETE ON hostile_tenants REFERENCING OLD TABLE AS tierc_old_tenants FOR EACH STATEMENT EXECUTE FUNCTION tierc.tenants_changed()",
                 "DELETE FROM hostile_tenants;", "tierc.tenants_changed: only tierc's statement triggers on tierc.tenants"),
                ("AFTER DELETE ON plain_tenants REFERENCING OLD TABLE AS tierc_old_tenants FOR EACH STATEMENT EXECUTE FUNCTION tierc.tenants_changed()",
                 "DELETE FROM plain_tenants;", "tierc.tenants_changed: only tierc's statement triggers on tierc.tenants"),
                ("AFTER TRUNCATE ON plain_tenants FOR EACH STATEMENT EXECUTE FUNCTION tierc.tenants_changed()",
                 "TRUNCATE plain_tenants;", "tierc.tenants_changed: only tierc's statement triggers on tierc.tenants"),
                ("AFTER DELETE ON hostile_tenants FOR EACH ROW EXECUTE FUNCTION tierc.tenant_row_changed()",
                 "DELETE FROM hostile_tenants;", "tierc.tenant_row_changed: only tierc's row trigger on tierc.tenants"),
                ("AFTER DELETE ON plain_tenants FOR EACH ROW EXECUTE FUNCTION tierc.tenants_changed()",
                 "DELETE FROM plain_tenants;", "tierc.tenants_changed: only tierc's statement triggers on tierc.tenants"),
            ] {
                let error = try await app.value(Self.hostileTools(role: role, tier: "free") + """
                    INSERT INTO hostile_tenants VALUES ('a', ROW(1), 'a');
                    INSERT INTO plain_tenants SELECT id, tier, subdomain FROM tierc.tenants;
                    CREATE TRIGGER attack \(trigger);
                    CREATE TEMPORARY TABLE outcome (error text);
                    DO $a$ BEGIN
                        \(write)
                    EXCEPTION WHEN OTHERS THEN
                        INSERT INTO outcome VALUES (SQLSTATE || ' ' || SQLERRM);
                    END $a$;
                    SELECT coalesce((SELECT error FROM outcome), 'no error');
                    """) ?? ""
                #expect(error.hasPrefix("42501 " + message), "\(trigger): \(error)")
                #expect(try await database.value("SELECT rolsuper FROM pg_roles WHERE rolname = '\(role)';") == "f",
                        "\(trigger)")
                #expect(try await database.value(Self.tiercState) == before, "\(trigger): no tierc row changed")
            }
            // tierc's own triggers still renew the rules.
            try await database.run("UPDATE tierc.tenants SET tier = 'starter' WHERE id = 'free-2';")
            #expect(try await database.value(Self.tiercState) != before)
        }

        /// Operators and functions that log every call, planted in `public` by a role that may create there, so
        /// that they are a better match than pg_catalog's for what tierc compares (`oid = regclass`, `numeric >=
        /// integer`, …) or, with `public` first in search_path, for everything.
        static func plantTraps(_ database: Database, planter: String) async throws {
            try await database.run("""
                DROP ROLE IF EXISTS \(planter);
                CREATE ROLE \(planter) LOGIN PASSWORD 'pw-\(planter)';
                GRANT CREATE ON SCHEMA public TO \(planter);
                """)
            var traps = """
                CREATE TABLE public.trap_log (what text NOT NULL, by_role name NOT NULL DEFAULT current_user);
                GRANT INSERT, SELECT ON public.trap_log TO PUBLIC;
                CREATE FUNCTION public.nextval(text) RETURNS bigint LANGUAGE plpgsql AS $f$
                BEGIN INSERT INTO public.trap_log (what) VALUES ('nextval(text)'); RETURN pg_catalog.nextval($1::regclass); END
                $f$;
                CREATE FUNCTION public.to_regclass(text) RETURNS regclass LANGUAGE plpgsql AS $f$
                BEGIN INSERT INTO public.trap_log (what) VALUES ('to_regclass(text)'); RETURN pg_catalog.to_regclass($1); END
                $f$;
                CREATE FUNCTION public.format(text, text) RETURNS text LANGUAGE plpgsql AS $f$
                BEGIN INSERT INTO public.trap_log (what) VALUES ('format(text, text)'); RETURN pg_catalog.format($1, $2); END
                $f$;

                """
            let pairs = [("oid", "regclass"), ("numeric", "integer"), ("bigint", "numeric"), ("numeric", "numeric"),
                         ("text", "text"), ("integer", "integer"), ("bigint", "bigint"), ("bigint", "integer"),
                         ("timestamptz", "timestamptz"), ("boolean", "boolean"), ("name", "name")]
            let operators = [("=", "eq"), ("<>", "ne"), ("<", "lt"), ("<=", "le"), (">", "gt"), (">=", "ge")]
            for (left, right) in pairs {
                for (op, word) in operators {
                    let function = "public.trap_\(word)_\(left)_\(right)"
                    traps += """
                        CREATE FUNCTION \(function)(\(left), \(right)) RETURNS boolean LANGUAGE plpgsql AS $f$
                        BEGIN
                            INSERT INTO public.trap_log (what) VALUES ('\(op)(\(left), \(right))');
                            RETURN $1 OPERATOR(pg_catalog.\(op)) $2\(left == "oid" ? "::oid" : "");
                        END
                        $f$;
                        CREATE OPERATOR public.\(op) (FUNCTION = \(function), LEFTARG = \(left), RIGHTARG = \(right));

                        """
                }
            }
            traps += "CREATE OPERATOR public.|| (FUNCTION = public.format, LEFTARG = text, RIGHTARG = text);\n"
            try await database.connected(as: planter, password: "pw-\(planter)").run(traps)
        }

        /// Issue 2: with traps planted in `public`, a superuser applies policy.sql (over the earlier layout, so
        /// that the upgrade runs too) and tenants.sql, with the default search_path and with `public` first; then
        /// an application role and the owner call every tierc function. No trap is ever called.
        @Test func operatorsPlantedInPublicAreNeverCalled() async throws {
            let (policy, tenants) = try Fixtures.tiers()
            let database = try await PostgresTests.database("security_planted")
            try await Self.plantTraps(database, planter: "tierc_security_planter")
            let log = """
                SELECT coalesce(string_agg(DISTINCT concat_ws(' as ', what, by_role) COLLATE "C", ', '), 'none') FROM public.trap_log;
                """

            // The traps work: plain comparisons of those types call them.
            try await database.run("""
                SELECT 1 FROM pg_attribute WHERE attrelid = 'pg_class'::regclass LIMIT 1;
                SELECT 1.5 >= 1;
                CREATE TEMPORARY SEQUENCE trap_sequence;
                SELECT nextval('trap_sequence');
                SET search_path = public, pg_catalog;
                SELECT 'a' = 'b', 'a' || 'b', to_regclass('pg_class');
                """)
            #expect(try await database.value(log)
                == "=(oid, regclass) as tierc_test, =(text, text) as tierc_test, >=(numeric, integer) as tierc_test, "
                + "format(text, text) as tierc_test, nextval(text) as tierc_test, to_regclass(text) as tierc_test")
            try await database.run("DELETE FROM public.trap_log;")

            try await database.run(RevisionTests.earlierLayout + """
                INSERT INTO tierc.usage_counters VALUES
                    ('free-1', 'api_calls', '2025-11-01T00:00:00Z', 'month', 9),
                    ('free-1', 'api_calls', '2025-11-02T09:00:00Z', 'hour', 4);
                """)
            try await database.run("DELETE FROM public.trap_log;")
            try await database.run(PostgresEmitter.policySQL(policy, revision: 1))
            try await database.run(PostgresEmitter.tenantsSQL(tenants))
            #expect(try await database.value(log) == "none", "the default search_path")
            #expect(try await database.value("SHOW search_path;") == "\"$user\", public", "the session's own")
            let publicFirst = "SET search_path = public, pg_catalog;\n"
            try await database.run(publicFirst + PostgresEmitter.policySQL(policy, revision: 2))
            try await database.run(publicFirst + PostgresEmitter.tenantsSQL(tenants))
            #expect(try await database.value(log) == "none", "public first in search_path")
            #expect(try await database.value(publicFirst + "SHOW search_path;") == "public, pg_catalog")
            #expect(try await database.value("SELECT count(*) FROM tierc.usage_months;") == "1", "the upgrade ran")

            // Nothing tierc created refers to anything outside pg_catalog and tierc.
            #expect(try await database.value("""
                SET search_path = pg_catalog, pg_temp;
                SELECT count(*) FROM pg_depend d
                 WHERE d.refclassid IN ('pg_operator'::regclass, 'pg_proc'::regclass)
                   AND coalesce((SELECT o.oprnamespace FROM pg_operator o WHERE d.refclassid = 'pg_operator'::regclass AND o.oid = d.refobjid),
                                (SELECT p.pronamespace FROM pg_proc p WHERE d.refclassid = 'pg_proc'::regclass AND p.oid = d.refobjid))
                       = 'public'::regnamespace
                   AND d.objid NOT IN (SELECT o.oid FROM pg_operator o WHERE o.oprnamespace = 'public'::regnamespace);
                """) == "0")

            // Every function, as the application role and as the owner, with public first.
            let app = try await Self.application(database, role: "tierc_security_planted_app")
            for session in [app, database] {
                try await session.run(publicFirst + """
                    SELECT * FROM tierc.check_request('free-1', '/api/v1/x', '2025-11-02T10:00:00Z');
                    SELECT * FROM tierc.check_request('free-1', '/api/v1/x', '2025-11-02T10:00:01Z');
                    SELECT * FROM tierc.check_request('free-1', '/api/v1/x', '2025-11-02T09:00:01Z');
                    SELECT * FROM tierc.check_request('free-1', '/api/v2/reports/x', '2025-11-02T10:00:02Z');
                    SELECT * FROM tierc.check_request('nobody', '/api/v1/x', '2025-11-02T10:00:02Z');
                    SELECT tierc.record_gauge('free-1', 'storage_gb', 2.5, '2025-11-02T10:00:00Z');
                    SELECT * FROM tierc.invoice('free-1', '2025-11');
                    SELECT tierc.tenant_for_api_key('key-free-1');
                    BEGIN;
                    SELECT tierc.set_tenant('free-1');
                    SELECT tierc.current_tenant();
                    COMMIT;
                    """)
            }
            try await database.run(publicFirst + """
                SELECT tierc.prune_counters('2025-11-03T00:00:00Z');
                SELECT tierc.round_amount(0.125, 1, 2, 'half_even');
                SELECT tierc.usage_amount(1, 3, 2, 'half_up');
                UPDATE tierc.tenants SET tier = 'starter' WHERE id OPERATOR(pg_catalog.=) 'free-2';
                DELETE FROM tierc.api_keys WHERE tenant OPERATOR(pg_catalog.=) 'ent-1';
                DELETE FROM tierc.tenants WHERE id OPERATOR(pg_catalog.=) 'ent-1';
                SET session_replication_role = replica;
                UPDATE tierc.tenants SET tier = 'professional' WHERE id OPERATOR(pg_catalog.=) 'free-2';
                RESET session_replication_role;
                CREATE TABLE public.notes (id integer PRIMARY KEY, tenant_id text NOT NULL);
                SELECT tierc.enable_tenant_isolation('public.notes');
                """)
            try await database.run(publicFirst + "TRUNCATE tierc.tenants CASCADE;")
            try await database.run(publicFirst + PostgresEmitter.tenantsSQL(tenants))
            try await database.run(publicFirst + PostgresEmitter.policySQL(policy, revision: 3))
            #expect(try await database.value(log) == "none", "no tierc function called a trap")
        }

        /// Issue 3: a `tierc` schema, object or trigger that another role prepared is refused, with its name and
        /// owner, before the load writes anything; a constraint an earlier load bound to an operator in `public`
        /// too. A database set up by the same owner keeps loading (RevisionTests).
        @Test func aSchemaPreparedByAnotherRoleIsRefused() async throws {
            let (policy, tenants) = try Fixtures.tiers()
            let planter = "tierc_security_preparer"
            let prepared = try await PostgresTests.database("security_prepared")
            try await prepared.run("""
                DROP ROLE IF EXISTS \(planter);
                CREATE ROLE \(planter) LOGIN PASSWORD 'pw-\(planter)';
                GRANT CREATE ON DATABASE tierc_security_prepared TO \(planter);
                """)
            let preparer = prepared.connected(as: planter, password: "pw-\(planter)")
            try await preparer.run("""
                CREATE SCHEMA tierc;
                CREATE TABLE tierc.trap_log (what text, by_role name DEFAULT current_user);
                CREATE TABLE tierc.policy_info (singleton boolean PRIMARY KEY DEFAULT true, name text, format integer,
                    fingerprint text, revision numeric(20, 0), currency text, minor_units integer, rounding text,
                    default_meter text, identification_order text[], api_key_scheme text, header_names text[],
                    base_domain text, query_param text, require_tenant boolean, loaded_at timestamptz DEFAULT now());
                CREATE FUNCTION tierc.trap() RETURNS trigger LANGUAGE plpgsql AS $f$
                BEGIN INSERT INTO tierc.trap_log (what) VALUES (TG_NAME); RETURN NULL; END
                $f$;
                CREATE TRIGGER trap AFTER INSERT OR UPDATE OR DELETE ON tierc.policy_info
                    FOR EACH STATEMENT EXECUTE FUNCTION tierc.trap();
                GRANT ALL ON SCHEMA tierc TO PUBLIC;
                GRANT ALL ON ALL TABLES IN SCHEMA tierc TO PUBLIC;
                """)
            for script in [PostgresEmitter.policySQL(policy, revision: 1), PostgresEmitter.tenantsSQL(tenants)] {
                let error = try await prepared.failure(script)
                #expect(error.contains("""
                    tierc: schema tierc is owned by role \(planter), not by tierc_test, the role applying this script; refusing to use it
                    """), "\(error)")
            }
            #expect(try await prepared.value("SELECT count(*) FROM tierc.trap_log;") == "0")
            #expect(try await prepared.value("SELECT to_regclass('tierc.tenants') IS NULL;") == "t")

            // Loaded by its owner, then an object of another role in the schema (CREATE granted by mistake).
            let owned = try await PostgresTests.database("security_owned")
            try await owned.load(policy, tenants: tenants)
            try await owned.run("GRANT CREATE ON SCHEMA tierc TO \(planter);")
            try await owned.connected(as: planter, password: "pw-\(planter)").run("""
                CREATE FUNCTION tierc.helper() RETURNS integer LANGUAGE sql AS 'SELECT 1';
                """)
            var error = try await owned.failure(PostgresEmitter.policySQL(policy, revision: 1))
            #expect(error.contains("""
                tierc: function tierc.helper() is owned by role \(planter), not by tierc_test, the role applying this script; refusing to use it
                """), "\(error)")
            #expect(try await owned.failure(PostgresEmitter.tenantsSQL(tenants)).contains("function tierc.helper()"))

            // A trigger tierc did not create, by another role (TRIGGER granted) or by the owner itself.
            try await owned.run("""
                DROP FUNCTION tierc.helper();
                REVOKE CREATE ON SCHEMA tierc FROM \(planter);
                GRANT USAGE ON SCHEMA tierc TO \(planter);
                GRANT TRIGGER ON tierc.tiers TO \(planter);
                DROP SCHEMA IF EXISTS planted CASCADE;
                CREATE SCHEMA planted AUTHORIZATION \(planter);
                """)
            try await owned.connected(as: planter, password: "pw-\(planter)").run("""
                CREATE TABLE planted.trap_log (what text);
                GRANT INSERT ON planted.trap_log TO PUBLIC;
                GRANT USAGE ON SCHEMA planted TO PUBLIC;
                CREATE FUNCTION planted.trap() RETURNS trigger LANGUAGE plpgsql AS $f$
                BEGIN INSERT INTO planted.trap_log VALUES (TG_NAME); RETURN NULL; END
                $f$;
                CREATE TRIGGER audit AFTER DELETE ON tierc.tiers FOR EACH STATEMENT EXECUTE FUNCTION planted.trap();
                """)
            error = try await owned.failure(PostgresEmitter.policySQL(policy, revision: 1))
            #expect(error.contains("tierc: trigger audit on table tierc.tiers was not created by tierc; refusing to run it"),
                    "\(error)")
            #expect(try await owned.value("SELECT count(*) FROM planted.trap_log;") == "0")
            try await owned.run("""
                DROP TRIGGER audit ON tierc.tiers;
                CREATE TRIGGER tierc_tenants_updated_too AFTER UPDATE ON tierc.tenants
                    FOR EACH STATEMENT EXECUTE FUNCTION planted.trap();
                """)
            error = try await owned.failure(PostgresEmitter.tenantsSQL(tenants))
            #expect(error.contains("tierc: trigger tierc_tenants_updated_too on table tierc.tenants was not created by tierc"),
                    "\(error)")
            // tierc's own trigger name with another function, or with a condition, is not tierc's either.
            try await owned.run("""
                DROP TRIGGER tierc_tenants_updated_too ON tierc.tenants;
                CREATE OR REPLACE TRIGGER tierc_tenants_deleted AFTER DELETE ON tierc.tenants
                    FOR EACH STATEMENT EXECUTE FUNCTION planted.trap();
                """)
            error = try await owned.failure(PostgresEmitter.policySQL(policy, revision: 1))
            #expect(error.contains("tierc: trigger tierc_tenants_deleted on table tierc.tenants was not created by tierc"),
                    "\(error)")
            try await owned.run("""
                CREATE OR REPLACE TRIGGER tierc_tenants_deleted AFTER DELETE ON tierc.tenants
                    REFERENCING OLD TABLE AS tierc_old_tenants FOR EACH STATEMENT
                    WHEN (pg_catalog.random() < 2) EXECUTE FUNCTION tierc.tenants_changed();
                """)
            #expect(try await owned.failure(PostgresEmitter.tenantsSQL(tenants))
                .contains("tierc: trigger tierc_tenants_deleted on table tierc.tenants was not created by tierc"))
            try await owned.run("""
                CREATE OR REPLACE TRIGGER tierc_tenants_deleted AFTER DELETE ON tierc.tenants
                    REFERENCING OLD TABLE AS tierc_old_tenants FOR EACH STATEMENT EXECUTE FUNCTION tierc.tenants_changed();
                """)
            try await owned.load(policy, revision: 2, tenants: tenants)
            #expect(try await owned.value("SELECT count(*) FROM planted.trap_log;") == "0")

            // A constraint that an earlier load bound to an operator in public (public came first then).
            try await Self.plantTraps(owned, planter: "tierc_security_binder")
            try await owned.run("""
                SET search_path = public;
                ALTER TABLE tierc.tiers ADD CONSTRAINT tiers_price_check_legacy CHECK (price >= 0);
                DELETE FROM public.trap_log;
                """)
            error = try await owned.failure(PostgresEmitter.policySQL(policy, revision: 3))
            #expect(error.contains("""
                tierc: constraint tiers_price_check_legacy on table tierc.tiers uses operator public.>=(numeric,integer), which is neither in pg_catalog nor in tierc
                """), "\(error)")
            #expect(try await owned.value("SELECT count(*) FROM public.trap_log;") == "0")
            try await owned.run("ALTER TABLE tierc.tiers DROP CONSTRAINT tiers_price_check_legacy;")
            try await owned.load(policy, revision: 3, tenants: tenants)
            #expect(try await owned.value("SELECT count(*) FROM public.trap_log;") == "0")
        }

        /// Issue 7: check_request and record_gauge refuse exactly the times and gauge values the simulator
        /// refuses (years 0001–9999 in UTC; values of at most 30 significant digits, below 10^37, at most 38
        /// decimals), with the errors of the other bad input, and count or record nothing then.
        @Test func timesAndGaugeValuesAtTheEdgesAreRefusedLikeTheSimulator() async throws {
            let database = try await BadInputTests.loaded("security_edges")
            // Times: (SQL literal, RFC 3339 text for the simulator or nil when it has no such text).
            let times: [(String, String?)] = [
                ("4713-01-01 00:00:00+00 BC", nil),
                ("0001-12-31 23:59:59.999999+00 BC", nil),
                ("0001-01-01 00:00:00+01", "0001-01-01T00:00:00+01:00"),
                ("0001-01-01 00:00:00+00", "0001-01-01T00:00:00Z"),
                ("0001-01-01 00:59:59-01", "0001-01-01T00:59:59-01:00"),
                ("2025-11-02 10:00:00+00", "2025-11-02T10:00:00Z"),
                ("9999-12-31 23:59:59.999999+00", "9999-12-31T23:59:59.999999Z"),
                ("9999-12-31 23:00:00-01", "9999-12-31T23:00:00-01:00"),
                ("10000-01-01 00:00:00+00", nil),
                ("200000-01-01 00:00:00+00", nil),
            ]
            var recorded = 0
            for (literal, rfc3339) in times {
                let simulator = rfc3339.flatMap { text in
                    Array(text.utf8).withUnsafeBufferPointer { Timestamp.parseRFC3339($0) }
                }.map { Timestamp.range.contains($0) } ?? false
                let request = "SELECT status FROM tierc.check_request('nobody', '/x', '\(literal)');"
                let gauge = "SELECT tierc.record_gauge('free-1', 'storage_gb', 1, '\(literal)');"
                if simulator {
                    #expect(try await database.value(request) == "401", "\(literal)")
                    #expect(try await database.value(gauge) == "f", "\(literal)")
                    recorded += 1
                } else {
                    #expect(try await database.failure(request).contains(
                        "tierc.check_request: p_at must be a finite time in the years 0001 to 9999 (UTC)"), "\(literal)")
                    #expect(try await database.failure(gauge).contains(
                        "tierc.record_gauge: p_at must be a finite time in the years 0001 to 9999 (UTC)"), "\(literal)")
                }
            }
            #expect(recorded == 4)
            #expect(try await database.failure("\\set VERBOSITY verbose\nSELECT * FROM tierc.check_request('free-1', '/api/v1/x', '10000-01-01T00:00:00Z');")
                .contains("22023"))

            let values = ["1e1000", "1e37", "9999999999999999999999999999999999999", "9999999999999999999999999999990000000",
                          "99999999999999999999999999999.9", "123456789012345678901234567890", "1234567890123456789012345678901",
                          "0.123456789012345678901234567890", "0.1234567890123456789012345678901", "1e-38", "1e-39",
                          "0.00000000000000000000000000000000000001", "1.000000000000000000000000000000000000000000",
                          "0", "-0", "0.000", "2.5", "1e36", "1.5e36", "0.5e-37"]
            for value in values {
                let simulator = Array(value.utf8).withUnsafeBufferPointer { Timestamp.decimal($0) }.map { !$0.isNegative } ?? false
                let call = "SELECT tierc.record_gauge('free-1', 'storage_gb', '\(value)'::numeric, '2025-11-02T10:00:00Z');"
                if simulator {
                    #expect(try await database.value(call) != nil, "\(value)")
                    recorded += 1
                } else {
                    let error = try await database.failure("\\set VERBOSITY verbose\n" + call)
                    #expect(error.contains("22023") && error.contains(
                        "tierc.record_gauge: a gauge reading must be below 10^37, with at most 30 significant digits and 38 decimals"),
                            "\(value): \(error)")
                    #expect(error.count < 600, "the message shows the value shortened")
                }
            }
            #expect(recorded >= 4 + 10 && recorded < 4 + values.count, "both sides of each edge")
            #expect(try await database.value("SELECT count(*) FROM tierc.gauge_readings;") == String(recorded))
            #expect(try await BadInputTests.counted(database) == "0")
            #expect(try await database.value("SELECT max(value)::text FROM tierc.gauge_readings;")
                == "9999999999999999999999999999990000000")
        }
    }
}
