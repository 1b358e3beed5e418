import FuzzSupport
import HTTPTypes
import NIOCore
import NIOEmbedded
import NIOHTTP1
import NIOHTTPTypesHTTP1
import TiercHTTP1

/// tierc serve's scanner of plain request heads (docs/serve.md#the-plain-request-scanner) on a connection's input:
/// the first byte says where the input is split into two reads, the rest is the input. Checked on every input,
/// besides not crashing: split or whole, the scanner reads the same requests and hands over at the same byte; and
/// SwiftNIO's HTTP/1 decoder, with tierc serve's limits, reads the scanner's requests followed by one more as the
/// same requests (method, target, `Host`, fields in order, keep-alive), ending each at the same byte.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRequestHead(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let data, size > 0 else { return 0 }
    let all = Array(UnsafeBufferPointer(start: data, count: size))
    let input = Array(all.dropFirst())
    let split = input.isEmpty ? 0 : Int(all[0]) % (input.count + 1)
    let whole = scan([input])
    let twice = scan([Array(input[..<split]), Array(input[split...])])
    precondition(whole.requests.map(\.request) == twice.requests.map(\.request), "split at \(split): other requests")
    precondition(whole.requests.map(\.length) == twice.requests.map(\.length), "split at \(split): other lengths")
    precondition(whole.consumed == twice.consumed && whole.handedOver == twice.handedOver, "split at \(split): other hand-over")
    guard !whole.requests.isEmpty else { return 0 }

    // One more request after the scanner's, so that both say where the last head ended; none after a
    // `Connection: close` request, after which SwiftNIO refuses any byte.
    let closes = whole.requests.last?.keepAlive == false
    let next = closes ? [] : Array("GET /next HTTP/1.1\r\n\r\n".utf8)
    let nio = decode(Array(input[..<whole.consumed]) + next)
    precondition(!nio.refused, "SwiftNIO refuses heads the scanner reads")
    precondition(nio.heads.count == whole.requests.count + (closes ? 0 : 1) && (closes || nio.heads.last?.request?.path == "/next"),
                 "SwiftNIO reads \(nio.heads.count) requests, the scanner \(whole.requests.count)")
    for (plain, read) in zip(whole.requests, nio.heads) {
        precondition(read.request == plain.request, "SwiftNIO: \(String(describing: read.request)), scanner: \(plain.request)")
        precondition(read.request?.headerFields.map(\.name.rawName) == plain.request.headerFields.map(\.name.rawName),
                     "field names differ")
        precondition(read.keepAlive == plain.keepAlive, "keep-alive differs")
    }
    return 0
}

/// The requests the scanner reads from `chunks` arriving one after the other, as the listener's handler scans them;
/// the bytes they took, and whether the rest went to SwiftNIO's parser.
func scan(_ chunks: [[UInt8]]) -> (requests: [PlainRequestHead], consumed: Int, handedOver: Bool) {
    var scanner = PlainRequestScanner()
    var buffer = ByteBuffer()
    var requests: [PlainRequestHead] = []
    var consumed = 0
    for chunk in chunks {
        buffer.writeBytes(chunk)
        scanning: while buffer.readableBytes > 0 {
            switch scanner.scan(buffer) {
            case .needMore: break scanning
            case .other: return (requests, consumed, true)
            case .request(let head):
                requests.append(head)
                consumed += head.length
                buffer.moveReaderIndex(forwardBy: head.length)
                if !head.keepAlive { return (requests, consumed, false) }
            }
        }
    }
    return (requests, consumed, false)
}

/// SwiftNIO's HTTP/1 request decoder with tierc serve's limits (8 KiB per field, 32 KiB per header section, 100
/// fields), each head converted as the listener converts an origin-form head.
func decode(_ bytes: [UInt8]) -> (heads: [(request: HTTPRequest?, keepAlive: Bool)], refused: Bool) {
    var limits = NIOHTTPDecoderLimitConfiguration()
    limits.maxHeaderFieldSize = 8 * 1_024
    limits.maxHeaderListSize = 32 * 1_024
    limits.maxHeaderFieldCount = 100
    let channel = EmbeddedChannel(handler: ByteToMessageHandler(HTTPRequestDecoder(leftOverBytesStrategy: .dropBytes,
                                                                                   limitConfiguration: limits)))
    var refused = false
    do {
        try channel.writeInbound(ByteBuffer(bytes: bytes))
    } catch {
        refused = true
    }
    var heads: [(request: HTTPRequest?, keepAlive: Bool)] = []
    while let part = try? channel.readInbound(as: HTTPServerRequestPart.self) {
        guard case .head(let head) = part else { continue }
        let method = try? HTTPRequest.Method(head.method)
        heads.append((method.map {
            HTTPRequest(method: $0, scheme: "http", authority: head.headers.first(name: "Host"), path: head.uri,
                        headerFields: HTTPFields(head.headers, splitCookie: false))
        }, head.isKeepAlive))
    }
    _ = try? channel.finish()
    return (heads, refused)
}

/// The process entry point `FuzzRequestHead_main` (FuzzSupport's `runLibFuzzer` says why).
@_cdecl("FuzzRequestHead_main")
public func entry(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    runLibFuzzer(argc, argv, fuzzRequestHead)
}
