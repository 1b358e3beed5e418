import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

/// Requests no decent client sends get a clear 4xx, never an admission or a crash (docs/serve.md, "Bad input"),
/// and thousands of idle connections do not stop the server from answering.
@Suite("tierc serve: bad input", .serialized)
struct ServeBadInputTests {
    static let time = "X-Tierc-Time: 2025-11-02T21:00:00Z\r\n"

    @Test func malformedRequestsAreRefusedAndTheServerKeepsServing() async throws {
        let server = try await ServeProcess.start(["tiers/tiers.yaml", "--tenants", "examples/tenants.yaml", "--trust-clock-header"])
        let port: Int = server.mainPort
        let cases: [(String, [UInt8], String)] = [
            ("a header field over 8 KiB", Array("GET /api/v1/orders HTTP/1.1\r\nHost: a\r\n\(Self.time)X-Big: \(String(repeating: "x", count: 9_000))\r\n\r\n".utf8), " 4"),
            ("a header section over 32 KiB", Array(("GET / HTTP/1.1\r\nHost: a\r\n" + (0..<40).map { "X-F\($0): \(String(repeating: "y", count: 1_000))\r\n" }.joined() + "\r\n").utf8), " 4"),
            ("more than 100 header fields", Array(("GET / HTTP/1.1\r\nHost: a\r\n" + (0..<150).map { "X-N\($0): 1\r\n" }.joined() + "\r\n").utf8), " 4"),
            ("a header line without a colon", Array("GET / HTTP/1.1\r\nHost: a\r\nnot a header\r\n\r\n".utf8), " 400"),
            ("Content-Length with Transfer-Encoding", Array("POST /api/v1/orders HTTP/1.1\r\nHost: a\r\n\(Self.time)Authorization: Bearer demo-key-tenant-a\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n".utf8), " 400"),
            ("two different Content-Lengths", Array("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello".utf8), " 400"),
            ("a non-UTF-8 path", Array("GET /api/v1/".utf8) + [0xFF, 0xFE] + Array(" HTTP/1.1\r\nHost: a\r\n\(Self.time)Authorization: Bearer demo-key-tenant-a\r\nConnection: close\r\n\r\n".utf8), " 400"),
            ("a raw non-ASCII path", Array("GET /api/v1/caf\u{e9} HTTP/1.1\r\nHost: a\r\n\(Self.time)Connection: close\r\n\r\n".utf8), " 400"),
            ("Basic credentials", Array("GET /api/v1/orders HTTP/1.1\r\nHost: a\r\n\(Self.time)Authorization: Basic dXNlcjpwYXNz\r\nConnection: close\r\n\r\n".utf8), " 401"),
            ("not HTTP at all", Array("\u{16}\u{03}\u{01}\u{02}\u{00}\u{01}\u{00}\u{01}\u{fc}\r\n\r\n".utf8), " 400"),
        ]
        for (what, bytes, expected) in cases {
            let line = await RawConnection.onThread { RawConnection.statusLine(port: port, bytes) }
            #expect(line?.hasPrefix("HTTP/1.1") == true && line?.contains(expected) == true, "\(what): \(line ?? "no answer")")
            #expect(line?.contains(" 200") != true, "\(what) was admitted")
        }
        // Still serving, and nothing above was counted.
        try await server.withMainClient { client in
            let response = try await client.get("/api/v1/orders", headers: .bearer("demo-key-tenant-a", at: "2025-11-02T21:00:00Z"))
            #expect(response.status == .ok)
            #expect(response.headers[HTTPField.Name("X-RateLimit-Remaining")!] == "99")
        }
        #expect(try await server.stop() == 0)
    }

    @Test func idleConnectionsDoNotStopTheServer() async throws {
        let server = try await ServeProcess.start(["tiers/tiers.yaml", "--tenants", "examples/tenants.yaml"])
        let port = server.mainPort!
        let idle = IdleConnections(await RawConnection.onThread {
            var idle: [RawConnection] = []
            for _ in 0..<2_000 {
                guard let connection = RawConnection(port: port) else { break }
                idle.append(connection)
            }
            // Half of them start a request and stop in the middle of its header.
            for connection in idle.prefix(1_000) { connection.send("GET /api/v1/orders HTTP/1.1\r\nHost: a\r\nX-Slow:") }
            return IdleConnections(idle)
        }.connections)
        #expect(idle.connections.count == 2_000)
        try await server.withMainClient { client in
            let response = try await client.get("/api/v1/orders", headers: .bearer("demo-key-tenant-c"))
            #expect(response.status == .ok)
        }
        withExtendedLifetime(idle) {}
        #expect(try await server.stop() == 0)
    }
}

/// Open connections handed between threads; closed when released.
final class IdleConnections: @unchecked Sendable {
    let connections: [RawConnection]
    init(_ connections: [RawConnection]) { self.connections = connections }
}
