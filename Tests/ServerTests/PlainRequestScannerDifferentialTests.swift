import Foundation
import HTTPTypes
import NIOCore
import SeededRandom
import Testing
import TiercHTTP1

/// tierc's scanner against SwiftNIO's HTTP/1 request decoder (docs/serve.md#the-plain-request-scanner): every head
/// the scanner reads, SwiftNIO's decoder (with tierc serve's limits, converted as the listener converts it) accepts as
/// the same request (method, target, `Host`, the other fields in order, keep-alive) and ends at the same byte (the
/// next request is read alike); every head SwiftNIO refuses, the scanner leaves to SwiftNIO. For a corpus of valid
/// and hostile heads and for generated ones.
@Suite("tierc serve: the plain request scanner against SwiftNIO's decoder")
struct PlainRequestScannerDifferentialTests {
    /// A request that follows each head, so that both say where the head ended.
    static let next = Array("GET /next HTTP/1.1\r\n\r\n".utf8)

    enum Verdict: Equatable {
        case agreed(plain: Bool)
        case disagreed(String)
    }

    static func compare(_ head: [UInt8]) -> Verdict {
        var scanner = PlainRequestScanner()
        let scanned = scanner.scan(ByteBuffer(bytes: head + next))
        guard case .request(let plain) = scanned else { return .agreed(plain: false) }
        // SwiftNIO refuses any byte after a `Connection: close` request (the listener hands such bytes to it).
        let nio = NIORequestDecoding(plain.keepAlive ? head + next : head)
        guard !nio.refused else { return .disagreed("SwiftNIO refuses a head the scanner reads") }
        guard nio.heads.count == (plain.keepAlive ? 2 : 1), !plain.keepAlive || nio.heads[1].uri == "/next" else {
            return .disagreed("SwiftNIO reads \(nio.heads.count) requests: \(nio.heads.map(\.uri))")
        }
        guard plain.length == head.count else { return .disagreed("the scanner ends the head at \(plain.length) of \(head.count)") }
        guard let request = nio.heads[0].request else { return .disagreed("the listener cannot convert SwiftNIO's head") }
        guard request == plain.request else { return .disagreed("\(request) against \(plain.request)") }
        guard request.headerFields.map(\.name.rawName) == plain.request.headerFields.map(\.name.rawName) else {
            return .disagreed("field names \(request.headerFields) against \(plain.request.headerFields)")
        }
        guard nio.heads[0].keepAlive == plain.keepAlive else { return .disagreed("keep-alive \(nio.heads[0].keepAlive)") }
        return .agreed(plain: true)
    }

    static let corpus: [String] = [
        "GET / HTTP/1.1\r\n\r\n",
        "GET /api/v1/orders HTTP/1.1\r\nHost: localhost:8080\r\nAuthorization: Bearer key-t0001\r\n\r\n",
        "GET /api/v1/orders?tenant_id=t0004 HTTP/1.1\r\nHost: t0002-app.example.com\r\nUser-Agent: wrk\r\n\r\n",
        "HEAD /a HTTP/1.1\r\nX-Tenant-ID: t3\r\nConnection: close\r\n\r\n",
        "POST /x HTTP/1.1\r\nConnection: Keep-Alive\r\n\r\n",
        "PUT /x HTTP/1.1\r\nhost: a\r\nHOST: b\r\n\r\n",
        "DELETE /~a-b_c.d!$&'()*+,;=:@/?q=%41 HTTP/1.1\r\n\r\n",
        "OPTIONS /a HTTP/1.1\r\nEmpty:\r\nSpaced:   v  w\r\nTabbed:\tv\tw\r\n\r\n",
        "PATCH /a HTTP/1.1\r\n!#$%&'*+-.^_`|~0aZ: \"quoted\" <>{}[]\\\r\n\r\n",
        "GET /a HTTP/1.1\r\nX-Tierc-Time: 2025-11-02T21:00:00Z\r\nAccept: application/problem+json;q=1, */*;q=0.1\r\n\r\n",
        // Hostile heads: SwiftNIO refuses them or reads them otherwise; the scanner must leave them alone.
        "GET /a HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n",
        "GET /a HTTP/1.1\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n",
        "GET /a HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n",
        "GET /a HTTP/1.1\r\nContent-Length: -1\r\n\r\n",
        "GET /a HTTP/1.1\r\nHost: a\r\n\tfolded\r\n\r\n",
        "GET /a HTTP/1.1\r\nHo st: a\r\n\r\n", "GET /a HTTP/1.1\r\nHost : a\r\n\r\n", "GET /a HTTP/1.1\r\n:a\r\n\r\n",
        "GET /a HTTP/1.1\r\nA: b\rc\r\n\r\n", "GET /a HTTP/1.1\r\nA: b\nc\r\n\r\n", "GET /a HTTP/1.1\r\nA: \u{1}\r\n\r\n",
        "GET /a HTTP/1.1\r\nA: \u{7F}\r\n\r\n", "GET /a\u{1} HTTP/1.1\r\n\r\n", "GET /a\tb HTTP/1.1\r\n\r\n",
        "GET /a HTTP/1.1x\r\n\r\n", "GET /a HTTP/1.12\r\n\r\n", "GET /a HTTP/11\r\n\r\n", "GET /a\r\n\r\n", "GET\r\n\r\n",
        "GET /a HTTP/0.9\r\n\r\n", "GET /a HTTP/1.1\r\nUpgrade: h2c\r\nConnection: Upgrade, HTTP2-Settings\r\n\r\n",
        "GET /" + String(repeating: "a", count: 9_000) + " HTTP/1.1\r\n\r\n",
        "GET / HTTP/1.1\r\nA: " + String(repeating: "a", count: 9_000) + "\r\n\r\n",
        "GET / HTTP/1.1\r\n" + (0..<101).map { "F\($0): v\r\n" }.joined() + "\r\n",
    ]

    @Test func aCorpusOfValidAndHostileHeads() {
        var plain = 0
        for text in Self.corpus {
            let verdict = Self.compare(Array(text.utf8))
            #expect(!Self.isDisagreement(verdict), "\(text.prefix(200).debugDescription): \(verdict)")
            if verdict == .agreed(plain: true) { plain += 1 }
        }
        #expect(plain == 10, "the ten valid heads are plain")
        // Every hostile head of the corpus is refused by SwiftNIO or read otherwise than a plain head would be.
        for text in Self.corpus.dropFirst(10) {
            var scanner = PlainRequestScanner()
            if case .request = scanner.scan(ByteBuffer(string: text)) { Issue.record("read: \(text.prefix(200).debugDescription)") }
        }
    }

    static func isDisagreement(_ verdict: Verdict) -> Bool {
        if case .disagreed = verdict { return true }
        return false
    }

    /// Generated heads, mostly plain ones with one hostile change: bytes, names, values, line ends, versions,
    /// methods and framing fields drawn at random (seeded, so the run is the same every time).
    @Test func generatedHeads() {
        var random = SplitMix64(seed: 12)
        var plain = 0
        let count = 4_000
        for _ in 0..<count {
            let head = Self.generatedHead(&random)
            let verdict = Self.compare(head)
            if Self.isDisagreement(verdict) {
                Issue.record("\(String(decoding: head, as: UTF8.self).debugDescription): \(verdict)")
            }
            if verdict == .agreed(plain: true) { plain += 1 }
        }
        // Not vacuous: a good share of the heads are plain and were compared field by field.
        #expect(plain > count / 10, "\(plain) of \(count) generated heads were plain")
    }

    static let methods = ["GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH", "TRACE", "CONNECT", "get", "GE", "M-SEARCH", "PURGE"]
    static let versions = ["HTTP/1.1", "HTTP/1.0", "HTTP/2.0", "HTTP/1.1 ", "http/1.1", "HTTP/1.", "HTTP/9.9"]
    static let names = ["Host", "host", "Authorization", "X-Tenant-ID", "Accept", "Connection", "Content-Length",
                        "Transfer-Encoding", "Upgrade", "Proxy-Connection", "X-Tierc-Time", "Cookie", "A", "x!#$%&'*+-.^_`|~"]
    static let values = ["close", "keep-alive", "Keep-Alive", "upgrade", "chunked", "0", "5", "Bearer key-t0001",
                         "t-app.example.com", "*/*", "a b", "a\tb", "", "2025-11-02T21:00:00Z"]
    /// Bytes that a hostile change inserts.
    static let hostile: [UInt8] = [0, 1, 9, 10, 13, 32, 34, 35, 58, 60, 92, 123, 127, 128, 195, 255] + Array("%/?:@\r\n".utf8)

    static func pick<T>(_ items: [T], _ random: inout SplitMix64) -> T { items[random.below(items.count)] }

    static func generatedHead(_ random: inout SplitMix64) -> [UInt8] {
        let method = random.chance(9, in: 10) ? pick(Array(methods.prefix(7)), &random) : pick(methods, &random)
        var target = "/"
        for _ in 0..<random.below(12) { target.append(pick(Array("abcXYZ019-._~!$&'()*+,;=%:@/?"), &random)) }
        let version = random.chance(9, in: 10) ? "HTTP/1.1" : pick(versions, &random)
        var bytes = Array("\(method) \(target) \(version)\r\n".utf8)
        for _ in 0..<random.below(8) {
            let name = pick(names, &random)
            var value = pick(values, &random)
            if random.chance(1, in: 4) { value = String(repeating: "v", count: random.below(40)) }
            let separator = pick([": ", ":", ":  ", ":\t", " : ", ": "], &random)
            bytes += Array("\(name)\(separator)\(value)\r\n".utf8)
        }
        bytes += Array("\r\n".utf8)
        // One hostile change in two heads: a byte replaced, inserted or removed, or the CRLFs made bare LFs.
        switch random.below(8) {
        case 0: bytes[random.below(bytes.count - 2)] = pick(hostile, &random)
        case 1: bytes.insert(pick(hostile, &random), at: random.below(bytes.count - 2))
        case 2: bytes.remove(at: random.below(bytes.count - 4))
        case 3: bytes = Array(String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: "\r\n", with: "\n").utf8)
        default: break
        }
        return bytes
    }
}
