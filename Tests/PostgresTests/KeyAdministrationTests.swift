import Foundation
import Testing
@testable import PolicyCompiler
import PolicyModel
import PolicyRuntime

extension PostgresTests {
    /// docs/postgres.md, API keys: an admin role creates a key (returned once, stored as its hash), the
    /// application role checks it (recording the last use at most once a minute) but can neither create nor
    /// revoke nor list keys, a tenants.sql reload keeps the key, and a revocation makes it unknown.
    @Suite struct KeyAdministrationTests {
        static func role(_ database: Database, _ name: String, grant: String) async throws -> Database {
            try await database.run("""
                DROP ROLE IF EXISTS \(name);
                CREATE ROLE \(name) LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS PASSWORD 'pw-\(name)';
                SELECT \(grant)('\(name)');
                """)
            return database.connected(as: name, password: "pw-\(name)")
        }

        @Test func adminCreatesAndRevokesTheApplicationChecks() async throws {
            let (policy, tenants) = try Fixtures.tiers()
            let database = try await PostgresTests.database("keys_admin")
            try await database.load(policy, tenants: tenants)
            let admin = try await Self.role(database, "tierc_keys_admin", grant: "tierc.grant_key_admin")
            let app = try await Self.role(database, "tierc_keys_app", grant: "tierc.grant_runtime")

            let key = try #require(try await admin.value("SELECT tierc.create_api_key('free-1', 'backend');"))
            #expect(key.hasPrefix("omni_") && key.count == 48)
            #expect(key.dropFirst(5).allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") })
            #expect(try await admin.value("SELECT tierc.create_api_key('free-1', NULL);") != key)
            // Stored as its hash and prefix only.
            #expect(try await database.value("SELECT count(*) FROM tierc.api_keys WHERE key_hash = '\(TenantIndex.hashHex(of: key))' "
                                             + "AND prefix = '\(key.prefix(9))' AND origin = 'sql';") == "1")
            #expect(try await database.value("SELECT count(*) FROM tierc.api_keys k WHERE k::text LIKE '%\(key.dropFirst(9))%';") == "0")

            // The application checks it; the first use is recorded, a second within the minute writes nothing.
            #expect(try await app.value("SELECT tierc.tenant_for_api_key('\(key)');") == "free-1")
            let firstUse = try #require(try await database.value("SELECT last_used_at FROM tierc.api_key_list WHERE prefix = '\(key.prefix(9))';"))
            #expect(try await app.value("SELECT tierc.tenant_for_api_key('\(key)');") == "free-1")
            #expect(try await database.value("SELECT last_used_at FROM tierc.api_key_list WHERE prefix = '\(key.prefix(9))';") == firstUse)
            // A use more than a minute later is recorded again.
            try await database.run("UPDATE tierc.api_keys SET last_used_at = now() - interval '2 minutes' WHERE prefix = '\(key.prefix(9))';")
            #expect(try await app.value("SELECT tierc.tenant_for_api_key('\(key)');") == "free-1")
            #expect(try await database.value("SELECT last_used_at > now() - interval '1 minute' FROM tierc.api_keys WHERE prefix = '\(key.prefix(9))';") == "t")

            // Least privilege: the application can neither make, revoke nor list keys.
            #expect(try await app.failure("SELECT tierc.create_api_key('free-1', 'x');").contains("permission denied"))
            #expect(try await app.failure("SELECT tierc.revoke_api_key('free-1', 'backend');").contains("permission denied"))
            #expect(try await app.failure("SELECT * FROM tierc.api_key_list;").contains("permission denied"))
            #expect(try await admin.failure("SELECT * FROM tierc.api_keys;").contains("permission denied"))
            #expect(try await admin.failure("SELECT tierc.check_request('free-1', '/', now());").contains("permission denied"))
            #expect(try await admin.failure("SELECT tierc.create_api_key('nobody', 'x');").contains("unknown tenant 'nobody'"))

            // tenants.sql replaces its own keys and leaves SQL-made ones alone.
            try await database.run(PostgresEmitter.tenantsSQL(tenants))
            #expect(try await app.value("SELECT tierc.tenant_for_api_key('\(key)');") == "free-1")
            #expect(try await admin.failure("SELECT tierc.revoke_api_key('free-1', 'nope');").contains("has 0 keys named or prefixed 'nope'"))

            // Revoked today: unknown from now on; the row stays for audit.
            #expect(try await admin.value("SELECT tierc.revoke_api_key('free-1', 'backend');") == String(key.prefix(9)))
            #expect(try await app.value("SELECT tierc.tenant_for_api_key('\(key)');") == nil)
            #expect(try await admin.value("SELECT state FROM tierc.api_key_list WHERE name = 'backend';") == "revoked")
            #expect(try await admin.failure("SELECT tierc.revoke_api_key('free-1', 'backend');").contains("already revoked"))
            // A key of tenants.yaml is revoked in the file, not here.
            try await database.run("UPDATE tierc.api_keys SET name = 'file-key' WHERE tenant = 'starter-1';")
            #expect(try await admin.failure("SELECT tierc.revoke_api_key('starter-1', 'file-key');").contains("comes from tenants.yaml"))
        }
    }
}
