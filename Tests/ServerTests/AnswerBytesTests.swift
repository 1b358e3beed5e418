import HTTPTypes
import NIOCore
import NIOEmbedded
import NIOHTTP1
import Testing
import TiercHummingbird
@testable import TiercServer

/// The public listener writes each answer as bytes (AnswerBytes, AnswerEncoder; docs/serve.md#performance): they
/// must be the bytes SwiftNIO's HTTPResponseEncoder wrote for the same answer before, when the listener built a
/// head with the answer's fields, `Content-Length` and `Date` and wrote it, the body and the end through SwiftNIO's
/// server pipeline.
@Suite("tierc serve: answers as bytes")
struct AnswerBytesTests {
    static let date = "Sun, 02 Nov 2025 21:00:00 GMT"

    /// What SwiftNIO's server pipeline wrote for `answer` to a request with `method`, the way the listener wrote it
    /// before AnswerBytes: the request goes in first, so that the encoder knows its method (HEAD, CONNECT).
    /// `headFields` are added to the head as the pipelining handler adds `connection: close` during a shutdown.
    static func nioBytes(_ answer: TiercAnswer, method: String, headFields: [(String, String)] = []) throws -> String {
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: false,
                                                                         withOutboundHeaderValidation: false)
        let target = method == "CONNECT" ? "example.com:443" : "/api/v1/orders"
        try channel.writeInbound(ByteBuffer(string: "\(method) \(target) HTTP/1.1\r\nHost: a\r\n\r\n"))
        while try channel.readInbound(as: HTTPServerRequestPart.self) != nil {}
        var headers = HTTPHeaders()
        for field in answer.fields { headers.add(name: field.name.rawName, value: field.value) }
        headers.add(name: "Content-Length", value: String(answer.body.readableBytes))
        headers.add(name: "Date", value: date)
        for (name, value) in headFields { headers.replaceOrAdd(name: name, value: value) }
        let status = HTTPResponseStatus(statusCode: answer.status.code, reasonPhrase: answer.status.reasonPhrase)
        try channel.writeOutbound(HTTPServerResponsePart.head(HTTPResponseHead(version: .http1_1, status: status, headers: headers)))
        if answer.body.readableBytes > 0 { _ = try? channel.writeOutbound(HTTPServerResponsePart.body(.byteBuffer(answer.body))) }
        try channel.writeOutbound(HTTPServerResponsePart.end(nil))
        return try outbound(channel)
    }

    /// What the listener's own pipeline end (AnswerEncoder) sends for the parts PublicChannelHandler writes.
    static func ownBytes(_ answer: TiercAnswer, method: HTTPMethod, headFields: [(String, String)] = []) throws -> String {
        let channel = EmbeddedChannel(handler: AnswerEncoder())
        var bytes = ByteBuffer()
        AnswerBytes.write(answer, method: method, date: date, to: &bytes)
        var head = AnswerEncoder.keepAliveHead
        for (name, value) in headFields { head.headers.replaceOrAdd(name: name, value: value) }
        try channel.writeOutbound(HTTPServerResponsePart.head(head))
        try channel.writeOutbound(HTTPServerResponsePart.body(.byteBuffer(bytes)))
        try channel.writeOutbound(HTTPServerResponsePart.end(nil))
        return try outbound(channel)
    }

    static func outbound(_ channel: EmbeddedChannel) throws -> String {
        var text = ""
        while let data = try channel.readOutbound(as: IOData.self) {
            guard case .byteBuffer(let buffer) = data else { continue }
            text += String(buffer: buffer)
        }
        _ = try? channel.finish()
        return text
    }

    static func answer(_ status: HTTPResponse.Status, body: String = #"{"tenant_id":"t0001","tier":"free"}"#,
                       fields: HTTPFields = [:]) -> TiercAnswer {
        var all = fields
        all[.contentType] = "application/json"
        return TiercAnswer(status: status, fields: all, body: ByteBuffer(string: body))
    }

    static let rateLimited: HTTPFields = [
        RateLimitHeaders.limit: "100", RateLimitHeaders.remaining: "0", RateLimitHeaders.reset: "1762124400",
        RateLimitHeaders.policy: #""hourly";q=100;w=3600, "monthly";q=1000;w=2592000"#,
        RateLimitHeaders.rateLimit: #""hourly";r=0;t=1800"#, .retryAfter: "1800",
    ]

    @Test(arguments: ["GET", "HEAD", "POST", "CONNECT"])
    func answersAreTheBytesOfSwiftNIOsEncoder(_ method: String) throws {
        let answers = [
            Self.answer(.ok),
            Self.answer(.ok, fields: Self.rateLimited),
            Self.answer(.tooManyRequests, body: #"{"error":"Quota exceeded","message":"Hourly API call limit exceeded (100 calls/hour)"}"#,
                        fields: Self.rateLimited),
            Self.answer(.unauthorized, fields: [.wwwAuthenticate: "Bearer"]),
            Self.answer(.forbidden), Self.answer(.badRequest), Self.answer(.methodNotAllowed, fields: [.allow: "GET, HEAD"]),
            Self.answer(.serviceUnavailable), TiercAnswer(status: .internalServerError),
            Self.answer(.ok, body: String(repeating: "x", count: 5_000)),
            Self.answer(.noContent, body: ""), TiercAnswer(status: .notModified, fields: [.contentLength: "12"]),
            Self.answer(.ok, fields: [.transferEncoding: "chunked"]),
            Self.answer(HTTPResponse.Status(code: 299, reasonPhrase: "Own Reason")),
            Self.answer(HTTPResponse.Status(code: 429, reasonPhrase: "Not NIO's Reason")),
        ]
        for answer in answers {
            #expect(try Self.ownBytes(answer, method: HTTPMethod(rawValue: method)) == Self.nioBytes(answer, method: method),
                    "\(method) \(answer.status)")
        }
    }

    @Test func fieldsAddedToTheHeadDuringAShutdownEndTheHeaderSection() throws {
        let answer = Self.answer(.tooManyRequests, fields: Self.rateLimited)
        let own = try Self.ownBytes(answer, method: .GET, headFields: [("connection", "close")])
        #expect(own == (try Self.nioBytes(answer, method: "GET", headFields: [("connection", "close")])))
        #expect(own.contains("Date: \(Self.date)\r\nconnection: close\r\n\r\n{"))
    }

    @Test func refusedRequestsGetSwiftNIOs400() throws {
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: false,
                                                                         withOutboundHeaderValidation: false)
        // A malformed header line: the parser's error puts the pipelining handler in the state of an answer due.
        _ = try? channel.writeInbound(ByteBuffer(string: "GET / HTTP/1.1\r\nHost: a\r\nno colon\r\n\r\n"))
        let head = HTTPResponseHead(version: .http1_1, status: .badRequest,
                                    headers: HTTPHeaders([("Connection", "close"), ("Content-Length", "0")]))
        try channel.writeOutbound(HTTPServerResponsePart.head(head))
        try channel.writeOutbound(HTTPServerResponsePart.end(nil))
        #expect(try Self.outbound(channel) == AnswerBytes.badRequest)
    }

    @Test(arguments: ["tenant-a", "t0001", "", "a\"quote", "back\\slash", "tab\t", "café ☕", "\u{1F}"])
    func admissionsBodyIsTheWritersBody(_ id: String) {
        var writer = JSONObjectWriter()
        writer.string("tenant_id", id)
        writer.string("tier", id + "-tier")
        let expected = RefusalResponse.json(.ok, writer)
        let answer = DecisionOnlyAnswer.answer(tenant: IdentifiedTenant(index: 0, id: id, tier: id + "-tier"))
        #expect(answer.status == expected.status)
        #expect(answer.fields == expected.fields)
        #expect(answer.body == expected.body, "\(String(buffer: answer.body))")
    }
}
