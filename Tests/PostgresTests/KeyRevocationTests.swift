import Foundation
import Testing
@testable import PolicyCompiler
import PolicyModel
import PolicyRuntime

extension PostgresTests {
    /// docs/postgres.md: tenants.sql carries each key's `revoked` date, and `tierc.tenant_for_api_key` treats a key
    /// as unknown from 00:00 UTC of that day, on a live server; a reload updates the date in place.
    @Suite struct KeyRevocationTests {
        static func tenants(revoked: String?) -> String {
            let today = CalendarDay(containing: Int64(Date().timeIntervalSince1970))
            let yesterday = CalendarDay(dayNumber: today.dayNumber - 1)
            let tomorrow = CalendarDay(dayNumber: today.dayNumber + 1)
            return """
                tenants:
                  free-1:
                    tier: free
                    keys:
                      - { hash: "sha256:\(TenantIndex.hashHex(of: "key-old"))", revoked: \(revoked ?? yesterday.description) }
                      - { hash: "sha256:\(TenantIndex.hashHex(of: "key-soon"))", revoked: \(tomorrow) }
                      - { hash: "sha256:\(TenantIndex.hashHex(of: "key-new"))" }
                """
        }

        @Test func aRevokedKeyIdentifiesNobodyFromItsDay() async throws {
            let (policy, tenants) = try Fixtures.check(try Fixtures.tiersYAML(), tenants: Self.tenants(revoked: nil))
            let database = try await PostgresTests.database("keys_revoked")
            try await database.load(policy, tenants: tenants)
            #expect(try await database.value("SELECT tierc.tenant_for_api_key('key-old');") == nil)
            #expect(try await database.value("SELECT tierc.tenant_for_api_key('key-soon');") == "free-1")
            #expect(try await database.value("SELECT tierc.tenant_for_api_key('key-new');") == "free-1")
            // The revoked key stays, for audit.
            #expect(try await database.value("SELECT count(*) FROM tierc.api_keys WHERE revoked_on IS NOT NULL;") == "2")

            // A new tenants.sql with the revocation moved far ahead updates the row in place.
            let (_, later) = try Fixtures.check(try Fixtures.tiersYAML(), tenants: Self.tenants(revoked: "9999-12-31"))
            try await database.run(PostgresEmitter.tenantsSQL(later))
            #expect(try await database.value("SELECT tierc.tenant_for_api_key('key-old');") == "free-1")
            #expect(try await database.value("SELECT revoked_on::text FROM tierc.api_keys WHERE key_hash = '\(TenantIndex.hashHex(of: "key-old"))';")
                    == "9999-12-31")
        }
    }
}
