import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing
import TiercHummingbird

/// `tierc serve --upstream`: admitted requests reach an upstream (a Hummingbird application of the test on
/// 127.0.0.1) with the tenant set and hop-by-hop fields dropped, bodies streamed both ways; refusals never reach
/// it; an unreachable upstream is 502 (docs/serve.md, "Forwarding").
@Suite("tierc serve: forwarding to an upstream", .serialized)
struct ServeUpstreamTests {
    static let hour = "2025-11-02T21:00:00Z"

    /// An upstream that echoes what it received as JSON, and serves a large body. `slowStarted` is told when a
    /// request reaches the slow route, so a test can act while that request is certainly in flight.
    static func upstream(slowStarted: AsyncStream<Void>.Continuation? = nil) -> some ApplicationProtocol {
        let router = Router()
        let echo: @Sendable (Request, BasicRequestContext) async throws -> Response = { request, _ in
            let body = try await request.body.collect(upTo: 16 * 1_048_576)
            var seen: [String: String] = ["method": request.method.rawValue, "target": request.head.path ?? "",
                                           "authority": request.head.authority ?? "", "body_bytes": String(body.readableBytes)]
            for field in request.headers { seen[field.name.canonicalName] = field.value }
            let json = try JSONSerialization.data(withJSONObject: seen, options: [.sortedKeys])
            return Response(status: .created, headers: [.contentType: "application/json", HTTPField.Name("Keep-Alive")!: "timeout=5",
                                                        HTTPField.Name("X-Upstream")!: "yes"],
                            body: ResponseBody(byteBuffer: ByteBuffer(bytes: json)))
        }
        router.get("/base/api/v1/orders", use: echo)
        router.post("/base/api/v1/upload", use: echo)
        router.get("/base/api/v1/slow") { _, _ -> String in
            slowStarted?.yield()
            try await Task.sleep(for: .milliseconds(700))
            return "slow answer"
        }
        router.get("/base/api/v1/big") { _, _ in
            Response(status: .ok, body: ResponseBody { writer in
                for index in 0..<64 { try await writer.write(ByteBuffer(repeating: UInt8(65 + index % 26), count: 16_384)) }
                try await writer.finish(nil)
            })
        }
        return Application(router: router)
    }

    static func object(_ text: String) throws -> [String: String] {
        try #require(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: String], "\(text)")
    }

    @Test func admittedRequestsReachTheUpstreamWithTheTenant() async throws {
        try await Self.upstream().test(.live) { upstreamClient in
            let port = try #require(upstreamClient.port)
            let server = try await ServeProcess.start(["tiers/tiers.yaml", "--tenants", "examples/tenants.yaml", "--trust-clock-header",
                                           "--upstream", "http://127.0.0.1:\(port)/base/"])
            try await server.withMainClient { client in
                var fields = HTTPFields.bearer("demo-key-tenant-b", at: Self.hour)
                fields[HTTPField.Name("X-Tenant-ID")!] = "tenant-a"
                fields[HTTPField.Name("X-Tenant-Tier")!] = "enterprise"
                fields[.connection] = "x-private"
                fields[HTTPField.Name("X-Private")!] = "hop"
                fields[HTTPField.Name("X-Forwarded-For")!] = "203.0.113.7"
                let response = try await client.execute(TestClient.Request("/api/v1/orders?page=2", method: .get,
                                                                           authority: "api.example.com", headers: fields))
                #expect(response.status == .created)
                let seen = try Self.object(response.text)
                #expect(seen["target"] == "/base/api/v1/orders?page=2")
                #expect(seen["authority"] == "127.0.0.1:\(port)")
                #expect(seen["x-tenant-id"] == "tenant-b", "the identified tenant, not the client's copy")
                #expect(seen["x-tenant-tier"] == "professional")
                #expect(seen["x-forwarded-for"] == "203.0.113.7, 127.0.0.1")
                #expect(seen["x-forwarded-proto"] == "http")
                #expect(seen["x-forwarded-host"] == "api.example.com")
                #expect(seen["x-private"] == nil && seen["connection"] != "x-private", "hop-by-hop fields are dropped")
                #expect(seen["authorization"] == "Bearer demo-key-tenant-b")
                #expect(response.headers[HTTPField.Name("X-Upstream")!] == "yes")
                #expect(response.headers[HTTPField.Name("Keep-Alive")!] == nil)
                #expect(response.headers[RateLimitHeaders.remaining] == "1999", "the upstream's answer carries the headers")

                let upload = try await client.post("/api/v1/upload", headers: .bearer("demo-key-tenant-b", at: Self.hour),
                                                   body: ByteBuffer(repeating: 7, count: 300_000))
                #expect(try Self.object(upload.text)["body_bytes"] == "300000")

                let big = try await client.get("/api/v1/big", headers: .bearer("demo-key-tenant-b", at: Self.hour))
                #expect(big.status == .ok)
                #expect(big.body?.readableBytes == 64 * 16_384)

                // A refusal never reaches the upstream.
                let refused = try await client.get("/api/v1/orders", headers: .bearer("nobody", at: Self.hour))
                #expect(refused.status == .unauthorized)
            }
            #expect(try await server.stop() == 0)
        }
    }

    /// SIGTERM stops accepting but lets the request in flight finish. The signal is sent only once the request
    /// has reached the upstream (not after a fixed delay, which a loaded CI machine can outrun).
    @Test func aGracefulShutdownFinishesWhatIsInFlight() async throws {
        let (slowStarted, started) = AsyncStream<Void>.makeStream()
        try await Self.upstream(slowStarted: started).test(.live) { upstreamClient in
            let port = try #require(upstreamClient.port)
            let server = try await ServeProcess.start(["tiers/tiers.yaml", "--tenants", "examples/tenants.yaml",
                                           "--upstream", "http://127.0.0.1:\(port)/base"])
            let answer = try await server.withMainClient { client in
                async let response = client.get("/api/v1/slow", headers: .bearer("demo-key-tenant-b"))
                var inFlight = slowStarted.makeAsyncIterator()
                _ = await inFlight.next()
                kill(server.process.processIdentifier, SIGTERM)
                return try await response
            }
            #expect(answer.status == .ok)
            #expect(answer.text == "slow answer")
            #expect(try await server.stop() == 0)
        }
    }

    @Test func anUnreachableUpstreamIsABadGateway() async throws {
        // Port 1 (tcpmux) has no listener on a test machine: the connection is refused.
        let server = try await ServeProcess.start(["tiers/tiers.yaml", "--tenants", "examples/tenants.yaml", "--upstream", "http://127.0.0.1:1"])
        try await server.withMainClient { client in
            let response = try await client.get("/api/v1/orders", headers: .bearer("demo-key-tenant-c"))
            #expect(response.status == .badGateway)
            #expect(response.headers[.contentType] == "application/json")
            #expect(response.text.hasPrefix(#"{"error":"Bad Gateway""#))
        }
        #expect(try await server.stop() == 0)
    }
}
