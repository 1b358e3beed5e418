/// One request as the runtime sees it (docs/log-format.md#request-lines): what identification and routing need.
public struct Request: Sendable, Hashable {
    /// The `tenant` field of a log record: a tenant resolved upstream.
    public enum TenantClaim: Sendable, Hashable {
        /// No tenant given (or `null`): identification runs.
        case absent
        /// A tenant id resolved upstream: identification is skipped.
        case id(String)
        /// A value that is not a string: an unknown id (401), docs/simulation.md#fine-point-7-6.
        case invalid
    }

    public var tenant: TenantClaim
    /// The path without the query (default `/`).
    public var path: String
    /// The Host header, for subdomain identification.
    public var host: String?
    /// The raw query string.
    public var query: String?
    /// String-valued headers in the order given; names compare case-insensitively and the first wins.
    public var headers: [(name: String, value: String)]

    public init(tenant: TenantClaim = .absent, path: String = "/", host: String? = nil, query: String? = nil,
                headers: [(name: String, value: String)] = []) {
        self.tenant = tenant
        self.path = path
        self.host = host
        self.query = query
        self.headers = headers
    }

    /// The value of the first header whose name equals `name` ignoring ASCII case.
    public func header(_ name: String) -> String? {
        headers.first { ASCII.equalsIgnoringCase($0.name, name) }?.value
    }

    public static func == (lhs: Request, rhs: Request) -> Bool {
        lhs.tenant == rhs.tenant && lhs.path == rhs.path && lhs.host == rhs.host && lhs.query == rhs.query
            && lhs.headers.elementsEqual(rhs.headers) { $0.name == $1.name && $0.value == $1.value }
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(tenant)
        hasher.combine(path)
        hasher.combine(host)
        hasher.combine(query)
        for header in headers {
            hasher.combine(header.name)
            hasher.combine(header.value)
        }
    }
}

/// ASCII-only text helpers: HTTP names and schemes compare without locale rules.
enum ASCII {
    static func lower(_ byte: UInt8) -> UInt8 { byte >= 65 && byte <= 90 ? byte + 32 : byte }

    static func equalsIgnoringCase(_ a: String, _ b: String) -> Bool {
        guard a.utf8.count == b.utf8.count else { return false }
        var a = a
        var b = b
        return a.withUTF8 { a in
            b.withUTF8 { b in
                for index in 0..<a.count where a[index] != b[index] && lower(a[index]) != lower(b[index]) { return false }
                return true
            }
        }
    }

    static func lowercased(_ text: String) -> String {
        String(decoding: text.utf8.map(lower), as: UTF8.self)
    }

    /// HTTP optional white space and the other ASCII spaces.
    static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0B || byte == 0x0C }

    /// The bounds of `bytes` without leading and trailing ``isSpace(_:)`` bytes.
    static func trimmedRange(_ bytes: UnsafeBufferPointer<UInt8>) -> (start: Int, end: Int) {
        var start = 0
        var end = bytes.count
        while start < end, isSpace(bytes[start]) { start += 1 }
        while end > start, isSpace(bytes[end - 1]) { end -= 1 }
        return (start, end)
    }
}
