import HTTPTypes
import PolicyModel
import PolicyRuntime
import Testing
import TiercHummingbird

/// Quotas beyond what an RFC 9651 integer holds (15 digits) still give well-formed Structured Fields: capped at
/// 999999999999999 in `RateLimit-Policy` and `RateLimit`, exact in `X-RateLimit-*` (docs/serve.md, "Headers").
/// The FuzzRateLimitHeaders harness found that such a quota dropped `RateLimit-Policy` and wrote a 17-digit `r`.
@Suite("Rate-limit fields at the bounds of RFC 9651")
struct RateLimitHeaderBoundsTests {
    @Test func aQuotaOverFifteenDigitsIsCappedInTheStructuredFields() throws {
        let (policy, tenants) = try ServerFixtures.policy("""
            format: 1
            policy: huge
            currency: USD
            identification: { order: [api_key] }
            meters:
              api_calls: { kind: counter }
            tiers:
              free:
                price: 0
                limits:
                  api_calls: { hour: 50000000000000000, month: 9223372036854775807 }
            """, tenants: "tenants:\n  acme: { tier: free, api_keys: [key-acme] }\n")
        let rules = PolicyRules(policy: policy, tenants: tenants)
        let store = InMemoryQuotaStore(tenants: 1, meters: 1)
        let seconds: Int64 = 1_762_120_800  // 2025-11-02T22:00:00Z
        let request = Request(target: "/x", host: nil, headers: [(name: "Authorization", value: "Bearer key-acme")])
        guard case .charge(let charge) = rules.plan(rules.resolver.resolve(request, at: seconds)) else {
            Issue.record("a metered request should be charged")
            return
        }
        let decision = store.charge(charge, at: seconds)
        var fields = HTTPFields()
        RateLimitHeaders.add(decision, at: seconds, rules: rules, to: &fields)
        #expect(fields[RateLimitHeaders.limit] == "50000000000000000")
        #expect(fields[RateLimitHeaders.remaining] == "49999999999999999")
        #expect(fields[RateLimitHeaders.policy] == #""hourly";q=999999999999999;w=3600, "monthly";q=999999999999999;w=2592000"#)
        #expect(fields[RateLimitHeaders.rateLimit] == #""hourly";r=999999999999999;t=3600"#)
    }
}
