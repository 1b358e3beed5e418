public import HTTPTypes

/// A request head that tierc's own HTTP/1.1 scanner read in full (docs/serve.md#the-plain-request-scanner): the
/// request as HTTPTypes carries it (the first `Host` as the authority, the target as the path, the other fields in
/// order), whether the connection stays open after its answer, and how many bytes the head took.
public struct PlainRequestHead: Sendable {
    public var request: HTTPRequest
    /// False for `Connection: close`; an HTTP/1.1 request keeps the connection open otherwise.
    public var keepAlive: Bool
    /// The head's length in bytes, request line to blank line included: where the next request starts.
    public var length: Int

    public init(request: HTTPRequest, keepAlive: Bool, length: Int) {
        self.request = request
        self.keepAlive = keepAlive
        self.length = length
    }
}
