internal import AsyncAlgorithms
internal import HTTPTypes
internal import Hummingbird
internal import NIOCore
internal import NIOHTTP1
internal import NIOHTTPTypes
internal import NIOHTTPTypesHTTP1
internal import NIOPosix
internal import TiercHummingbird

/// Forwards an admitted request to `--upstream` (docs/serve.md, "Forwarding"), one HTTP/1.1 connection per
/// request: the request body is streamed up, the response body streamed back with backpressure (one buffer in
/// flight). Hop-by-hop fields are dropped both ways; `X-Forwarded-For/-Proto/-Host` are added, and
/// `X-Tenant-ID`/`X-Tenant-Tier` are set to the identified tenant after removing any client copies. An upstream
/// that cannot be reached, or fails before its response head, gives 502.
struct UpstreamForwarder: Sendable {
    let upstream: UpstreamURL
    let group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton

    static let tenantID = HTTPField.Name("X-Tenant-ID")!
    static let tenantTier = HTTPField.Name("X-Tenant-Tier")!
    static let forwardedFor = HTTPField.Name("X-Forwarded-For")!
    static let forwardedProto = HTTPField.Name("X-Forwarded-Proto")!
    static let forwardedHost = HTTPField.Name("X-Forwarded-Host")!
    /// Seconds to wait for a connection to the upstream.
    static let connectTimeout: Int64 = 5

    /// RFC 9110 §7.6.1 and the fields HTTP/1.1 proxies never forward.
    static let hopByHop: Set<String> = [
        "connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "proxy-connection", "te", "trailer",
        "transfer-encoding", "upgrade",
    ]

    func respond(to request: Request, context: BasicTiercRequestContext) async throws -> Response {
        let head = upstreamHead(request, context: context)
        let body = request.body
        let (heads, headContinuation) = AsyncStream<Result<HTTPResponse, any Error>>.makeStream()
        let bodyParts = AsyncThrowingChannel<ByteBuffer, any Error>()
        let exchange = Task {
            var headSent = false
            do {
                let channel = try await connect()
                try await channel.executeThenClose { inbound, outbound in
                    try await outbound.write(.head(head))
                    for try await part in body { try await outbound.write(.body(part)) }
                    try await outbound.write(.end(nil))
                    for try await part in inbound {
                        switch part {
                        case .head(let response) where response.status.kind != .informational:
                            headContinuation.yield(.success(response))
                            headSent = true
                        case .head: continue
                        case .body(let buffer): await bodyParts.send(buffer)
                        case .end: bodyParts.finish(); return
                        }
                    }
                    throw ChannelError.eof
                }
            } catch {
                if headSent { bodyParts.fail(error) } else { headContinuation.yield(.failure(error)) }
            }
            headContinuation.finish()
        }
        var iterator = heads.makeAsyncIterator()
        guard case .success(let response)? = await iterator.next() else {
            exchange.cancel()
            return badGateway()
        }
        var fields = Self.endToEnd(response.headerFields)
        let length = fields[.contentLength].flatMap { Int($0) }
        fields[.contentLength] = nil
        return Response(status: response.status, headers: fields, body: ResponseBody(contentLength: length) { writer in
            defer { exchange.cancel() }
            for try await buffer in bodyParts { try await writer.write(buffer) }
            try await writer.finish(nil)
        })
    }

    /// The request as the upstream gets it.
    func upstreamHead(_ request: Request, context: BasicTiercRequestContext) -> HTTPRequest {
        var fields = Self.endToEnd(request.headers)
        fields[Self.tenantID] = nil
        fields[Self.tenantTier] = nil
        if let tenant = context.tierc.tenant {
            fields[Self.tenantID] = tenant.id
            fields[Self.tenantTier] = tenant.tier
        }
        if let client = context.clientAddress {
            let earlier = fields[Self.forwardedFor]
            fields[Self.forwardedFor] = earlier.map { "\($0), \(client)" } ?? client
        }
        fields[Self.forwardedProto] = "http"
        if let host = request.head.authority { fields[Self.forwardedHost] = host }
        let target = upstream.basePath + (request.head.path ?? "/")
        return HTTPRequest(method: request.method, scheme: nil, authority: upstream.authority, path: target, headerFields: fields)
    }

    /// `fields` without hop-by-hop fields, those the `Connection` field names included.
    static func endToEnd(_ fields: HTTPFields) -> HTTPFields {
        var named = hopByHop
        for value in fields[values: .connection] {
            for token in value.split(separator: ",") {
                named.insert(token.withoutOptionalWhitespace.lowercased())
            }
        }
        var kept = HTTPFields()
        for field in fields where !named.contains(field.name.canonicalName) { kept.append(field) }
        return kept
    }

    private func connect() async throws -> NIOAsyncChannel<HTTPResponsePart, HTTPRequestPart> {
        try await ClientBootstrap(group: group)
            .connectTimeout(.seconds(Self.connectTimeout))
            .connect(host: upstream.host, port: upstream.port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    try channel.pipeline.syncOperations.addHandler(HTTP1ToHTTPClientCodec())
                    return try NIOAsyncChannel<HTTPResponsePart, HTTPRequestPart>(wrappingChannelSynchronously: channel)
                }
            }
    }

    private func badGateway() -> Response {
        var body = JSONObjectWriter()
        body.string("error", "Bad Gateway")
        body.string("message", "The upstream \(upstream) could not be reached or failed before answering.")
        return RefusalResponse.json(.badGateway, body).response
    }
}

extension Substring {
    /// Without leading and trailing spaces and tabs (HTTP's optional white space).
    var withoutOptionalWhitespace: Substring {
        var text = self
        while let first = text.first, first == " " || first == "\t" { text = text.dropFirst() }
        while let last = text.last, last == " " || last == "\t" { text = text.dropLast() }
        return text
    }
}
