import Testing

extension PostgresTests {
    /// Tenant isolation with the generated helpers, as an application role that is neither superuser nor
    /// BYPASSRLS and owns the table (so FORCE matters): a tenant sees and writes only its rows, no tenant sees
    /// nothing, and a pooled connection whose earlier transaction set the tenant sees nothing and gets no error.
    @Suite struct RowLevelSecurityTests {
        /// The application's database and its role (created per test; roles are cluster-wide, so named apart).
        static func application(_ name: String) async throws -> Database {
            let (policy, tenants) = try Fixtures.tiers()
            let database = try await PostgresTests.database(name)
            try await database.load(policy, tenants: tenants)
            let role = "app_" + name
            let password = "pw-" + name
            try await database.run("""
                DROP ROLE IF EXISTS \(role);
                CREATE ROLE \(role) LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE PASSWORD '\(password)';
                CREATE SCHEMA app AUTHORIZATION \(role);
                SELECT tierc.grant_runtime('\(role)');
                """)
            let app = database.connected(as: role, password: password)
            try await app.run("""
                CREATE TABLE app.notes (id serial PRIMARY KEY, tenant_id text NOT NULL, body text NOT NULL);
                SELECT tierc.enable_tenant_isolation('app.notes');
                BEGIN;
                SELECT tierc.set_tenant('free-1');
                INSERT INTO app.notes (tenant_id, body) VALUES ('free-1', 'a1'), ('free-1', 'a2');
                COMMIT;
                BEGIN;
                SELECT tierc.set_tenant('pro-1');
                INSERT INTO app.notes (tenant_id, body) VALUES ('pro-1', 'b1');
                COMMIT;
                """)
            return app
        }

        @Test func theApplicationRoleIsSubjectToTheForcedPolicy() async throws {
            let app = try await Self.application("rls_role")
            let facts = try await app.rows("""
                SELECT r.rolsuper, r.rolbypassrls, c.relowner = r.oid, c.relrowsecurity, c.relforcerowsecurity
                  FROM pg_roles r, pg_class c
                 WHERE r.rolname = current_user AND c.oid = 'app.notes'::regclass;
                """)
            #expect(facts == [["f", "f", "t", "t", "t"]])
            // The superuser bypasses RLS: all three rows are there.
            let admin = app.connected(as: app.cluster.superuser, password: app.cluster.password)
            #expect(try await admin.value("SELECT count(*) FROM app.notes;") == "3")
        }

        @Test func aTenantSeesOnlyItsRows() async throws {
            let app = try await Self.application("rls_see")
            #expect(try await app.rows("""
                BEGIN;
                SELECT tierc.set_tenant('free-1');
                SELECT tenant_id, body FROM app.notes ORDER BY body;
                COMMIT;
                """).filter { $0 != [""] } == [["free-1", "a1"], ["free-1", "a2"]])
            #expect(try await app.rows("""
                BEGIN;
                SELECT tierc.set_tenant('pro-1');
                SELECT tenant_id, body FROM app.notes ORDER BY body;
                COMMIT;
                """).filter { $0 != [""] } == [["pro-1", "b1"]])
        }

        @Test func noTenantSeesNothing() async throws {
            let app = try await Self.application("rls_none")
            #expect(try await app.value("SELECT count(*) FROM app.notes;") == "0")
            #expect(try await app.value("SELECT tierc.current_tenant() IS NULL;") == "t")
            // An UPDATE or DELETE without a tenant touches nothing.
            #expect(try await app.run("UPDATE app.notes SET body = 'x'; DELETE FROM app.notes;").isEmpty)
            let admin = app.connected(as: app.cluster.superuser, password: app.cluster.password)
            #expect(try await admin.value("SELECT count(*) FROM app.notes WHERE body <> 'x';") == "3")
        }

        @Test func crossTenantWritesAreRefused() async throws {
            let app = try await Self.application("rls_write")
            let insert = try await app.failure("""
                BEGIN;
                SELECT tierc.set_tenant('free-1');
                INSERT INTO app.notes (tenant_id, body) VALUES ('pro-1', 'sneaky');
                COMMIT;
                """)
            #expect(insert.contains("new row violates row-level security policy"))
            let move = try await app.failure("""
                BEGIN;
                SELECT tierc.set_tenant('free-1');
                UPDATE app.notes SET tenant_id = 'pro-1' WHERE body = 'a1';
                COMMIT;
                """)
            #expect(move.contains("new row violates row-level security policy"))
            let insertWithoutTenant = try await app.failure("INSERT INTO app.notes (tenant_id, body) VALUES ('free-1', 'x');")
            #expect(insertWithoutTenant.contains("new row violates row-level security policy"))
            // Another tenant's rows are invisible: updating or deleting them changes nothing.
            let output = try await app.rows("""
                BEGIN;
                SELECT tierc.set_tenant('free-1');
                WITH changed AS (UPDATE app.notes SET body = 'hijacked' WHERE tenant_id = 'pro-1' RETURNING id)
                SELECT count(*) FROM changed;
                WITH removed AS (DELETE FROM app.notes WHERE tenant_id = 'pro-1' RETURNING id) SELECT count(*) FROM removed;
                COMMIT;
                """).filter { $0 != [""] }
            #expect(output == [["0"], ["0"]])
            let admin = app.connected(as: app.cluster.superuser, password: app.cluster.password)
            #expect(try await admin.rows("SELECT tenant_id, body FROM app.notes ORDER BY body;")
                == [["free-1", "a1"], ["free-1", "a2"], ["pro-1", "b1"]])
        }

        /// One session standing for a pooled connection: a transaction sets the tenant with `SET LOCAL` (and
        /// another with `tierc.set_tenant`), then the next transactions on the same connection see no row and
        /// raise no error, although `current_setting('tierc.tenant', true)` now returns '' rather than NULL.
        @Test func aPooledConnectionAfterSetLocalSeesNothing() async throws {
            let app = try await Self.application("rls_pool")
            let output = try await app.rows("""
                BEGIN;
                SET LOCAL tierc.tenant = 'free-1';
                SELECT 'inside', count(*) FROM app.notes;
                COMMIT;
                SELECT 'setting', current_setting('tierc.tenant', true) = '', current_setting('tierc.tenant', true) IS NULL;
                SELECT 'after', count(*) FROM app.notes;
                BEGIN;
                SELECT tierc.set_tenant('pro-1');
                SELECT 'inside', count(*) FROM app.notes;
                ROLLBACK;
                SELECT 'after', count(*) FROM app.notes;
                SELECT 'tenant', tierc.current_tenant() IS NULL;
                """).filter { $0 != [""] }
            #expect(output == [["inside", "2"], ["setting", "t", "f"], ["after", "0"], ["inside", "1"], ["after", "0"],
                               ["tenant", "t"]])
        }

        @Test func badInputToTheHelpersIsAnError() async throws {
            let app = try await Self.application("rls_bad")
            #expect(try await app.failure("SELECT tierc.set_tenant(NULL);").contains("non-empty"))
            #expect(try await app.failure("SELECT tierc.set_tenant('');").contains("non-empty"))
            #expect(try await app.failure("CREATE TABLE app.t (id int); SELECT tierc.enable_tenant_isolation('app.t');")
                .contains("has no column tenant_id"))
            // Only the owner can isolate a table: another role's table is refused.
            let admin = app.connected(as: app.cluster.superuser, password: app.cluster.password)
            try await admin.run("CREATE TABLE public.admin_owned (tenant_id text);")
            #expect(try await app.failure("SELECT tierc.enable_tenant_isolation('public.admin_owned');")
                .contains("must be owner"))
            // A custom column name works, and running it twice is harmless.
            try await app.run("""
                CREATE TABLE app.events (org text NOT NULL, what text);
                SELECT tierc.enable_tenant_isolation('app.events', 'org');
                SELECT tierc.enable_tenant_isolation('app.events', 'org');
                BEGIN;
                SELECT tierc.set_tenant('free-1');
                INSERT INTO app.events VALUES ('free-1', 'ok');
                COMMIT;
                """)
            #expect(try await app.value("SELECT count(*) FROM app.events;") == "0")
            #expect(try await admin.value("SELECT count(*) FROM pg_policies WHERE tablename = 'events';") == "1")
        }
    }
}
