import Foundation
import Testing
@testable import PolicyCompiler
import PolicyModel
import PolicyRuntime

/// The emitter without a server: deterministic bytes, escaping, glob translation, no raw keys.
@Suite struct EmitterTests {
    @Test func sameInputSameBytes() throws {
        let (policy, tenants) = try Fixtures.everyConstruct()
        let (again, againTenants) = try Fixtures.everyConstruct()
        #expect(PostgresEmitter.policySQL(policy, revision: 3) == PostgresEmitter.policySQL(again, revision: 3))
        #expect(PostgresEmitter.tenantsSQL(tenants) == PostgresEmitter.tenantsSQL(againTenants))
        let three = PostgresEmitter.policySQL(policy, revision: 3)
        let four = PostgresEmitter.policySQL(policy, revision: 4)
        #expect(three != four)
        #expect(three.contains("revision 3\n"))
        #expect(three.contains("SELECT tierc.begin_revision('every-construct', '\(policy.fingerprint)', 3);"))
        #expect(three.hasSuffix("COMMIT;\n"))
    }

    @Test(arguments: [
        ("plain", "'plain'"),
        ("it's", "'it''s'"),
        ("back\\slash", "E'back\\\\slash'"),
        ("tab\tand\nnewline", "E'tab\\x09and\\x0anewline'"),
        ("nul\u{0}", "E'nul\\u0000'"),
        ("ünï 😀", "'ünï 😀'"),
        ("", "''"),
    ])
    func textLiterals(text: String, literal: String) {
        #expect(SQLValue.literal(text) == literal)
    }

    @Test func valuesRenderExactly() throws {
        #expect(SQLValue.decimal(try #require(ExactDecimal("0.0015"))).rendered == "0.0015")
        #expect(SQLValue.decimal(try #require(ExactDecimal("-12.50"))).rendered == "-12.5")
        #expect(SQLValue.unsigned(.max).rendered == "18446744073709551615")
        #expect(SQLValue.text(nil as String?).rendered == "NULL")
        #expect(SQLValue.textArray(["a", "b'c"]).rendered == "ARRAY['a', 'b''c']::text[]")
        #expect(SQLValue.textArray([]).rendered == "ARRAY[]::text[]")
        #expect(SQLValue.identifier("usage_counters") == "usage_counters")
        #expect(SQLValue.identifier("Mixed \"Case\"") == "\"Mixed \"\"Case\"\"\"")
        // A quote followed by a combining mark is one Character in Swift but a quote to SQL: doubled all the same.
        #expect(SQLValue.identifier("a\"\u{301}") == "\"a\"\"\u{301}\"")
    }

    @Test(arguments: [
        ("/api/**", "/api", "^//api(?:/[^/]*)*$"),
        ("/api/*", "/api/", "^//api/[^/]*$"),
        ("/api/v1/tenant/usage", "/api/v1/tenant/usage", "^//api/v1/tenant/usage$"),
        ("/**", "", "^/(?:/[^/]*)*$"),
        ("/**/health", "", "^/(?:/[^/]*)*/health$"),
        ("/a/**/b*c", "/a", "^//a(?:/[^/]*)*/b[^/]*c$"),
        ("/a/**x", "/a/", "^//a/[^/]*[^/]*x$"),
        ("/v1.0/(x)+", "/v1.0/(x)+", "^//v1\\.0/\\(x\\)\\+$"),
        // Scalars, not Characters: a combining mark after `/` or `*` does not hide it.
        ("/\u{301}x/**", "/\u{301}x", "^//\u{301}x(?:/[^/]*)*$"),
        ("/a*\u{301}", "/a", "^//a[^/]*\u{301}$"),
    ])
    func globsBecomeAnchoredRegexes(pattern: String, prefix: String, regex: String) {
        let glob = PostgresRouteGlob(pattern)
        #expect(glob.literalPrefix == prefix)
        #expect(glob.regex == regex)
    }

    @Test func tenantsSQLHoldsKeyHashesNeverKeys() throws {
        let (_, tenants) = try Fixtures.check(try Fixtures.tiersYAML(), tenants: """
            tenants:
              t1: { tier: free, api_keys: [raw-secret-key-1, raw-secret-key-2] }
              t2: { tier: starter, subdomain: Team-Two }
            """)
        let sql = PostgresEmitter.tenantsSQL(tenants)
        #expect(!sql.contains("raw-secret"))
        #expect(sql.contains("('\(TenantIndex.hashHex(of: "raw-secret-key-1"))', 't1', NULL, NULL, NULL, NULL)"))
        #expect(sql.contains("('\(TenantIndex.hashHex(of: "raw-secret-key-2"))', 't1', NULL, NULL, NULL, NULL)"))
        #expect(sql.contains("('t2', 'starter', 'team-two')"))
    }

    @Test func largeDirectoriesLoadInBoundedStatements() {
        let tenants = TenantDirectory(tenants: (0..<2_500).map { Tenant(id: "t\($0)", tier: "free") })
        let sql = PostgresEmitter.tenantsSQL(tenants)
        #expect(sql.components(separatedBy: "INSERT INTO pg_temp.tierc_load_tenants").count - 1 == 3)
        #expect(sql.contains("('t999', 'free', 't999')"))
    }
}
