import Foundation
import Testing
import PolicyCheck
import PolicyModel
import PolicySource

/// The resolver keeps where every value came from (docs/policy-format.md#inheritance-with-extends).
@Suite struct ProvenanceTests {
    static let text = """
        format: 1
        policy: shop
        currency: USD
        meters:
          api_calls: { kind: counter }
          storage_gb: { kind: gauge }
        features:
          exports: {}
        usage_prices:
          api_calls: { per: 1000, price: 0.01, free: 100 }
        tiers:
          free:
            description: The free tier
            price: 0
            minimum: 5
            limits:
              api_calls: { minute: 10, month: 1000 }
              storage_gb: 1
          team:
            extends: free
            limits:
              api_calls: { month: 50000 }
            features: [exports]
            usage_prices:
              api_calls: { per: 1000, price: 0.02 }
          scale:
            extends: team
            price: 99
            limits:
              storage_gb: 500
        """

    /// The text of the policy at an origin's range.
    static func text(_ origin: ValueOrigin?) -> String? {
        origin.map { String(decoding: Array(text.utf8)[$0.range.start.offset..<$0.range.end.offset], as: UTF8.self) }
    }

    static func provenance() throws -> PolicyProvenance {
        let result = PolicyChecker.check(policy: SourceFile(name: "tiers.yaml", text: text))
        #expect(!result.hasErrors, "\(result.diagnostics.map(\.message))")
        return try #require(result.provenance)
    }

    @Test func inheritedValuesPointAtTheAncestorThatWritesThem() throws {
        let provenance = try Self.provenance()
        let minute = provenance[.tier("scale", .limit(meter: "api_calls", window: .minute))]
        #expect(minute?.tier == "free")
        #expect(Self.text(minute) == "10")
        let month = provenance[.tier("scale", .limit(meter: "api_calls", window: .month))]
        #expect(month?.tier == "team")
        #expect(Self.text(month) == "50000")
        #expect(provenance[.tier("scale", .limit(meter: "api_calls", window: .hour))] == nil)
        #expect(provenance.origin(tier: "team", .price)?.tier == "free")
        #expect(Self.text(provenance.origin(tier: "scale", .price)) == "99")
        #expect(provenance.origin(tier: "scale", .minimum)?.tier == "free")
        #expect(provenance.origin(tier: "scale", .description)?.tier == "free")
        #expect(provenance.origin(tier: "scale", .feature("exports"))?.tier == "team")
        #expect(provenance.origin(tier: "free", .feature("exports")) == nil)
        #expect(Self.text(provenance.origin(tier: "scale", .key)) == "scale")
    }

    @Test func aGaugeLevelAndItsWindowLookup() throws {
        let provenance = try Self.provenance()
        #expect(provenance.origin(tier: "team", .gauge(meter: "storage_gb"))?.tier == "free")
        #expect(Self.text(provenance.limit(tier: "scale", meter: "storage_gb", window: .month)) == "500")
        #expect(provenance.limit(tier: "scale", meter: "storage_gb", window: .month)?.tier == "scale")
    }

    @Test func usagePricesStartFromThePolicyWideOnes() throws {
        let provenance = try Self.provenance()
        #expect(provenance.origin(tier: "free", .usagePrice(meter: "api_calls"))?.tier == nil)
        #expect(Self.text(provenance.origin(tier: "free", .usagePriceFree(meter: "api_calls"))) == "100")
        #expect(provenance[.usagePrice(meter: "api_calls")]?.tier == nil)
        // `team` writes its own price without `free`: the policy-wide allowance is not its price's.
        #expect(provenance.origin(tier: "scale", .usagePrice(meter: "api_calls"))?.tier == "team")
        #expect(provenance.origin(tier: "scale", .usagePriceFree(meter: "api_calls")) == nil)
    }

    @Test func aTierOfABrokenChainHasNoProvenance() {
        let broken = Self.text.replacingOccurrences(of: "extends: free", with: "extends: fre")
        let result = PolicyChecker.check(policy: SourceFile(name: "tiers.yaml", text: broken))
        #expect(result.hasErrors)
        #expect(result.provenance?.origin(tier: "team", .key) == nil)
        #expect(result.provenance?.origin(tier: "free", .key) != nil)
    }

    @Test(arguments: [
        (["tiers", "pro", "limits", "api_calls", "hour"], PolicyPath.tier("pro", .limit(meter: "api_calls", window: .hour))),
        (["tiers", "pro", "limits", "storage_gb"], .tier("pro", .limits(meter: "storage_gb"))),
        (["tiers", "pro", "limits", "storage_gb"], .tier("pro", .gauge(meter: "storage_gb"))),
        (["tiers", "pro", "minimum"], .tier("pro", .minimum)),
        (["tiers", "pro", "price"], .tier("pro", .price)),
        (["tiers", "pro", "name"], .tier("pro", .name)),
        (["tiers", "pro", "description"], .tier("pro", .description)),
        (["tiers", "pro", "features", "exports"], .tier("pro", .feature("exports"))),
        (["tiers", "pro", "usage_prices", "api_calls"], .tier("pro", .usagePrice(meter: "api_calls"))),
        (["tiers", "pro", "usage_prices", "api_calls", "free"], .tier("pro", .usagePriceFree(meter: "api_calls"))),
        (["tiers", "pro"], .tier("pro", .key)),
        (["identification"], .identification(nil)),
        (["identification", "order"], .identification(.order)),
        (["identification", "api_key", "scheme"], .identification(.apiKey)),
        (["identification", "header", "names"], .identification(.header)),
        (["identification", "subdomain", "base_domain"], .identification(.subdomain)),
        (["identification", "query", "param"], .identification(.query)),
        (["identification", "require_tenant"], .identification(.requireTenant)),
        (["identification", "trusted_header"], .identification(.trustedHeader)),
        (["meters", "api_calls"], .meter("api_calls", nil)),
        (["meters", "api_calls", "unit"], .meter("api_calls", .unit)),
        (["meters", "api_calls", "kind"], .meter("api_calls", .kind)),
        (["routes", "/v1/*.json"], .route(match: "/v1/*.json", nil)),
        (["routes", "/v1/*", "cost"], .route(match: "/v1/*", .cost)),
        (["features", "exports"], .feature("exports", description: false)),
        (["features", "exports", "description"], .feature("exports", description: true)),
        (["usage_prices", "api_calls"], .usagePrice(meter: "api_calls")),
        (["policy"], .policyName),
        (["currency"], .currency),
        (["rounding"], .rounding),
        (["default_meter"], .defaultMeter),
    ])
    func changePathsRenderFromTheKeyEnums(_ components: [String], _ path: PolicyPath) {
        #expect(path.components == components)
        #expect(path.text == components.joined(separator: "."))
        #expect("\(path)" == path.text)
    }
}
