import HTTPTypes
import NIOCore
import Testing
import TiercHTTP1

/// tierc's scanner of plain request heads on its own (docs/serve.md#the-plain-request-scanner): whole heads, heads
/// split at every byte, pipelined heads, its limits, and what it leaves to SwiftNIO's parser.
@Suite("tierc serve: the plain request scanner")
struct PlainRequestScannerTests {
    static let plain = "GET /api/v1/orders?tenant_id=t1 HTTP/1.1\r\nHost: t7-app.example.com\r\n"
        + "Authorization: Bearer key-t0001\r\nX-Tenant-ID:t3\r\nAccept: */*\r\nHost: second\r\n\r\n"

    /// What the handler does with `chunks` arriving one after the other: the requests answered in order, and
    /// whether the rest was handed to SwiftNIO's parser (and from which byte) or is still waited for.
    static func scanStream(_ chunks: [[UInt8]]) -> (requests: [PlainRequestHead], handedOverAt: Int?, waiting: Int) {
        var scanner = PlainRequestScanner()
        var buffer = ByteBuffer()
        var requests: [PlainRequestHead] = []
        var consumed = 0
        for chunk in chunks {
            buffer.writeBytes(chunk)
            scanning: while buffer.readableBytes > 0 {
                switch scanner.scan(buffer) {
                case .needMore: break scanning
                case .other: return (requests, consumed, buffer.readableBytes)
                case .request(let head):
                    requests.append(head)
                    consumed += head.length
                    buffer.moveReaderIndex(forwardBy: head.length)
                }
            }
        }
        return (requests, nil, buffer.readableBytes)
    }

    static func scanOne(_ text: String) -> PlainRequestScan {
        var scanner = PlainRequestScanner()
        return scanner.scan(ByteBuffer(string: text))
    }

    @Test func aPlainHeadIsReadAsTheListenerReadsIt() throws {
        guard case .request(let head) = Self.scanOne(Self.plain) else {
            Issue.record("not read: \(Self.scanOne(Self.plain))")
            return
        }
        #expect(head.length == Self.plain.utf8.count)
        #expect(head.keepAlive)
        #expect(head.request.method == .get)
        #expect(head.request.path == "/api/v1/orders?tenant_id=t1")
        #expect(head.request.authority == "t7-app.example.com")
        #expect(head.request.scheme == "http")
        #expect(head.request.headerFields.map { "\($0.name.rawName)=\($0.value)" }
                == ["Authorization=Bearer key-t0001", "X-Tenant-ID=t3", "Accept=*/*", "Host=second"])
    }

    @Test func connectionCloseAndKeepAlive() {
        for (value, keepAlive) in [("close", false), ("Close", false), ("keep-alive", true), ("Keep-Alive", true)] {
            guard case .request(let head) = Self.scanOne("HEAD / HTTP/1.1\r\nConnection: \(value)\r\n\r\n") else {
                Issue.record("Connection: \(value) not read")
                continue
            }
            #expect(head.keepAlive == keepAlive, "Connection: \(value)")
            #expect(head.request.method == .head)
        }
    }

    @Test func pipelinedHeadsSplitAtEveryByteGiveTheSameRequests() {
        let stream = Array((Self.plain + "HEAD /a HTTP/1.1\r\nX: 1\r\n\r\n" + "DELETE /b%20c HTTP/1.1\r\n\r\n"
                            + "POST /d HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc" + "GET /e HTTP/1.1\r\n\r\n").utf8)
        let whole = Self.scanStream([stream])
        #expect(whole.requests.map(\.request.path) == ["/api/v1/orders?tenant_id=t1", "/a", "/b%20c"])
        let bodyStart = whole.handedOverAt ?? -1
        #expect(String(decoding: stream[bodyStart...].prefix(8), as: UTF8.self) == "POST /d ",
                "the request with a body and everything after it go to SwiftNIO's parser")
        for split in 0...stream.count {
            let two = Self.scanStream([Array(stream[..<split]), Array(stream[split...])])
            #expect(two.requests.map(\.request) == whole.requests.map(\.request), "split at \(split)")
            #expect(two.requests.map(\.length) == whole.requests.map(\.length), "split at \(split)")
            #expect(two.handedOverAt == whole.handedOverAt, "split at \(split)")
        }
        let bytewise = Self.scanStream(stream.map { [$0] })
        #expect(bytewise.requests.map(\.request) == whole.requests.map(\.request))
        #expect(bytewise.handedOverAt == whole.handedOverAt)
    }

    @Test func aHeadNotYetWholeIsWaitedFor() {
        let head = Array(Self.plain.utf8)
        for cut in 1..<head.count {
            let partial = Self.scanStream([Array(head[..<cut])])
            #expect(partial.requests.isEmpty && partial.handedOverAt == nil && partial.waiting == cut, "cut at \(cut)")
        }
    }

    /// Bodies, other methods and versions, odd bytes and malformed lines are SwiftNIO's parser's to accept or refuse.
    @Test(arguments: [
        "POST /a HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello",
        "POST /a HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
        "POST /a HTTP/1.1\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n",
        "GET /a HTTP/1.0\r\n\r\n", "GET /a HTTP/2.0\r\n\r\n", "GET /a http/1.1\r\n\r\n", "GET /a HTTP/1.1 \r\n\r\n",
        "get /a HTTP/1.1\r\n\r\n", "TRACE /a HTTP/1.1\r\n\r\n", "CONNECT a:443 HTTP/1.1\r\n\r\n", "GETS /a HTTP/1.1\r\n\r\n",
        "GET  /a HTTP/1.1\r\n\r\n", "GET http://a/b HTTP/1.1\r\n\r\n", "GET * HTTP/1.1\r\n\r\n", "GET /a#b HTTP/1.1\r\n\r\n",
        "GET /a\u{7F} HTTP/1.1\r\n\r\n", "GET /é HTTP/1.1\r\n\r\n", "GET /a\"b HTTP/1.1\r\n\r\n",
        "\r\nGET /a HTTP/1.1\r\n\r\n", "GET /a HTTP/1.1\nHost: a\n\n", "GET /a HTTP/1.1\r\nHost: a\n\r\n",
        "GET /a HTTP/1.1\r\nBad Name: x\r\n\r\n", "GET /a HTTP/1.1\r\nName : x\r\n\r\n", "GET /a HTTP/1.1\r\n: x\r\n\r\n",
        "GET /a HTTP/1.1\r\nName: x\r\n continued\r\n\r\n", "GET /a HTTP/1.1\r\nName: x \r\n\r\n",
        "GET /a HTTP/1.1\r\nName: x\u{0}y\r\n\r\n", "GET /a HTTP/1.1\r\nName: caf\u{E9}\r\n\r\n",
        "GET /a HTTP/1.1\r\nUpgrade: websocket\r\nConnection: upgrade\r\n\r\n", "GET /a HTTP/1.1\r\nConnection: close, te\r\n\r\n",
        "GET /a HTTP/1.1\r\nConnection: close\r\nConnection: close\r\n\r\n", "GET /a HTTP/1.1\r\nProxy-Connection: close\r\n\r\n",
        "GET /a HTTP/1.1\r\r\n\r\n", "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n",
    ])
    func otherHeadsAreLeftToSwiftNIO(text: String) {
        let result = Self.scanStream([Array(text.utf8)])
        #expect(result.requests.isEmpty && result.handedOverAt == 0, "\(text.debugDescription)")
    }

    @Test func limits() {
        // The longest plain head, then one byte more.
        let start = "GET / HTTP/1.1\r\nX-Long: "
        let filler = PlainRequestScanner.maxHeadBytes - start.utf8.count - 4
        let longest = start + String(repeating: "a", count: filler) + "\r\n\r\n"
        #expect(longest.utf8.count == PlainRequestScanner.maxHeadBytes)
        guard case .request(let head) = Self.scanOne(longest) else {
            Issue.record("the longest plain head is not read")
            return
        }
        #expect(head.length == PlainRequestScanner.maxHeadBytes)
        let over = start + String(repeating: "a", count: filler + 1) + "\r\n\r\n"
        #expect(Self.scanStream([Array(over.utf8)]).handedOverAt == 0)
        // Cut short, the long one is waited for until it cannot be plain any more.
        #expect(Self.scanStream([Array(over.utf8.prefix(PlainRequestScanner.maxHeadBytes))]).handedOverAt == nil)
        #expect(Self.scanStream([Array(over.utf8.prefix(PlainRequestScanner.maxHeadBytes + 1))]).handedOverAt == 0)
        // 100 fields, then 101.
        let fields = { (count: Int) in "GET / HTTP/1.1\r\n" + (0..<count).map { "F\($0): v\r\n" }.joined() + "\r\n" }
        guard case .request(let hundred) = Self.scanOne(fields(100)) else {
            Issue.record("100 fields not read")
            return
        }
        #expect(hundred.request.headerFields.count == 100)
        #expect(Self.scanStream([Array(fields(101).utf8)]).handedOverAt == 0)
    }
}
