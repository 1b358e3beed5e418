import Foundation
import NIOCore
import NIOEmbedded
import Testing
import TiercHummingbird
@testable import TiercServer

/// The decision-only listener's pipeline with tierc's plain request scanner in front (docs/serve.md#the-plain-request-scanner)
/// against the same pipeline without it (SwiftNIO's parser reading every request, as before the scanner): the same
/// input, in the same reads, gets the same bytes back (the `Date` fields aside) and the same decisions, for plain
/// requests, requests handed over (bodies, smuggling attempts, malformed heads, `Connection: close` with bytes
/// behind it, HTTP/1.0), heads split across reads, and the end of input in the middle of a head.
@Suite("tierc serve: the plain request handler answers as SwiftNIO's pipeline")
struct PlainRequestHandlerTests {
    static let time = "X-Tierc-Time: 2025-11-02T21:00:00Z\r\n"

    static func get(_ key: String = "demo-key-tenant-a", path: String = "/api/v1/orders", extra: String = "") -> String {
        "GET \(path) HTTP/1.1\r\nHost: a\r\n\(time)Authorization: Bearer \(key)\r\n\(extra)\r\n"
    }

    /// Inputs as the reads that bring them, and whether the client then closes its side.
    static let cases: [(name: String, reads: [String], halfClose: Bool)] = [
        ("pipelined plain requests", [get() + get(path: "/api/intelligence/predict") + get(path: "/api/v1/tenant/usage")
                                      + get("no-such-key") + get().replacingOccurrences(of: "GET", with: "HEAD")], false),
        ("a head split across reads", [String(get().prefix(9)), String(get().dropFirst(9).prefix(30)), String(get().dropFirst(39)), get()], false),
        ("Connection: close alone", [get(extra: "Connection: close\r\n")], false),
        ("Connection: close with bytes behind it", [get(extra: "Connection: close\r\n") + get()], false),
        ("Connection: close, then bytes in a later read", [get(extra: "Connection: close\r\n"), get()], false),
        ("bodies that look like requests", [get() + "POST /api/v1/orders HTTP/1.1\r\nHost: a\r\n\(time)Authorization: Bearer demo-key-tenant-a\r\n"
            + "Content-Length: \(get().utf8.count)\r\n\r\n" + get() + "POST /x HTTP/1.1\r\nHost: a\r\n\(time)"
            + "Authorization: Bearer demo-key-tenant-a\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nGET /\r\n0\r\n\r\n" + get()], false),
        ("Content-Length with Transfer-Encoding", [get() + "POST /api/v1/orders HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n"
            + "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n" + get()], false),
        ("a malformed head after a plain one", [get() + "GET /a HTTP/1.1\r\nBad Header: x\r\n\r\n" + get()], false),
        ("bare line feeds", [get() + "GET /a HTTP/1.1\nHost: a\n\n"], false),
        ("HTTP/1.0", [get() + "GET /api/v1/orders HTTP/1.0\r\nHost: a\r\n\(time)Authorization: Bearer demo-key-tenant-a\r\n\r\n"], false),
        ("a non-ASCII target", [get() + "GET /caf\u{E9} HTTP/1.1\r\nHost: a\r\n\r\n"], false),
        ("a foreign Authorization scheme", [get().replacingOccurrences(of: "Bearer", with: "Basic")], false),
        ("an oversized field", [get() + "GET / HTTP/1.1\r\nX: " + String(repeating: "a", count: 9_000) + "\r\n\r\n"], false),
        ("the invoice endpoint (answered later)", [get(path: "/api/v1/billing/invoice?month=2025-11") + get()], false),
        ("a whole request, then the end of input", [get()], true),
        ("half a head, then the end of input", [String(get().prefix(30))], true),
        ("a plain request and half a head, then the end of input", [get() + String(get().prefix(30))], true),
    ]

    /// What the pipeline answers to `reads`, the `Date` fields removed, and the decisions made.
    static func answers(_ reads: [String], halfClose: Bool, plainRequests: Bool) async throws -> String {
        let (policy, tenants) = try ServerFixtures.bundled()
        let holder = PolicyHolder(ActivePolicy(policy: policy, tenants: tenants))
        let answerer = PublicAnswerer(holder: holder, clock: TiercClock { _ in 1_762_117_200 }, observer: { _ in })
        let channel = EmbeddedChannel()
        try PublicChannelHandler.configure(channel, answerer: answerer, plainRequests: plainRequests)
        try await channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 1)).get()
        for read in reads where channel.isActive {
            try? channel.writeInbound(ByteBuffer(string: read))
            // An answer that waits for a task (the invoice endpoint) is written once the task is done.
            for _ in 0..<50 where channel.isActive {
                try await Task.sleep(for: .milliseconds(2))
                channel.embeddedEventLoop.run()
            }
        }
        if halfClose, channel.isActive {
            channel.pipeline.fireUserInboundEventTriggered(ChannelEvent.inputClosed)
            channel.embeddedEventLoop.run()
        }
        var text = ""
        while let data = try channel.readOutbound(as: IOData.self) {
            guard case .byteBuffer(let buffer) = data else { continue }
            text += String(buffer: buffer)
        }
        _ = try? channel.finish()
        return text.split(separator: "\r\n", omittingEmptySubsequences: false).filter { !$0.hasPrefix("Date: ") }
            .joined(separator: "\r\n")
    }

    @Test(arguments: 0..<cases.count)
    func sameBytesAsSwiftNIOsPipeline(index: Int) async throws {
        let (name, reads, halfClose) = Self.cases[index]
        let withScanner = try await Self.answers(reads, halfClose: halfClose, plainRequests: true)
        let without = try await Self.answers(reads, halfClose: halfClose, plainRequests: false)
        #expect(withScanner == without, "\(name)")
        #expect(withScanner.contains("HTTP/1.1 "), "\(name): something was answered")
    }
}
