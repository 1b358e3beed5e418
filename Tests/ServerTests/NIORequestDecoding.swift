import HTTPTypes
import NIOCore
import NIOEmbedded
import NIOHTTP1
@testable import TiercServer

/// What SwiftNIO's HTTP/1 request decoder makes of some bytes, configured as the decision-only listener configures
/// it (``PublicChannelHandler/configure(_:answerer:)``: tierc serve's limits): the peer of the differential tests of
/// ``PlainRequestScannerDifferentialTests``.
struct NIORequestDecoding {
    /// The request heads read, each as the listener converts it to HTTPTypes (nil when the conversion fails) with
    /// its keep-alive.
    var heads: [(request: HTTPRequest?, keepAlive: Bool, uri: String)] = []
    /// The decoder refused the bytes (the listener's `400` and close).
    var refused = false

    init(_ bytes: [UInt8]) {
        var limits = NIOHTTPDecoderLimitConfiguration()
        limits.maxHeaderFieldSize = TiercServe.Limits.headerFieldBytes
        limits.maxHeaderListSize = TiercServe.Limits.headerListBytes
        limits.maxHeaderFieldCount = TiercServe.Limits.headerFieldCount
        let channel = EmbeddedChannel(handler: ByteToMessageHandler(HTTPRequestDecoder(leftOverBytesStrategy: .dropBytes,
                                                                                       limitConfiguration: limits)))
        do {
            try channel.writeInbound(ByteBuffer(bytes: bytes))
        } catch {
            refused = true
        }
        while let part = try? channel.readInbound(as: HTTPServerRequestPart.self) {
            if case .head(let head) = part {
                heads.append((PublicChannelHandler.request(head), head.isKeepAlive, head.uri))
            }
        }
        _ = try? channel.finish()
    }
}
