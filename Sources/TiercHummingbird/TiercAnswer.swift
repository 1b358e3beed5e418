public import HTTPTypes
public import Hummingbird
public import NIOCore

/// An answer that tierc writes itself (docs/serve.md, "Refusals", "tierc's own endpoints"): status, header fields
/// and a complete body. A plain value rather than a Hummingbird `Response`, whose body can only be written
/// asynchronously, so that `tierc serve`'s public listener can write it on the event loop without a task
/// (docs/serve.md#performance) and the middleware can hand it to Hummingbird (``response``).
public struct TiercAnswer: Sendable {
    public var status: HTTPResponse.Status
    /// The fields of the answer (`Content-Type` included, `Content-Length` not: it follows from ``body``).
    public var fields: HTTPFields
    public var body: ByteBuffer

    public init(status: HTTPResponse.Status, fields: HTTPFields = [:], body: ByteBuffer = ByteBuffer()) {
        self.status = status
        self.fields = fields
        self.body = body
    }

    /// The same answer as a Hummingbird response (which adds `Content-Length`).
    public var response: Response {
        Response(status: status, headers: fields, body: ResponseBody(byteBuffer: body))
    }
}
