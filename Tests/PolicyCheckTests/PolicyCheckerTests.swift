import Foundation
import Testing
import PolicyCheck
import PolicyModel
import PolicySource
import SnapshotCodec

@Suite struct PolicyCheckerTests {
    static func check(_ text: String) -> CheckResult {
        PolicyChecker.check(policy: SourceFile(name: "tiers.yaml", text: text))
    }

    @Test func bundledPolicyAndTenantsCheckClean() throws {
        let policy = try Data(contentsOf: Fixtures.repositoryRoot.appendingPathComponent("tiers/tiers.yaml"))
        let tenants = try Data(contentsOf: Fixtures.repositoryRoot.appendingPathComponent("examples/tenants.yaml"))
        let result = PolicyChecker.check(policy: SourceFile(name: "tiers.yaml", bytes: Array(policy)),
                                         tenants: SourceFile(name: "tenants.yaml", bytes: Array(tenants)))
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics.map(\.message))")
        let resolved = try #require(result.policy)
        // The four tiers of the multi-tenancy guide, exactly.
        #expect(resolved.tiers.map(\.id) == ["free", "starter", "professional", "enterprise"])
        #expect(resolved.tiers.map(\.price.description) == ["0", "29", "99", "499"])
        #expect(resolved.tiers.map { $0.limit(meter: "api_calls", window: .hour) } == [.limited(100), .limited(500), .limited(2000), .limited(10000)])
        #expect(resolved.tiers.map { $0.limit(meter: "api_calls", window: .month) }
            == [.limited(1000), .limited(10000), .limited(50000), .limited(500000)])
        #expect(resolved.tiers.map { $0.gaugeLimit(meter: "storage_gb").description } == ["1", "5", "20", "100"])
        #expect(resolved.tiers.map(\.features) == [[], [], ["ai_intelligence", "growth_engine"],
                                                   ["ai_intelligence", "growth_engine", "priority_support"]])
        #expect(resolved.usagePrices["api_calls"] == UsagePrice(per: 1000, scheme: .flat(ExactDecimal("0.01")!)))
        #expect(resolved.usagePrices["storage_gb"] == UsagePrice(per: 1, scheme: .flat(ExactDecimal("0.10")!)))
        // Safe to copy: no method that lets a client claim a tenant by writing its id.
        #expect(resolved.identification.order == [.apiKey, .subdomain])
        #expect(result.tenants?.tenants.map(\.id) == ["tenant-a", "tenant-b", "tenant-c", "tenant-d"])
    }

    /// The multi-tenancy guide's four methods live in a separate example, which shows the warning: a request with
    /// no key and `X-Tenant-ID: tenant-d` or `?tenant_id=tenant-d` would be served as tenant-d.
    @Test func guideFourMethodsExampleIsWarned() throws {
        let guide = try Data(contentsOf: Fixtures.repositoryRoot.appendingPathComponent("examples/guide-four-methods.tiers.yaml"))
        let bundled = try Data(contentsOf: Fixtures.repositoryRoot.appendingPathComponent("tiers/tiers.yaml"))
        let result = PolicyChecker.check(policy: SourceFile(name: "guide.yaml", bytes: Array(guide)))
        #expect(result.diagnostics.map(\.code) == [.unauthenticatedIdentification, .unauthenticatedIdentification])
        #expect(result.diagnostics.map(\.severity) == [.warning, .warning])
        #expect(result.diagnostics.first?.message.contains("`X-Tenant-ID: <another tenant>`") == true)
        #expect(result.diagnostics.last?.message.contains("`?tenant_id=<another tenant>`") == true)
        let policy = try #require(result.policy)
        #expect(policy.identification.order == [.apiKey, .header, .subdomain, .query])
        // Everything else is the bundled policy's.
        var same = try #require(PolicyChecker.check(policy: SourceFile(name: "tiers.yaml", bytes: Array(bundled))).policy)
        same.identification = policy.identification
        #expect(same == policy)
    }

    /// `ladder-inversion` never floods: in a policy of overlapping `extends` chains (each chain starts again from
    /// low limits and grants its own features, the shape of `tierc-bench check --overlap`) a tier is warned at
    /// most once per meter and once for features, each warning names the nearest earlier tier that grants more,
    /// and a child is not warned again for what it inherits from a parent already warned.
    @Test func ladderInversionIsReportedOncePerTierAndThing() throws {
        var yaml = """
            format: 1
            policy: overlapping
            currency: USD
            identification: { order: [api_key] }
            default_meter: api_calls
            meters:
              api_calls: { kind: counter }
              exports: { kind: counter }
              storage_gb: { kind: gauge }
            features:

            """
        for f in 0..<30 { yaml += "  feature_\(f): {}\n" }
        yaml += "tiers:\n"
        let (tiers, chain) = (200, 10)
        for t in 0..<tiers {
            let (c, k) = (t / chain, t % chain)
            let hour = 100 + c * 10 + k * 100
            yaml += "  tier-\(t):\n" + (k == 0 ? "" : "    extends: tier-\(t - 1)\n") + "    price: \(t * 5)\n"
            yaml += "    limits:\n      api_calls: { hour: \(hour), month: \(hour * 400) }\n"
            yaml += (k == 0 ? "      exports: { day: \(10 + t) }\n" : "") + "      storage_gb: \(1 + c + k * 10)\n"
            yaml += "    features: [feature_\((c * 7 + k) % 30)]\n"
        }
        let result = Self.check(yaml)
        #expect(result.policy != nil)
        let warnings = result.diagnostics.filter { $0.severity == .warning }
        #expect(Set(warnings.map(\.code)) == [.ladderInversion])
        var perTier: [String: Int] = [:]
        for warning in warnings {
            let tier = try #require(warning.message.split(separator: "`").dropFirst().first)
            perTier[String(tier), default: 0] += 1
        }
        // api_calls, storage_gb, features: at most 3 per tier (exports only rises).
        #expect(perTier.values.allSatisfy { $0 <= 3 })
        #expect(warnings.count <= 3 * tiers)
        // The first chain rises: nothing to say. The second chain's root lacks the first chain's features and
        // limits, compared with the nearest tier that grants more: the first chain's last tier.
        #expect(perTier["tier-5"] == nil)
        let root = warnings.filter { $0.message.hasPrefix("tier `tier-10` ") }
        #expect(root.count == 3)
        #expect(root.allSatisfy { $0.message.contains("`tier-9`") })
        // tier-11 inherits the lack of tier-10's features: not warned for features again.
        #expect(!warnings.contains { $0.message.hasPrefix("tier `tier-11` lacks") })
    }

    /// A plain decimal beyond 30 significant digits or 18 decimals is too precise, not misspelt: the message says
    /// so, and offers no "write it plainly" fix.
    @Test func tooPreciseDecimalsAreCalledTooPrecise() throws {
        let base = try String(contentsOf: Fixtures.repositoryRoot.appendingPathComponent("tiers/tiers.yaml"), encoding: .utf8)
        let cases = [
            ("api_calls: { per: 1000, price: 0.01 }", "api_calls: { per: 1000, price: 0.0000000000000000001 }",
             DiagnosticCode.invalidMoney),
            ("storage_gb: 5\n", "storage_gb: 1234567890123456789012345678901\n", DiagnosticCode.invalidValue),
        ]
        for (original, replacement, code) in cases {
            let result = Self.check(base.replacingOccurrences(of: original, with: replacement))
            let diagnostic = try #require(result.diagnostics.first, "\(replacement)")
            #expect(result.diagnostics.count == 1)
            #expect(diagnostic.code == code)
            #expect(diagnostic.message.contains("has more precision than tierc computes with exactly: at most 30 significant digits and 18 decimals"),
                    "\(diagnostic.message)")
            #expect(diagnostic.fixIts.isEmpty)
        }
        // Still a spelling problem: an exponent.
        let exponent = Self.check(base.replacingOccurrences(of: "storage_gb: 5\n", with: "storage_gb: 5e1\n"))
        #expect(exponent.diagnostics.first?.message.contains("plain decimal number") == true)
    }

    /// Scalars are typed by the schema: quoting, flow or block style and key order do not change the meaning.
    @Test func meaningDoesNotDependOnSpelling() throws {
        let plain = """
            format: 1
            policy: demo
            currency: USD
            meters: { api_calls: { kind: counter } }
            usage_prices: { api_calls: { per: 1000, price: 0.01 } }
            tiers:
              free: { price: 0, limits: { api_calls: { hour: 100 } } }
              pro: { extends: free, price: 29.5 }
            """
        let quoted = """
            # the same policy, other spelling
            tiers:
              free:
                limits:
                  api_calls:
                    hour: "100"
                price: "0"
              pro:
                price: '29.50'
                extends: "free"
            usage_prices:
              api_calls:
                price: "0.010"
                per: 1000
            meters:
              api_calls:
                kind: counter
            currency: "USD"
            policy: 'demo'
            format: "1"
            """
        let a = try #require(Self.check(plain).policy)
        let b = try #require(Self.check(quoted).policy)
        #expect(a == b)
        #expect(a.canonicalBytes() == b.canonicalBytes())
    }

    /// YAML 1.1 guesses are not made: `yes`, `on`, `0777`, `1e3` are not silently booleans or numbers.
    @Test(arguments: [
        ("require_tenant: yes", "wrong-type"), ("require_tenant: on", "wrong-type"),
        ("hour: 0777", "wrong-type"), ("hour: 1e3", "wrong-type"),
    ])
    func yaml11SpellingsAreRejected(_ line: String, _ code: String) throws {
        let text: String
        if line.hasPrefix("require_tenant") {
            text = "format: 1\npolicy: p\ncurrency: USD\nidentification: { \(line) }\nmeters: { c: { kind: counter } }\ntiers: { t: { price: 0 } }\n"
        } else {
            text = "format: 1\npolicy: p\ncurrency: USD\nmeters: { c: { kind: counter } }\ntiers: { t: { price: 0, limits: { c: { \(line) } } } }\n"
        }
        let result = Self.check(text)
        #expect(result.diagnostics.map(\.code.rawValue) == [code])
        #expect(result.policy == nil)
    }

    /// A feature or tier named like a YAML 1.1 boolean is just a name.
    @Test func namesAreNeverBooleans() throws {
        let text = "format: 1\npolicy: p\ncurrency: USD\nmeters: { c: { kind: counter } }\nfeatures: { on: {}, yes: {} }\ntiers: { t: { price: 0, features: [on, yes] } }\n"
        let policy = try #require(Self.check(text).policy)
        #expect(policy.features.map(\.id) == ["on", "yes"])
    }
}
