internal import HTTPTypes
internal import NIOCore
internal import NIOHTTP1
internal import NIOHTTPTypesHTTP1
internal import TiercHTTP1
internal import TiercHummingbird

/// The first handler of a decision-only connection (docs/serve.md#the-plain-request-scanner): it answers the plain
/// request heads that ``PlainRequestScanner`` reads, on the event loop and in the order they arrive, straight from
/// the connection's bytes and without SwiftNIO's HTTP/1 parser, pipelining handler or header conversion. At the first
/// request that is not plain (or whose answer must wait for the store), it hands that request's bytes and everything
/// after them to SwiftNIO's parser behind it, which reads the rest of the connection as it read every request before
/// (``PublicChannelHandler``): limits, `400`s, bodies and pipelining are then SwiftNIO's.
final class PlainRequestHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let answerer: PublicAnswerer
    /// The handler behind SwiftNIO's parser, told when a plain request arrives (its idle timeout).
    private let connection: PublicChannelHandler
    private var scanner = PlainRequestScanner()
    /// The start of a head not yet whole, kept until the rest arrives.
    private var pending: ByteBuffer?
    /// SwiftNIO's parser reads the connection from now on.
    private var handedOver = false
    /// A plain request asked to close the connection: nothing after it is read.
    private var closing = false
    private var unflushed = false
    private var date = HTTPDate()

    init(answerer: PublicAnswerer, connection: PublicChannelHandler) {
        self.answerer = answerer
        self.connection = connection
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if handedOver {
            context.fireChannelRead(data)
            return
        }
        if closing { return }
        var input = unwrapInboundIn(data)
        if var kept = pending {
            pending = nil
            kept.writeBuffer(&input)
            input = kept
        }
        var answered = false
        scanning: while input.readableBytes > 0 {
            switch scanner.scan(input) {
            case .needMore:
                pending = input
                break scanning
            case .other:
                handOver(input, context: context)
                return
            case .request(let head):
                // SwiftNIO's parser refuses bytes after a `Connection: close` request (its 400 follows the answer):
                // such a request, and what follows it, are its to read.
                if !head.keepAlive, input.readableBytes > head.length {
                    handOver(input, context: context)
                    return
                }
                guard case .now(let answer) = answerer.answer(head.request) else {
                    // Answered later (the store must be awaited): SwiftNIO's side reads this request again and keeps
                    // the answers in order; the answerer has decided nothing yet.
                    handOver(input, context: context)
                    return
                }
                input.moveReaderIndex(forwardBy: head.length)
                if !answered {
                    answered = true
                    connection.noteActivity()
                }
                write(answer, method: head.request.method, keepAlive: head.keepAlive, context: context)
                if !head.keepAlive { return }
            }
        }
    }

    /// Passes `input` (from the first byte of a request on) and every later read to SwiftNIO's parser.
    private func handOver(_ input: ByteBuffer, context: ChannelHandlerContext) {
        handedOver = true
        context.fireChannelRead(wrapInboundOut(input))
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        flushIfNeeded(context)
        context.fireChannelReadComplete()
    }

    /// The end of the client's input (half-closure): a head cut short goes to SwiftNIO's parser, which answers it as
    /// it answers any request cut short; then the event goes on to ``PublicChannelHandler``, which closes the
    /// connection once its answers are written.
    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        flushIfNeeded(context)
        if case ChannelEvent.inputClosed = event, !handedOver, let kept = pending {
            pending = nil
            handOver(kept, context: context)
        }
        context.fireUserInboundEventTriggered(event)
    }

    private func flushIfNeeded(_ context: ChannelHandlerContext) {
        guard unflushed else { return }
        unflushed = false
        context.flush()
    }

    /// Writes `answer` as bytes (``AnswerBytes``), as ``PublicChannelHandler`` writes it; flushed when the read is
    /// done, or at once for a request that closes the connection, which then closes.
    private func write(_ answer: PublicAnswer, method: HTTPRequest.Method, keepAlive: Bool, context: ChannelHandlerContext) {
        var bytes = context.channel.allocator.buffer(capacity: 384 + answer.answer.body.readableBytes)
        AnswerBytes.write(answer, method: HTTPMethod(method), date: date.text(at: TiercClock.now()), to: &bytes)
        if keepAlive {
            unflushed = true
            context.write(wrapOutboundOut(bytes), promise: nil)
        } else {
            closing = true
            unflushed = false
            context.writeAndFlush(wrapOutboundOut(bytes)).assumeIsolated().whenComplete { _ in context.close(promise: nil) }
        }
    }
}
