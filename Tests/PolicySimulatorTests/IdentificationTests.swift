import Testing
import PolicyModel
import PolicyRuntime
import PolicySimulator

/// simulation.md §2 step 1 and §7.6–§7.12: who sent a request.
@Suite("§2.1 identification")
struct IdentificationTests {
    /// What a request resolved to: a tenant id, `401`, or `anonymous`.
    static func who(_ policy: String, _ members: String, tenants: String = Spec.tenants(),
                    sourceLocation: SourceLocation = #_sourceLocation) throws -> String
    {
        var engine = try Spec.engine(policy, tenants, sourceLocation: sourceLocation)
        let decision = try Spec.decisions(&engine, [Spec.line(members)], sourceLocation: sourceLocation)[0]
        if decision.status == 401 { return "401" }
        if decision.anonymous { return "anonymous" }
        guard let tenant = decision.tenant else { return "status \(decision.status) without a tenant" }
        return engine.tenants.tenants[tenant].id
    }

    /// All four methods in the default order, with a base domain; `extra` adds keys under `identification`.
    static func policy(order: String = "[api_key, header, subdomain, query]", extra: String = "") -> String {
        Spec.yaml("""
            identification:
              order: \(order)
              subdomain: { base_domain: example.com }
            \(extra)
            meters:
              api_calls: { kind: counter }
            tiers:
              free:
                price: 0
            """)
    }

    // MARK: api_key (§7.7)

    @Test("§7.7 api_key: the scheme compares case-insensitively, the value is trimmed and split at its first run of white space",
          arguments: [
              "Bearer key-acme", "bearer key-acme", "BEARER key-acme", "bEaReR key-acme", "  Bearer key-acme  ",
              "Bearer \t  key-acme", "\tBearer key-acme\t",
          ])
    func apiKeySchemeAndWhitespace(authorization: String) throws {
        #expect(try Self.who(Self.policy(), #""headers":{"Authorization":"\#(authorization.jsonEscaped)"}"#) == "acme")
    }

    @Test("§7.7 api_key: another scheme or a scheme with no key finds nothing and the next method is tried",
          arguments: ["Basic key-acme", "Basic a2V5LWFjbWU=", "Bearer", "Bearer   ", "key-acme", "Bearerkey-acme", ""])
    func apiKeyFallsThrough(authorization: String) throws {
        // The header method comes next and names beta.
        let members = #""headers":{"Authorization":"\#(authorization)","X-Tenant-ID":"beta"}"#
        #expect(try Self.who(Self.policy(), members) == "beta")
    }

    @Test("§7.7 api_key: a key that belongs to no tenant is 401 and stops, even when a later method would succeed")
    func unknownKeyStops() throws {
        let members = #""headers":{"Authorization":"Bearer key-nobody","X-Tenant-ID":"acme"},"query":"tenant_id=acme""#
        #expect(try Self.who(Self.policy(), members) == "401")
        // Keys are case-sensitive: only the scheme is compared without case.
        #expect(try Self.who(Self.policy(), #""headers":{"Authorization":"Bearer KEY-ACME","X-Tenant-ID":"acme"}"#) == "401")
    }

    @Test("§7.7 api_key: a configured scheme replaces Bearer")
    func configuredScheme() throws {
        let policy = Self.policy(extra: "  api_key: { scheme: Token }")
        #expect(try Self.who(policy, #""headers":{"Authorization":"token key-acme"}"#) == "acme")
        #expect(try Self.who(policy, #""headers":{"Authorization":"Bearer key-acme","X-Tenant-ID":"beta"}"#) == "beta")
    }

    @Test("§7.7 api_key: a key is looked up by its SHA-256 (tenants.yaml may hold only the hash)")
    func keyByHash() throws {
        // policy-format.md §2: sha256("test") = 9f86d081…0a08.
        let tenants = """
            tenants:
              hashed:
                tier: free
                api_key_hashes: ["sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"]
            """
        #expect(try Self.who(Self.policy(), #""headers":{"Authorization":"Bearer test"}"#, tenants: tenants) == "hashed")
        #expect(try Self.who(Self.policy(), #""headers":{"Authorization":"Bearer Test"}"#, tenants: tenants) == "401")
    }

    @Test("§7.6 the Authorization header name is case-insensitive; of two spellings the first in the object wins")
    func authorizationHeaderCase() throws {
        #expect(try Self.who(Self.policy(), #""headers":{"authorization":"Bearer key-acme"}"#) == "acme")
        #expect(try Self.who(Self.policy(), #""headers":{"AUTHORIZATION":"Bearer key-beta","Authorization":"Bearer key-acme"}"#) == "beta")
    }

    // MARK: header (§7.8)

    @Test("§7.8 header: the first configured name that is present wins, whatever the object's order")
    func headerFirstPresentWins() throws {
        let policy = Self.policy(order: "[header]")
        #expect(try Self.who(policy, #""headers":{"X-Tenant-ID":"acme"}"#) == "acme")
        #expect(try Self.who(policy, #""headers":{"x-tenant-id":"acme"}"#) == "acme")
        #expect(try Self.who(policy, #""headers":{"Tenant-ID":"beta"}"#) == "beta")
        #expect(try Self.who(policy, #""headers":{"Tenant-ID":"beta","X-Tenant-ID":"acme"}"#) == "acme")
    }

    @Test("§7.8 header: the present header decides: an unknown id is 401 even when a later name is valid")
    func headerUnknownStops() throws {
        let policy = Self.policy(order: "[header, query]")
        #expect(try Self.who(policy, #""headers":{"X-Tenant-ID":"nobody","Tenant-ID":"acme"}"#) == "401")
        #expect(try Self.who(policy, #""headers":{"X-Tenant-ID":"nobody"},"query":"tenant_id=acme""#) == "401")
    }

    @Test("§7.8 header: the value is trimmed; an empty value is an unknown id (401)",
          arguments: [(" acme ", "acme"), ("\tacme", "acme"), ("", "401"), ("   ", "401"), ("ACME", "401"), ("acme,beta", "401")])
    func headerValue(value: String, expected: String) throws {
        let members = #""headers":{"X-Tenant-ID":"\#(value.jsonEscaped)"},"query":"tenant_id=beta""#
        #expect(try Self.who(Self.policy(order: "[header, query]"), members) == expected)
    }

    @Test("§7.6 header: a non-string value is ignored, so the name counts as absent")
    func headerNonStringValue() throws {
        let policy = Self.policy(order: "[header]")
        #expect(try Self.who(policy, #""headers":{"X-Tenant-ID":5,"Tenant-ID":"beta"}"#) == "beta")
        #expect(try Self.who(policy, #""headers":{"X-Tenant-ID":null}"#) == "anonymous")
    }

    @Test("§7.8 header: configured names replace the defaults")
    func configuredHeaderNames() throws {
        let policy = Self.policy(order: "[header]", extra: "  header: { names: [X-Org] }")
        #expect(try Self.who(policy, #""headers":{"x-org":"beta","X-Tenant-ID":"acme"}"#) == "beta")
        #expect(try Self.who(policy, #""headers":{"X-Tenant-ID":"acme"}"#) == "anonymous")
    }

    // MARK: subdomain (§7.9)

    @Test("§7.9 subdomain: <label>.<base_domain> after trimming, lower-casing and removing the port",
          arguments: [
              ("acme.example.com", "acme"), ("ACME.Example.COM", "acme"), ("acme.example.com:8443", "acme"),
              (" acme.example.com ", "acme"), ("Acme.example.com:80", "acme"),
              // beta's subdomain is `bravo`: the label is looked up among subdomains, not ids.
              ("bravo.example.com", "beta"), ("beta.example.com", "401"), ("nobody.example.com", "401"),
          ])
    func subdomainFound(host: String, expected: String) throws {
        #expect(try Self.who(Self.policy(order: "[subdomain]"), #""host":"\#(host)""#) == expected)
    }

    @Test("§7.9 subdomain: the bare base domain, deeper names, other domains, a trailing dot and IPv6 literals find nothing",
          arguments: [
              "example.com", "example.com:443", "a.acme.example.com", "acme.example.com.", "acme.example.com.:443",
              "acme.example.org", "acme.example.com.evil.org", "acmeexample.com", ".example.com", "[::1]", "[::1]:8080",
              "[2001:db8::1]:443", "", "acme",
          ])
    func subdomainNotFound(host: String) throws {
        // Nothing found, so the query method is tried next (and names beta).
        let members = #""host":"\#(host)","query":"tenant_id=beta""#
        #expect(try Self.who(Self.policy(order: "[subdomain, query]"), members) == "beta")
    }

    @Test("§7.9 subdomain: tenant subdomains compare in lower case")
    func subdomainCaseInTenants() throws {
        let tenants = """
            tenants:
              acme:
                tier: free
                subdomain: Acme-West
            """
        #expect(try Self.who(Self.policy(order: "[subdomain]"), #""host":"ACME-west.example.com""#, tenants: tenants) == "acme")
    }

    @Test("§7.6 subdomain: a non-string host is ignored")
    func nonStringHost() throws {
        #expect(try Self.who(Self.policy(order: "[subdomain]"), #""host":["acme.example.com"]"#) == "anonymous")
    }

    // MARK: query (§7.10)

    @Test("§7.10 query: split on & only, a pair needs =, the first pair with the param's name wins",
          arguments: [
              ("tenant_id=acme", "acme"), ("a=1&tenant_id=acme", "acme"), ("tenant_id=acme&tenant_id=beta", "acme"),
              ("tenant_id&tenant_id=beta", "beta"), ("&&tenant_id=beta&", "beta"), ("a=1;tenant_id=acme", "anonymous"),
              ("tenant_id=acme=x", "401"), ("x=tenant_id=acme", "anonymous"), ("TENANT_ID=acme", "anonymous"),
              ("tenant_id", "anonymous"), ("", "anonymous"),
          ])
    func queryPairs(query: String, expected: String) throws {
        #expect(try Self.who(Self.policy(order: "[query]"), #""query":"\#(query)""#) == expected)
    }

    @Test("§7.10 query: names and values are percent-decoded as UTF-8",
          arguments: [
              ("tenant_id=%61cme", "acme"), ("tenant%5Fid=acme", "acme"), ("tenant%5fid=%62%65%74%61", "beta"),
              ("tenant_id=acme%00", "401"), ("tenant_id=%FF", "401"), ("tenant_id=%zz", "401"),
              ("tenant_id=%", "401"), ("tenant_id%3Dacme", "anonymous"), ("tenant_id=acme%26x=1", "401"),
          ])
    func queryPercentDecoding(query: String, expected: String) throws {
        #expect(try Self.who(Self.policy(order: "[query]"), #""query":"\#(query)""#) == expected)
    }

    @Test("§7.10 query: + stays +, it is not a space")
    func queryPlus() throws {
        let policy = Self.policy(order: "[query]", extra: #"  query: { param: "t+id" }"#)
        #expect(try Self.who(policy, #""query":"t+id=acme""#) == "acme")
        #expect(try Self.who(policy, #""query":"t%2Bid=acme""#) == "acme")
        #expect(try Self.who(policy, #""query":"t%20id=acme""#) == "anonymous")
        #expect(try Self.who(Self.policy(order: "[query]"), #""query":"tenant_id=acme+""#) == "401")
    }

    @Test("§7.10 query: a leading ? is not stripped")
    func queryLeadingQuestionMark() throws {
        let policy = Self.policy(order: "[query]")
        #expect(try Self.who(policy, #""query":"?tenant_id=acme""#) == "anonymous")
        #expect(try Self.who(policy, #""query":"?a=1&tenant_id=acme""#) == "acme")
    }

    @Test("§7.10 query: an empty value is 401 and stops", arguments: ["tenant_id=", "tenant_id=&tenant_id=acme"])
    func queryEmptyValue(query: String) throws {
        #expect(try Self.who(Self.policy(order: "[query]"), #""query":"\#(query)""#) == "401")
    }

    @Test("§7.6 query: a non-string query is ignored")
    func nonStringQuery() throws {
        #expect(try Self.who(Self.policy(order: "[query]"), #""query":{"tenant_id":"acme"}"#) == "anonymous")
    }

    // MARK: the `tenant` field (§2.1, §7.6)

    @Test("§2.1 tenant field: a known id skips identification; an unknown id is 401")
    func tenantField() throws {
        let policy = Self.policy()
        #expect(try Self.who(policy, #""tenant":"acme","headers":{"Authorization":"Bearer key-beta"}"#) == "acme")
        #expect(try Self.who(policy, #""tenant":"nobody","headers":{"Authorization":"Bearer key-acme"}"#) == "401")
        #expect(try Self.who(policy, #""tenant":"","headers":{"Authorization":"Bearer key-acme"}"#) == "401")
        #expect(try Self.who(policy, #""tenant":"ACME""#) == "401")
    }

    @Test("§7.6 tenant: null counts as absent, so identification runs")
    func tenantNull() throws {
        #expect(try Self.who(Self.policy(), #""tenant":null,"headers":{"Authorization":"Bearer key-beta"}"#) == "beta")
        #expect(try Self.who(Self.policy(), #""tenant":null"#) == "anonymous")
    }

    @Test("§7.6 a non-string tenant is an unknown id (401)", arguments: ["5", "true", "false", #"["acme"]"#, #"{"id":"acme"}"#])
    func tenantNonString(value: String) throws {
        #expect(try Self.who(Self.policy(), #""tenant":\#(value),"headers":{"Authorization":"Bearer key-acme"}"#) == "401")
    }

    // MARK: order, require_tenant, anonymous (§2.1, §7.11, §7.12)

    @Test("§2.1 methods run in the configured order; methods not listed are never tried")
    func configuredOrder() throws {
        let members = #""headers":{"Authorization":"Bearer key-beta","X-Tenant-ID":"acme"},"host":"bravo.example.com","query":"tenant_id=acme""#
        #expect(try Self.who(Self.policy(order: "[api_key, header, subdomain, query]"), members) == "beta")
        #expect(try Self.who(Self.policy(order: "[header, api_key]"), members) == "acme")
        #expect(try Self.who(Self.policy(order: "[subdomain, query]"), members) == "beta")
        #expect(try Self.who(Self.policy(order: "[query, subdomain]"), members) == "acme")
        #expect(try Self.who(Self.policy(order: "[api_key]"), #""headers":{"X-Tenant-ID":"acme"}"#) == "anonymous")
    }

    @Test("§7.11 without an explicit order, subdomain is in the default order only when base_domain is set")
    func defaultOrder() throws {
        let withoutBase = Spec.yaml("""
            meters:
              api_calls: { kind: counter }
            tiers:
              free: { price: 0 }
            """)
        let withBase = Spec.yaml("""
            identification:
              subdomain: { base_domain: example.com }
            meters:
              api_calls: { kind: counter }
            tiers:
              free: { price: 0 }
            """)
        #expect(try Self.who(withoutBase, #""host":"acme.example.com""#) == "anonymous")
        #expect(try Self.who(withBase, #""host":"acme.example.com""#) == "acme")
        // The default order is api_key, header, subdomain, query.
        #expect(try Self.who(withBase, #""headers":{"Authorization":"Bearer key-beta","X-Tenant-ID":"acme"}"#) == "beta")
        #expect(try Self.who(withBase, #""headers":{"X-Tenant-ID":"acme"},"host":"bravo.example.com""#) == "acme")
        #expect(try Self.who(withBase, #""host":"bravo.example.com","query":"tenant_id=acme""#) == "beta")
        #expect(try Self.who(withoutBase, #""host":"bravo.example.com","query":"tenant_id=acme""#) == "acme")
    }

    @Test("§2.1 nothing found: 401 when require_tenant is true, otherwise anonymous")
    func requireTenant() throws {
        let required = Self.policy(extra: "  require_tenant: true")
        #expect(try Self.who(required, #""path":"/x""#) == "401")
        #expect(try Self.who(required, #""headers":{"Authorization":"Basic xyz"}"#) == "401")
        #expect(try Self.who(required, #""headers":{"Authorization":"Bearer key-acme"}"#) == "acme")
        #expect(try Self.who(Self.policy(), #""path":"/x""#) == "anonymous")
    }

    @Test("§7.12 an anonymous request is 200 whatever its route or feature, counted in `anonymous` and the top level only")
    func anonymousIsAllowedAndUncounted() throws {
        let policy = Spec.yaml("""
            meters:
              api_calls: { kind: counter }
            features:
              gated: {}
            routes:
              - match: /**
                feature: gated
                cost: 5
            tiers:
              free:
                price: 0
                limits:
                  api_calls: { minute: 0 }
            """)
        var engine = try Spec.engine(policy, Spec.tenants())
        let decision = try Spec.decisions(&engine, [Spec.line(#""path":"/api/x""#)])[0]
        #expect(decision.status == 200)
        #expect(decision.anonymous)
        #expect(decision.tenant == nil)
        #expect(decision.meter == nil)
        #expect(decision.rateLimit == nil)

        let report = try Spec.report(policy, Spec.tenants(), [Spec.line(#""path":"/api/x""#), Spec.line(#""path":"/""#)])
        #expect(report.anonymous == 2)
        #expect(report.status200 == 2)
        #expect(report.records.requests == 2)
        for tenant in report.tenants {
            #expect(tenant.requests == 0)
            #expect(tenant.status200 == 0)
        }
    }

    @Test("§5 401s belong to no tenant: they appear in the top-level status only")
    func unauthorizedOnlyTopLevel() throws {
        let report = try Spec.report(Self.policy(), Spec.tenants(), [
            Spec.line(#""headers":{"Authorization":"Bearer key-nobody"}"#),
            Spec.line(#""tenant":"nobody""#),
            Spec.line(#""tenant":"acme""#),
        ])
        #expect(report.status401 == 2)
        #expect(report.status200 == 1)
        #expect(report.records.requests == 3)
        #expect(try report.tenant("acme").requests == 1)
        #expect(try report.tenant("beta").requests == 0)
        #expect(report.anonymous == 0)
    }
}

extension String {
    /// The text as the inside of a JSON string literal.
    var jsonEscaped: String {
        var out = ""
        for scalar in unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\t": out += "\\t"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
