import Testing

extension PostgresTests {
    /// The row-level-security helpers through PgBouncer in transaction pooling mode (issue 14 §4;
    /// docs/postgres.md, Row-level security with pooled connections): clients of eight tenants share two server
    /// connections, each transaction starts with `tierc.set_tenant`, and no row of another tenant is ever read or
    /// written, while a transaction without a tenant, on a server connection whose earlier transaction set one,
    /// sees nothing.
    @Suite struct PgBouncerTests {
        static let tenants = (0..<8).map { "tenant-\($0)" }
        /// Transactions per client.
        static let rounds = 30

        /// One client's script: `rounds` transactions as `tenant`, each inserting a row, reading the table, updating
        /// every row it can see and trying to write another tenant's row, then a statement outside any
        /// transaction of its own. Every output line is tagged; a cross-tenant write that went through fails the
        /// script (psql stops on the error).
        static func script(tenant: String, other: String) -> String {
            var script = ""
            for round in 1...rounds {
                script += """
                    BEGIN;
                    SELECT tierc.set_tenant('\(tenant)');
                    INSERT INTO app.notes (tenant_id, body) VALUES ('\(tenant)', '\(tenant) \(round)');
                    SELECT 'seen', '\(round)', coalesce(string_agg(DISTINCT tenant_id, ','), '-'), count(*), pg_backend_pid()
                      FROM app.notes;
                    UPDATE app.notes SET touched = touched + 1;
                    DO $$
                    BEGIN
                        BEGIN
                            INSERT INTO app.notes (tenant_id, body) VALUES ('\(other)', 'intruder');
                        EXCEPTION WHEN insufficient_privilege THEN
                            RETURN;
                        END;
                        RAISE EXCEPTION 'a row of \(other) was inserted as \(tenant)';
                    END
                    $$;
                    COMMIT;
                    SELECT 'after', pg_backend_pid(), coalesce(current_setting('tierc.tenant', true), '<null>'), count(*),
                           tierc.current_tenant() IS NULL
                      FROM app.notes;

                    """
            }
            return script
        }

        @Test func tenantsSharingServerConnectionsNeverSeeEachOther() async throws {
            let app = try await RowLevelSecurityTests.application("pgbouncer")
            let admin = app.connected(as: app.cluster.superuser, password: app.cluster.password)
            try await admin.run("""
                ALTER TABLE app.notes ADD COLUMN touched integer NOT NULL DEFAULT 0;
                DELETE FROM app.notes;
                """)
            let poolSize = 2
            let bouncer = try await PgBouncer.start(for: app, poolSize: poolSize)
            do {
                let pooled = app.through(port: bouncer.port, database: bouncer.alias)
                // Eight clients at once, each its own psql session through PgBouncer.
                let running = try Self.tenants.enumerated().map { index, tenant in
                    let other = Self.tenants[(index + 1) % Self.tenants.count]
                    return try Command.start(pooled.psqlArguments(["-A", "-t", "-F", "\t", "-f", "-"]),
                                             stdin: Self.script(tenant: tenant, other: other),
                                             environment: pooled.environment, scratch: app.cluster.scratch)
                }
                var servers: Set<String> = []
                var tenantsPerServer: [String: Set<String>] = [:]
                var afterSettings: Set<String> = []
                for (index, client) in running.enumerated() {
                    let tenant = Self.tenants[index]
                    let result = await client.finish()
                    #expect(result.status == 0, "client \(tenant): \(result.stderr)")
                    let lines = result.stdout.split(separator: "\n").map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
                    let seen = lines.filter { $0.first == "seen" }
                    let after = lines.filter { $0.first == "after" }
                    #expect(seen.count == Self.rounds && after.count == Self.rounds, "client \(tenant): \(result.stdout)")
                    for line in seen where line.count == 5 {
                        // Transaction n sees exactly this tenant's n rows: nothing of the others, nothing lost.
                        #expect(line[2] == tenant && line[3] == line[1], "client \(tenant) saw \(line)")
                        servers.insert(line[4])
                        tenantsPerServer[line[4], default: []].insert(tenant)
                    }
                    for line in after where line.count == 5 {
                        // Outside a transaction that set it, no tenant: no row, whatever the connection ran before.
                        #expect(line[3] == "0" && line[4] == "t", "client \(tenant) after its transaction: \(line)")
                        servers.insert(line[1])
                        afterSettings.insert(line[2])
                    }
                }
                // The clients really shared server connections: at most the pool's, each serving several tenants.
                #expect(servers.count <= poolSize, "server connections: \(servers)")
                #expect(tenantsPerServer.values.contains { $0.count >= 2 }, "tenants per server connection: \(tenantsPerServer)")
                // The setting was left behind as '' by an earlier transaction on that connection, and still nothing
                // was visible.
                #expect(afterSettings.contains(""), "tierc.tenant after a transaction: \(afterSettings)")
                // Every row is its tenant's, none was lost or added, and each was updated only by its own tenant's
                // later transactions: row n of a tenant by transactions n … rounds.
                let rows = try await admin.rows("""
                    SELECT tenant_id, body, touched FROM app.notes ORDER BY tenant_id, id;
                    """)
                #expect(rows.count == Self.tenants.count * Self.rounds)
                var expected: [[String?]] = []
                for tenant in Self.tenants.sorted() {
                    for round in 1...Self.rounds {
                        expected.append([tenant, "\(tenant) \(round)", String(Self.rounds - round + 1)])
                    }
                }
                #expect(rows == expected)
                // PgBouncer held at most two server connections to the database.
                #expect(try await admin.value("""
                    SELECT count(*) <= \(poolSize) FROM pg_stat_activity
                     WHERE datname = current_database() AND usename = '\(app.user)';
                    """) == "t")
            } catch {
                await bouncer.stop()
                throw error
            }
            await bouncer.stop()
        }
    }
}
