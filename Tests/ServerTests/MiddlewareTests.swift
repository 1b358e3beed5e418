import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PolicyModel
import PolicyRuntime
import Testing
import TiercHummingbird

/// ``TiercMiddleware`` in a Hummingbird application, through HummingbirdTesting's router test client: the guide's
/// walkthrough, the refusal bodies and headers, and the tenant handed to the application's handlers.
@Suite("TiercHummingbird middleware")
struct MiddlewareTests {
    static let start = ServerFixtures.walkthroughStart

    /// An application protected by the middleware, with the clock fixed at `seconds`.
    static func application(at seconds: Int64 = start) throws -> some ApplicationProtocol {
        let (policy, tenants) = try ServerFixtures.guide()
        let holder = PolicyHolder(ActivePolicy(policy: policy, tenants: tenants))
        let router = Router(context: BasicTiercRequestContext.self)
        router.add(middleware: TiercMiddleware(policy: holder, clock: TiercClock { _ in seconds }))
        router.get("/api/v1/orders") { _, context -> String in
            "orders of \(context.tierc.tenant?.id ?? "anonymous") (\(context.tierc.tenant?.tier ?? "-"))"
        }
        router.get("/api/intelligence/predictions/revenue") { _, _ in "predicted" }
        return Application(router: router)
    }

    static func bearer(_ key: String, accept: String? = nil) -> HTTPFields {
        var fields: HTTPFields = [.authorization: "Bearer \(key)"]
        if let accept { fields[.accept] = accept }
        return fields
    }

    static func text(_ response: TestResponse) -> String { String(buffer: response.body) }

    @Test func walkthroughAllowsOneHundredThenRefusesWithTheBodyAndHeaders() async throws {
        try await Self.application().test(.router) { client in
            for call in 1...100 {
                try await client.execute(uri: "/api/v1/orders", method: .get, headers: Self.bearer("demo-key-tenant-a")) { response in
                    #expect(response.status == .ok, "call \(call)")
                    #expect(response.headers[RateLimitHeaders.remaining] == String(100 - call))
                }
            }
            for _ in 101...110 {
                try await client.execute(uri: "/api/v1/orders", method: .get, headers: Self.bearer("demo-key-tenant-a")) { response in
                    #expect(response.status == .tooManyRequests)
                    #expect(Self.text(response) == #"{"error":"Quota exceeded","message":"Hourly API call limit exceeded (100 calls/hour)","quota_type":"hourly","limit":100,"current":100,"reset_at":"2025-11-02T22:00:00Z"}"#)
                    #expect(response.headers[.contentType] == "application/json")
                    #expect(response.headers[.retryAfter] == "3600")
                    #expect(response.headers[RateLimitHeaders.limit] == "100")
                    #expect(response.headers[RateLimitHeaders.remaining] == "0")
                    #expect(response.headers[RateLimitHeaders.reset] == String(Self.start + 3_600))
                    #expect(response.headers[RateLimitHeaders.policy] == #""hourly";q=100;w=3600, "monthly";q=1000;w=2592000"#)
                    #expect(response.headers[RateLimitHeaders.rateLimit] == #""hourly";r=0;t=3600"#)
                }
            }
            // tenant-b (professional) is unaffected.
            try await client.execute(uri: "/api/v1/orders", method: .get, headers: Self.bearer("demo-key-tenant-b")) { response in
                #expect(response.status == .ok)
                #expect(Self.text(response) == "orders of tenant-b (professional)")
                #expect(response.headers[RateLimitHeaders.remaining] == "1999")
            }
        }
    }

    @Test func aProblemWhenTheClientPrefersIt() async throws {
        try await Self.application().test(.router) { client in
            for _ in 1...100 {
                try await client.execute(uri: "/api/v1/orders", method: .get, headers: Self.bearer("demo-key-tenant-a")) { _ in }
            }
            let accept = "application/json;q=0.5, application/problem+json"
            try await client.execute(uri: "/api/v1/orders", method: .get, headers: Self.bearer("demo-key-tenant-a", accept: accept)) { response in
                #expect(response.status == .tooManyRequests)
                #expect(response.headers[.contentType] == "application/problem+json")
                #expect(Self.text(response) == #"{"type":"https://iana.org/assignments/http-problem-types#quota-exceeded","title":"Request cannot be satisfied as assigned quota has been exceeded","status":429,"detail":"Hourly API call limit exceeded (100 calls/hour)","violated-policies":["hourly"],"quota_type":"hourly","limit":100,"current":100,"reset_at":"2025-11-02T22:00:00Z"}"#)
            }
            try await client.execute(uri: "/api/v1/orders", method: .get, headers: Self.bearer("demo-key-tenant-a", accept: "*/*")) { response in
                #expect(response.headers[.contentType] == "application/json")
            }
        }
    }

    @Test func refusalsNameTheirReason() async throws {
        try await Self.application().test(.router) { client in
            try await client.execute(uri: "/api/intelligence/predictions/revenue", method: .get,
                                     headers: Self.bearer("demo-key-tenant-a")) { response in
                #expect(response.status == .forbidden)
                #expect(Self.text(response) == #"{"error":"Forbidden","reason":"feature_not_in_tier","feature":"ai_intelligence","tier":"free","message":"The tier free does not include the feature ai_intelligence."}"#)
                #expect(response.headers[RateLimitHeaders.limit] == nil)
            }
            try await client.execute(uri: "/api/intelligence/predictions/revenue", method: .get,
                                     headers: Self.bearer("demo-key-tenant-b")) { response in
                #expect(response.status == .ok)
            }
            try await client.execute(uri: "/api/v1/orders", method: .get, headers: Self.bearer("not-a-key")) { response in
                #expect(response.status == .unauthorized)
                #expect(Self.text(response).contains(#""reason":"unknown_credentials""#))
                #expect(response.headers[.wwwAuthenticate] == "Bearer")
                #expect(!Self.text(response).contains("not-a-key"))
            }
            try await client.execute(uri: "/api/v1/orders", method: .get, headers: [.authorization: "Basic dXNlcjpwYXNz"]) { response in
                #expect(response.status == .unauthorized, "another scheme is refused, never admitted anonymously")
                #expect(Self.text(response).contains(#""reason":"unsupported_authorization_scheme""#))
            }
            try await client.execute(uri: "/api/v1/orders", method: .get, headers: [.authorization: "Bearer"]) { response in
                #expect(response.status == .unauthorized)
            }
            try await client.execute(uri: "/api/v1/orders?tenant_id=nobody", method: .get) { response in
                #expect(response.status == .unauthorized)
            }
        }
    }

    @Test func tenantsAreIdentifiedEveryWayThePolicySays() async throws {
        try await Self.application().test(.router) { client in
            try await client.execute(uri: "/api/v1/orders", method: .get, headers: [HTTPField.Name("X-Tenant-ID")!: "tenant-c"]) { response in
                #expect(Self.text(response) == "orders of tenant-c (starter)")
                #expect(response.headers[RateLimitHeaders.limit] == "500")
            }
            try await client.execute(uri: "/api/v1/orders?tenant_id=tenant-d", method: .get) { response in
                #expect(Self.text(response) == "orders of tenant-d (enterprise)")
            }
            try await client.execute(uri: "/api/v1/orders", method: .get) { response in
                #expect(response.status == .ok, "require_tenant is false: anonymous")
                #expect(Self.text(response) == "orders of anonymous (-)")
                #expect(response.headers[RateLimitHeaders.limit] == nil, "an anonymous request is not metered")
            }
        }
    }

    @Test func aRequestWithoutATimeIsNotDecided() async throws {
        let (policy, tenants) = try ServerFixtures.bundled()
        let router = Router(context: BasicTiercRequestContext.self)
        router.add(middleware: TiercMiddleware(policy: PolicyHolder(ActivePolicy(policy: policy, tenants: tenants)),
                                               clock: TiercClock { _ in nil }))
        router.get("/x") { _, _ in "x" }
        try await Application(router: router).test(.router) { client in
            try await client.execute(uri: "/x", method: .get, headers: Self.bearer("demo-key-tenant-a")) { response in
                #expect(response.status == .badRequest)
            }
        }
    }

    @Test func aReplacedPolicyAppliesToTheNextRequest() async throws {
        let (policy, tenants) = try ServerFixtures.bundled()
        let holder = PolicyHolder(ActivePolicy(policy: policy, tenants: tenants))
        let router = Router(context: BasicTiercRequestContext.self)
        router.add(middleware: TiercMiddleware(policy: holder, clock: TiercClock { _ in Self.start }))
        router.get("/api/intelligence/x") { _, _ in "x" }
        try await Application(router: router).test(.router) { client in
            try await client.execute(uri: "/api/intelligence/x", method: .get, headers: Self.bearer("demo-key-tenant-a")) { response in
                #expect(response.status == .forbidden)
            }
            var generous = policy
            let free = try #require(generous.tiers.firstIndex { $0.id == "free" })
            generous.tiers[free].features.append("ai_intelligence")
            holder.replace(with: ActivePolicy(policy: generous, tenants: tenants))
            try await client.execute(uri: "/api/intelligence/x", method: .get, headers: Self.bearer("demo-key-tenant-a")) { response in
                #expect(response.status == .ok)
            }
        }
    }
}

@Suite("Response parts")
struct ResponsePartTests {
    @Test(arguments: [
        (nil, false), ("*/*", false), ("application/json", false), ("application/problem+json", true),
        ("application/problem+json, application/json", false), ("application/json;q=0.9, application/problem+json", true),
        ("application/*;q=0.2, application/problem+json;q=0.3", true), ("application/problem+json;q=0", false),
        ("APPLICATION/PROBLEM+JSON", true), ("application/problem+json;q=2", false), ("garbage", false),
    ] as [(String?, Bool)])
    func acceptPreference(accept: String?, prefersProblem: Bool) {
        #expect(AcceptPreference.prefersProblemJSON(accept) == prefersProblem)
    }

    @Test func quotaMessages() {
        #expect(QuotaMessage.text(window: .hour, limit: 100, meter: Meter(id: "api_calls", kind: .counter, unit: "call"))
            == "Hourly API call limit exceeded (100 calls/hour)")
        #expect(QuotaMessage.text(window: .minute, limit: 1, meter: Meter(id: "exports", kind: .counter))
            == "Minutely export limit exceeded (1 unit/minute)")
        #expect(QuotaMessage.text(window: .month, limit: 5, meter: Meter(id: "sms_sent", kind: .counter, unit: "message"))
            == "Monthly sms sent limit exceeded (5 messages/month)")
    }
}
