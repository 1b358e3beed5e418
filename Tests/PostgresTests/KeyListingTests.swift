import Foundation
import Testing
@testable import PolicyCompiler
import PolicyCheck
import PolicyModel
import PolicyRuntime
import PolicySource

extension PostgresTests {
    /// docs/postgres.md, API keys: the `keys:` entries of tenants.yaml reach `tierc.api_keys` with their display
    /// prefix, label (`name`) and `created` and `revoked` dates, so `tierc.api_key_list` shows the keys by tenant
    /// without any secret, on a live server; a reload updates them in place.
    @Suite struct KeyListingTests {
        static func tenants(name: String) -> String {
            """
            tenants:
              free-1:
                tier: free
                keys:
                  - { hash: "sha256:\(TenantIndex.hashHex(of: "omni_listed-key-1"))", prefix: "omni_list", name: "\(name)", created: 2025-11-02, revoked: 2025-12-01 }
                  - { hash: "sha256:\(TenantIndex.hashHex(of: "omni_bare-key-2"))" }
              starter-1:
                tier: starter
                api_key_hashes: ["sha256:\(TenantIndex.hashHex(of: "hashed-key-3"))"]
            """
        }

        /// tenants.sql as `tierc compile --tenants` writes it: the directory, and what the file's `keys:` entries
        /// show of each key (PostgresBackend.keyDetails in TiercPipeline does the same).
        static func tenantsSQL(_ yaml: String) throws -> String {
            let (_, directory) = try Fixtures.check(try Fixtures.tiersYAML(), tenants: yaml)
            let editor = try TenantsKeyEditor(SourceFile(name: "tenants.yaml", text: yaml))
            var details: [String: PostgresKeyDetails] = [:]
            for entry in editor.entries {
                details[entry.hash] = PostgresKeyDetails(prefix: entry.prefix, name: entry.name, created: entry.created)
            }
            return PostgresEmitter.tenantsSQL(directory, keyDetails: details)
        }

        @Test func theKeysOfTenantsYAMLAreListedByTenantWithoutASecret() async throws {
            let (policy, _) = try Fixtures.check(try Fixtures.tiersYAML(), tenants: Self.tenants(name: "backend"))
            let database = try await PostgresTests.database("keys_listed")
            try await database.run(PostgresEmitter.policySQL(policy, revision: 1))
            try await database.run(try Self.tenantsSQL(Self.tenants(name: "backend")))
            let query = """
                SELECT tenant, coalesce(name, '-'), coalesce(prefix, '-'), origin,
                       coalesce(pg_catalog.to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI'), '-'),
                       coalesce(revoked_on::text, '-'), state
                  FROM tierc.api_key_list ORDER BY tenant, prefix NULLS LAST;
                """
            #expect(try await database.rows(query) == [
                ["free-1", "backend", "omni_list", "tenants.sql", "2025-11-02 00:00", "2025-12-01", "revoked"],
                ["free-1", "-", "-", "tenants.sql", "-", "-", "active"],
                ["starter-1", "-", "-", "tenants.sql", "-", "-", "active"],
            ])
            // The view has no column with a hash or a key.
            let columns = try await database.rows("""
                SELECT attname FROM pg_catalog.pg_attribute
                 WHERE attrelid = 'tierc.api_key_list'::regclass AND attnum > 0 ORDER BY attnum;
                """).map { $0[0] }
            #expect(columns == ["tenant", "name", "prefix", "origin", "created_at", "revoked_on", "last_used_at", "state"])
            #expect(try await database.value("SELECT tierc.tenant_for_api_key('omni_bare-key-2');") == "free-1")
            #expect(try await database.value("SELECT tierc.tenant_for_api_key('omni_listed-key-1');") == nil, "revoked on 2025-12-01")

            // A reload with a new label updates the row in place.
            try await database.run(try Self.tenantsSQL(Self.tenants(name: "billing")))
            #expect(try await database.value("SELECT name FROM tierc.api_key_list WHERE prefix = 'omni_list';") == "billing")
            #expect(try await database.value("SELECT count(*) FROM tierc.api_keys;") == "3")
        }
    }
}
