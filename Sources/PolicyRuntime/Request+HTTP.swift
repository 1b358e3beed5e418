extension Request {
    /// A request as an HTTP server receives it (docs/serve.md): the request target of the request line
    /// (`/path?query`), the Host header (HTTP/2 `:authority`), and the header fields in arrival order.
    ///
    /// The path is the target up to its first `?`, exactly as sent: no percent-decoding and no normalisation, because
    /// route globs match the path as the log records it (docs/simulation.md#fine-point-7-13); the query is the rest,
    /// raw (identification decodes it, docs/simulation.md#fine-point-7-10). An empty path is `/`. No `tenant` claim: a
    /// client cannot name a tenant resolved upstream, it is identified by the policy's methods.
    public init(target: String, host: String?, headers: [(name: String, value: String)]) {
        var path = target
        var query: String?
        if let mark = target.utf8.firstIndex(of: UInt8(ascii: "?")) {
            path = String(target[..<mark])
            query = String(target[target.utf8.index(after: mark)...])
        }
        self.init(tenant: .absent, path: path.isEmpty ? "/" : path, host: host, query: query, headers: headers)
    }
}
