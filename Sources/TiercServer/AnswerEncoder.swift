internal import NIOCore
internal import NIOHTTP1

/// The outbound end of the public listener's HTTP/1 pipeline in decision-only mode, in the place of SwiftNIO's
/// `HTTPResponseEncoder` (docs/serve.md#performance). ``PublicChannelHandler`` writes each answer as three parts, so
/// that SwiftNIO's `HTTPServerPipelineHandler` between the two still sees a head, a body and an end and keeps
/// pipelined answers in order: a placeholder head (``keepAliveHead``, or ``closingHead`` for the `400` of a refused
/// request), one body part holding the whole answer as bytes (``AnswerBytes``), and the end. This handler sends the
/// bytes. The head only matters when the pipeline handler has added fields to it, which it does once a graceful
/// shutdown has begun (`connection: close` on a keep-alive answer): they are written at the end of the answer's
/// header section, where SwiftNIO's encoder wrote them.
final class AnswerEncoder: ChannelOutboundHandler, RemovableChannelHandler {
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = IOData

    /// The head of an answer that leaves the connection open (HTTP/1.1, no fields).
    static let keepAliveHead = HTTPResponseHead(version: .http1_1, status: .ok)
    /// The head of the `400` that closes the connection: not keep-alive, so the pipeline handler adds nothing.
    static let closingHead = HTTPResponseHead(version: .http1_0, status: .ok)

    /// Fields the pipeline handler added to the current answer's head, written into its header section.
    private var added = HTTPHeaders()

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .head(let head):
            added = head.headers
            complete(promise, context: context)
        case .body(.byteBuffer(let bytes)):
            context.write(wrapOutboundOut(.byteBuffer(added.isEmpty ? bytes : Self.adding(added, to: bytes))), promise: promise)
            added = HTTPHeaders()
        case .body(let other):
            context.write(wrapOutboundOut(other), promise: promise)
        case .end:
            complete(promise, context: context)
        }
    }

    /// Completes `promise` after every earlier write, as SwiftNIO's encoder does for a part that writes nothing: an
    /// empty buffer carries it down the pipeline.
    private func complete(_ promise: EventLoopPromise<Void>?, context: ChannelHandlerContext) {
        guard let promise else { return }
        context.write(wrapOutboundOut(.byteBuffer(context.channel.allocator.buffer(capacity: 0))), promise: promise)
    }

    /// `answer` (the bytes of a whole answer) with `fields` written after its last field, before the blank line.
    static func adding(_ fields: HTTPHeaders, to answer: ByteBuffer) -> ByteBuffer {
        let view = answer.readableBytesView
        let end: Int = view.withUnsafeBytes { bytes in
            var index = 0
            while index + 3 < bytes.count {
                if bytes[index] == 13, bytes[index + 1] == 10, bytes[index + 2] == 13, bytes[index + 3] == 10 { return index + 2 }
                index += 1
            }
            return bytes.count
        }
        var result = ByteBufferAllocator().buffer(capacity: answer.readableBytes + 64)
        result.writeImmutableBuffer(answer.getSlice(at: answer.readerIndex, length: end)!)
        for field in fields {
            result.writeString(field.name)
            result.writeStaticString(": ")
            result.writeString(field.value)
            result.writeStaticString("\r\n")
        }
        result.writeImmutableBuffer(answer.getSlice(at: answer.readerIndex + end, length: answer.readableBytes - end)!)
        return result
    }
}
