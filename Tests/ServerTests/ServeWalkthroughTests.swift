import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing
import TiercHummingbird

/// The guide's walkthrough over real HTTP on 127.0.0.1, against the built `tierc serve` with the bundled policy
/// and examples/tenants.yaml (docs/serve.md).
@Suite("tierc serve: the walkthrough over HTTP", .serialized)
struct ServeWalkthroughTests {
    static let hour = "2025-11-02T21:00:00Z"

    static func object(_ response: TestClient.Response) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(response.text.utf8)) as? [String: Any], "\(response.text)")
    }

    @Test func oneHundredAllowedThenRefusedAndTheUsageShowsIt() async throws {
        let server = try await ServeProcess.start(["tiers/tiers.yaml", "--tenants", "examples/tenants.yaml", "--trust-clock-header"])
        #expect(server.stderr.contains("--trust-clock-header"), "a warning at start")
        try await server.withMainClient { client in
            var statuses: [Int] = []
            for _ in 1...110 {
                let response = try await client.get("/api/v1/orders", headers: .bearer("demo-key-tenant-a", at: Self.hour))
                statuses.append(response.status.code)
                if response.status == .ok {
                    #expect(response.text == #"{"tenant_id":"tenant-a","tier":"free"}"#)
                } else {
                    #expect(response.text == #"{"error":"Quota exceeded","message":"Hourly API call limit exceeded (100 calls/hour)","quota_type":"hourly","limit":100,"current":100,"reset_at":"2025-11-02T22:00:00Z"}"#)
                    #expect(response.headers[.retryAfter] == "3600")
                    #expect(response.headers[RateLimitHeaders.limit] == "100")
                    #expect(response.headers[RateLimitHeaders.remaining] == "0")
                    #expect(response.headers[RateLimitHeaders.reset] == "1762120800")
                    #expect(response.headers[RateLimitHeaders.policy] == #""hourly";q=100;w=3600, "monthly";q=1000;w=2592000"#)
                    #expect(response.headers[RateLimitHeaders.rateLimit] == #""hourly";r=0;t=3600"#)
                    #expect(!response.headers.contains { $0.value.contains("demo-key") }, "no header carries the key")
                }
            }
            #expect(statuses == Array(repeating: 200, count: 100) + Array(repeating: 429, count: 10))

            let usage = try Self.object(try await client.get("/api/v1/tenant/usage", headers: .bearer("demo-key-tenant-a", at: "2025-11-02T21:30:00Z")))
            #expect(usage["tenant_id"] as? String == "tenant-a")
            #expect(usage["tier"] as? String == "free")
            let calls = try #require(usage["api_calls"] as? [String: Any])
            let hourly = try #require(calls["hourly"] as? [String: Any])
            #expect(hourly["current"] as? Int == 100)
            #expect(hourly["limit"] as? Int == 100)
            #expect(hourly["remaining"] as? Int == 0)
            #expect(hourly["percentage"] as? Double == 100)
            let monthly = try #require(calls["monthly"] as? [String: Any])
            #expect(monthly["current"] as? Int == 100)
            #expect(monthly["percentage"] as? Double == 10)
            #expect((usage["features"] as? [String: Bool]) == ["ai_intelligence": false, "growth_engine": false, "priority_support": false])

            // tenant-b is unaffected.
            let other = try await client.get("/api/v1/orders", headers: .bearer("demo-key-tenant-b", at: Self.hour))
            #expect(other.status == .ok)
            #expect(other.text == #"{"tenant_id":"tenant-b","tier":"professional"}"#)
            #expect(other.headers[RateLimitHeaders.remaining] == "1999")
            #expect(other.headers[RateLimitHeaders.rateLimit] == #""hourly";r=1999;t=3600"#)
            let usageB = try Self.object(try await client.get("/api/v1/tenant/usage", headers: .bearer("demo-key-tenant-b", at: Self.hour)))
            #expect(((usageB["api_calls"] as? [String: Any])?["hourly"] as? [String: Any])?["current"] as? Int == 1)
        }

        // A gauge reading through the admin listener, then the usage and the invoice.
        try await server.withAdminClient { admin in
            let reading = try await admin.post("/admin/v1/gauges", headers: [HTTPField.Name("X-Tierc-Time")!: "2025-11-03T00:00:00Z"],
                                               body: ByteBuffer(string: #"{"tenant":"tenant-a","meter":"storage_gb","value":0.80}"#))
            #expect(reading.status == .ok)
            #expect(reading.text == #"{"tenant":"tenant-a","meter":"storage_gb","value":0.8,"over_limit":false}"#)
            let bad = try await admin.post("/admin/v1/gauges", headers: [HTTPField.Name("X-Tierc-Time")!: Self.hour],
                                           body: ByteBuffer(string: #"{"tenant":"tenant-a","meter":"api_calls","value":1}"#))
            #expect(bad.status == .badRequest)
            #expect(try await admin.get("/healthz").status == .ok)
            #expect(try await admin.get("/readyz").status == .ok)
            let status = try Self.object(try await admin.get("/admin/v1/status"))
            #expect(status["policy"] as? String == "omni-platform")
            #expect((status["fingerprint"] as? String)?.hasPrefix("sha256:") == true)
            #expect(status["last_reload_error"] is NSNull)
        }
        try await server.withMainClient { client in
            let usage = try Self.object(try await client.get("/api/v1/tenant/usage", headers: .bearer("demo-key-tenant-a", at: Self.hour)))
            let storage = try #require(usage["storage"] as? [String: Any])
            #expect(storage["current_gb"] as? Double == 0.8)
            #expect(storage["limit_gb"] as? Int == 1)
            let invoice = try await client.get("/api/v1/billing/invoice?month=2025-11", headers: .bearer("demo-key-tenant-a", at: Self.hour))
            #expect(invoice.text == #"{"tenant_id":"tenant-a","tier":"free","month":"2025-11","currency":"USD","lines":[{"kind":"base","amount":"0.00"},{"kind":"usage","meter":"api_calls","quantity":"100","amount":"0.00"},{"kind":"usage","meter":"storage_gb","quantity":"0.8","amount":"0.08"}],"total":"0.08"}"#)
            let noMonth = try await client.get("/api/v1/billing/invoice?month=2025-13", headers: .bearer("demo-key-tenant-a", at: Self.hour))
            #expect(noMonth.status == .badRequest)
            let anonymous = try await client.get("/api/v1/tenant/usage", headers: [HTTPField.Name("X-Tierc-Time")!: Self.hour])
            #expect(anonymous.status == .unauthorized)
            let noTime = try await client.get("/api/v1/orders", headers: [.authorization: "Bearer demo-key-tenant-a"])
            #expect(noTime.status == .badRequest, "under --trust-clock-header a request without X-Tierc-Time is not decided")
        }
        // The admin endpoints are not on the public listener.
        try await server.withMainClient { client in
            let response = try await client.post("/admin/v1/gauges", headers: .bearer("demo-key-tenant-a", at: "2025-11-02T23:00:00Z"),
                                                 body: ByteBuffer(string: #"{"tenant":"tenant-a","meter":"storage_gb","value":99}"#))
            #expect(response.text == #"{"tenant_id":"tenant-a","tier":"free"}"#, "decided like any request, not recorded")
        }
        #expect(try await server.stop() == 0)
    }

    /// The tests' client opens a new connection when the server closed the idle one, and sends the request again.
    @Test func theTestClientReconnectsAfterTheServerClosedTheConnection() async throws {
        let server = try await ServeProcess.start(["tiers/tiers.yaml", "--tenants", "examples/tenants.yaml"])
        try await server.withMainClient { client in
            var fields = HTTPFields.bearer("demo-key-tenant-c")
            fields[.connection] = "close"
            #expect(try await client.get("/api/v1/orders", headers: fields).status == .ok)
            try await client.waitUntilClosed()
            #expect(try await client.get("/api/v1/orders", headers: .bearer("demo-key-tenant-c")).status == .ok)
        }
        #expect(try await server.stop() == 0)
    }

    @Test func aBrokenPolicyStopsTheServerBeforeItListens() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tierc-broken-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let yaml = try ServerFixtures.text("tiers/tiers.yaml").replacingOccurrences(of: "    limits:\n      api_calls: { hour: 500", with: "    limts:\n      api_calls: { hour: 500")
        try yaml.write(to: directory.appendingPathComponent("tiers.yaml"), atomically: true, encoding: .utf8)
        let run = try TiercCommand.run(["serve", directory.appendingPathComponent("tiers.yaml").path, "--tenants", "examples/tenants.yaml",
                                        "--listen", "127.0.0.1:0", "--admin-listen", "127.0.0.1:0"], in: ServerFixtures.repositoryRoot)
        #expect(run.status == 1)
        #expect(run.stderr.contains("error[unknown-key]"), "the diagnostics as tierc check prints them: \(run.stderr)")
        #expect(!run.stdout.contains("listening"))
        let missing = try TiercCommand.run(["serve", "no-such-policy.yaml", "--tenants", "examples/tenants.yaml"], in: ServerFixtures.repositoryRoot)
        #expect(missing.status == 3)
        let usage = try TiercCommand.run(["serve", "tiers/tiers.yaml", "--listen", "nowhere"], in: ServerFixtures.repositoryRoot)
        #expect(usage.status == 64)
    }

    @Test func theSystemClockDecidesWithoutTheTrustFlag() async throws {
        let server = try await ServeProcess.start(["tiers/tiers.yaml", "--tenants", "examples/tenants.yaml"])
        let before = Int64(Date().timeIntervalSince1970)
        try await server.withMainClient { client in
            // X-Tierc-Time is ignored without --trust-clock-header.
            let response = try await client.get("/api/v1/orders", headers: .bearer("demo-key-tenant-c", at: Self.hour))
            #expect(response.status == .ok)
            let reset = try #require(response.headers[RateLimitHeaders.reset].flatMap { Int64($0) })
            #expect(reset > before && reset <= before + 3_600 + 60)
        }
        #expect(try await server.stop(SIGINT) == 0, "SIGINT stops gracefully too")
    }
}
