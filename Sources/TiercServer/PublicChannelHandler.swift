internal import HTTPTypes
internal import NIOCore
internal import NIOHTTP1
internal import NIOHTTPTypesHTTP1
internal import TiercHummingbird

/// One connection of the public listener in decision-only mode (docs/serve.md#performance): each request head is
/// answered in this handler, on the connection's event loop, without a task when the answer is ready at once (the
/// in-memory store); a store that must be awaited completes a promise from a task and the answer is written when it
/// arrives. SwiftNIO's HTTP/1 pipeline around it parses within ``TiercServe/Limits``, keeps pipelined answers in
/// order, and drains the connection on a graceful shutdown; the handler answers what the parser refuses 400 and
/// closes a connection idle for ``TiercServe/Limits/idleSeconds``.
final class PublicChannelHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let answerer: PublicAnswerer
    /// Answers awaited from the store and not yet written; the idle timeout never closes a connection that waits.
    private var awaiting = 0
    /// The client has closed its side (half-closure): the connection closes once nothing is awaited.
    private var inputClosed = false
    private var date = HTTPDate()
    /// When a request head last arrived or an answer was last written, and the check of the idle timeout: kept here
    /// rather than by an `IdleStateHandler`, which every request part would pass through.
    private var lastActivity = NIODeadline.now()
    private var idleCheck: Scheduled<Void>?
    static let idleTimeout = TimeAmount.seconds(TiercServe.Limits.idleSeconds)

    init(answerer: PublicAnswerer) {
        self.answerer = answerer
    }

    /// Adds SwiftNIO's HTTP/1 server pipeline with tierc's limits, and this handler, to `channel`.
    static func configure(_ channel: any Channel, answerer: PublicAnswerer) throws {
        var limits = NIOHTTPDecoderLimitConfiguration()
        limits.maxHeaderFieldSize = TiercServe.Limits.headerFieldBytes
        limits.maxHeaderListSize = TiercServe.Limits.headerListBytes
        limits.maxHeaderFieldCount = TiercServe.Limits.headerFieldCount
        let operations = channel.pipeline.syncOperations
        // Malformed requests are answered by errorCaught below rather than by SwiftNIO's error handler, which would
        // write into a connection that a graceful shutdown has closed (a request head cut short).
        try operations.configureHTTPServerPipeline(withPipeliningAssistance: true, withErrorHandling: false,
                                                   withOutboundHeaderValidation: false, withEncoderConfiguration: .init(),
                                                   withDecoderLimitConfiguration: limits)
        try operations.addHandler(PublicChannelHandler(answerer: answerer))
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
        guard let request = Self.request(head) else {
            write(RefusalResponse.badRequest("The request head cannot be read."), keepAlive: false, context: context)
            return
        }
        switch answerer.answer(request) {
        case .now(let answer):
            write(answer, keepAlive: keepAlive, context: context)
        case .later(let work):
            awaiting += 1
            let promise = context.eventLoop.makePromise(of: TiercAnswer.self)
            promise.completeWithTask { await work() }
            promise.futureResult.assumeIsolated().whenSuccess { answer in
                self.awaiting -= 1
                self.lastActivity = .now()
                self.write(answer, keepAlive: keepAlive && !(self.inputClosed && self.awaiting == 0), context: context)
            }
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case ChannelEvent.inputClosed = event {
            inputClosed = true
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
        let head = HTTPResponseHead(version: .http1_1, status: .badRequest,
                                    headers: HTTPHeaders([("Connection", "close"), ("Content-Length", "0")]))
        context.write(wrapOutboundOut(.head(head)), promise: nil)
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

    /// Writes `answer` with `Content-Length` and `Date` (as Hummingbird does), then closes the connection when the
    /// request asked for it (`Connection: close`, or HTTP/1.0 without keep-alive).
    private func write(_ answer: TiercAnswer, keepAlive: Bool, context: ChannelHandlerContext) {
        var headers = HTTPHeaders()
        headers.reserveCapacity(answer.fields.count + 2)
        for field in answer.fields { headers.add(name: field.name.rawName, value: field.value) }
        headers.add(name: "Content-Length", value: String(answer.body.readableBytes))
        headers.add(name: "Date", value: date.text(at: TiercClock.now()))
        let status = HTTPResponseStatus(statusCode: answer.status.code, reasonPhrase: answer.status.reasonPhrase)
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: status, headers: headers))), promise: nil)
        if answer.body.readableBytes > 0 { context.write(wrapOutboundOut(.body(.byteBuffer(answer.body))), promise: nil) }
        if keepAlive {
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        } else {
            context.writeAndFlush(wrapOutboundOut(.end(nil))).assumeIsolated().whenComplete { _ in context.close(promise: nil) }
        }
    }
}
