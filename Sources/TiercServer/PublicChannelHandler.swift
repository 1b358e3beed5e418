internal import HTTPTypes
internal import NIOCore
internal import NIOHTTP1
internal import NIOHTTPTypesHTTP1
internal import TiercHummingbird

/// One connection of the public listener in decision-only mode (docs/serve.md#performance), for the requests that
/// ``PlainRequestHandler`` leaves to SwiftNIO's parser (docs/serve.md#the-plain-request-scanner): each request head is
/// answered in this handler, on the connection's event loop, without a task when the answer is ready at once (the
/// in-memory store); a store that must be awaited completes a promise from a task and the answer is written when it
/// arrives. SwiftNIO's HTTP/1 decoder and pipelining handler around it parse within ``TiercServe/Limits``, keep
/// pipelined answers in order, and drain the connection on a graceful shutdown; answers are written as bytes
/// (``AnswerBytes``) through ``AnswerEncoder``, flushed once per read. The handler answers what the parser refuses
/// 400 and closes a connection idle for ``TiercServe/Limits/idleSeconds``.
final class PublicChannelHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let answerer: PublicAnswerer
    /// Answers awaited from the store and not yet written; the idle timeout never closes a connection that waits.
    private var awaiting = 0
    /// The client has closed its side (half-closure): the connection closes once nothing is awaited.
    private var inputClosed = false
    private var date = HTTPDate()
    /// Answers have been written and not yet flushed.
    private var unflushed = false
    /// When a request head last arrived or an answer was last written, and the check of the idle timeout: kept here
    /// rather than by an `IdleStateHandler`, which every request part would pass through.
    private var lastActivity = NIODeadline.now()
    private var idleCheck: Scheduled<Void>?
    static let idleTimeout = TimeAmount.seconds(TiercServe.Limits.idleSeconds)

    init(answerer: PublicAnswerer) {
        self.answerer = answerer
    }

    /// Adds SwiftNIO's HTTP/1 request decoder with tierc's limits and its pipelining handler, ``AnswerEncoder`` in
    /// the place of SwiftNIO's response encoder, and this handler, to `channel`: the handlers, in the order, that
    /// SwiftNIO's `configureHTTPServerPipeline` adds (without its error handler and header validator), and in front
    /// of them ``PlainRequestHandler`` (docs/serve.md#the-plain-request-scanner). With `plainRequests` false, SwiftNIO's parser reads every request (no ``PlainRequestHandler``): the tests
    /// compare the bytes the two pipelines answer.
    static func configure(_ channel: any Channel, answerer: PublicAnswerer, plainRequests: Bool = true) throws {
        let handler = PublicChannelHandler(answerer: answerer)
        var limits = NIOHTTPDecoderLimitConfiguration()
        limits.maxHeaderFieldSize = TiercServe.Limits.headerFieldBytes
        limits.maxHeaderListSize = TiercServe.Limits.headerListBytes
        limits.maxHeaderFieldCount = TiercServe.Limits.headerFieldCount
        let operations = channel.pipeline.syncOperations
        // Malformed requests are answered by errorCaught below rather than by SwiftNIO's error handler, which would
        // write into a connection that a graceful shutdown has closed (a request head cut short).
        try operations.addHandler(AnswerEncoder())
        try operations.addHandler(ByteToMessageHandler(HTTPRequestDecoder(leftOverBytesStrategy: .dropBytes,
                                                                          limitConfiguration: limits)))
        try operations.addHandler(HTTPServerPipelineHandler())
        try operations.addHandler(handler)
        // In front of them all, tierc's own scanner answers plain request heads (docs/serve.md#the-plain-request-scanner).
        if plainRequests {
            try operations.addHandler(PlainRequestHandler(answerer: answerer, connection: handler), position: .first)
        }
    }

    /// A plain request was answered in front of SwiftNIO's parser (``PlainRequestHandler``): the connection is not idle.
    func noteActivity() {
        lastActivity = .now()
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { checkIdle(context, at: .now() + Self.idleTimeout) }
    }

    func channelActive(context: ChannelHandlerContext) {
        if idleCheck == nil { checkIdle(context, at: .now() + Self.idleTimeout) }
        context.fireChannelActive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        idleCheck?.cancel()
        idleCheck = nil
    }

    /// docs/serve.md, "Bad input": a connection with no request head read and no answer written for 30 s, and no
    /// answer awaited, is closed.
    private func checkIdle(_ context: ChannelHandlerContext, at deadline: NIODeadline) {
        idleCheck = context.eventLoop.assumeIsolated().scheduleTask(deadline: deadline) {
            self.idleCheck = nil
            let due = self.lastActivity + Self.idleTimeout
            if self.awaiting == 0, NIODeadline.now() >= due {
                context.close(promise: nil)
            } else {
                self.checkIdle(context, at: self.awaiting == 0 ? due : .now() + Self.idleTimeout)
            }
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard case .head(let head) = unwrapInboundIn(data) else { return }  // a body is not read in decision-only mode
        lastActivity = .now()
        let keepAlive = head.isKeepAlive
        let method = head.method
        guard let request = Self.request(head) else {
            write(PublicAnswer(RefusalResponse.badRequest("The request head cannot be read.")), method: method, keepAlive: false, context: context)
            return
        }
        switch answerer.answer(request) {
        case .now(let answer):
            write(answer, method: method, keepAlive: keepAlive, context: context)
        case .later(let work):
            awaiting += 1
            let promise = context.eventLoop.makePromise(of: PublicAnswer.self)
            promise.completeWithTask { await work() }
            promise.futureResult.assumeIsolated().whenSuccess { answer in
                self.awaiting -= 1
                self.lastActivity = .now()
                self.write(answer, method: method, keepAlive: keepAlive && !(self.inputClosed && self.awaiting == 0),
                           context: context)
                self.flushIfNeeded(context)
            }
        }
    }

    /// Answers written since the last flush go out together when the read that brought their requests is done
    /// (one write to the socket for a batch of pipelined requests).
    func channelReadComplete(context: ChannelHandlerContext) {
        flushIfNeeded(context)
        context.fireChannelReadComplete()
    }

    private func flushIfNeeded(_ context: ChannelHandlerContext) {
        guard unflushed else { return }
        unflushed = false
        context.flush()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case ChannelEvent.inputClosed = event {
            inputClosed = true
            flushIfNeeded(context)
            if awaiting == 0 { context.close(promise: nil) }
            return
        }
        context.fireUserInboundEventTriggered(event)
    }

    /// docs/serve.md, "Bad input": a request SwiftNIO's parser refuses is answered `400` with `Connection: close`
    /// and an empty body, exactly as SwiftNIO's `HTTPServerProtocolErrorHandler` answers it, and the connection
    /// closes; a connection already closed (a graceful shutdown) or failing otherwise is just closed.
    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard error is HTTPParserError, context.channel.isActive, awaiting == 0 else {
            context.close(promise: nil)
            return
        }
        flushIfNeeded(context)
        context.write(wrapOutboundOut(.head(AnswerEncoder.closingHead)), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: AnswerBytes.badRequest)))), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil))).assumeIsolated().whenComplete { _ in context.close(promise: nil) }
    }

    /// The request's head in HTTPTypes, as Hummingbird converts it (the first `Host` as the authority). An
    /// origin-form target (`/…`) is the path as sent; another form goes through swift-nio-extras' conversion.
    static func request(_ head: HTTPRequestHead) -> HTTPRequest? {
        guard head.uri.utf8.first == UInt8(ascii: "/") else { return try? HTTPRequest(head, secure: false, splitCookie: false) }
        guard let method = try? HTTPRequest.Method(head.method) else { return nil }
        return HTTPRequest(method: method, scheme: "http", authority: head.headers.first(name: "Host"), path: head.uri,
                           headerFields: HTTPFields(head.headers, splitCookie: false))
    }

    /// Writes `answer` to a request with `method`, with `Content-Length` and `Date` (as Hummingbird does), as bytes
    /// (``AnswerBytes``, ``AnswerEncoder``); flushed when the read is done (``channelReadComplete(context:)``), or at
    /// once when the request asked to close the connection (`Connection: close`, or HTTP/1.0 without keep-alive),
    /// which then closes.
    private func write(_ answer: PublicAnswer, method: HTTPMethod, keepAlive: Bool, context: ChannelHandlerContext) {
        var bytes = context.channel.allocator.buffer(capacity: 384 + answer.answer.body.readableBytes)
        AnswerBytes.write(answer, method: method, date: date.text(at: TiercClock.now()), to: &bytes)
        context.write(wrapOutboundOut(.head(AnswerEncoder.keepAliveHead)), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(bytes))), promise: nil)
        if keepAlive {
            unflushed = true
            context.write(wrapOutboundOut(.end(nil)), promise: nil)
        } else {
            unflushed = false
            context.writeAndFlush(wrapOutboundOut(.end(nil))).assumeIsolated().whenComplete { _ in context.close(promise: nil) }
        }
    }
}
