/// A request seen through the bytes of the line it came from, for identifying and routing it without building
/// any text (``RequestResolver/resolve(bytes:keys:at:)``). Every buffer points into memory the caller keeps alive
/// for the call; none is retained.
///
/// It holds only what a log line carried plainly: no string with an escape, no header given twice or with a
/// value that is not a string (``Request`` describes those, and the caller resolves them as a ``Request``).
public struct RequestBytes {
    /// The `tenant` field: absent (or `null`), or the UTF-8 bytes of a string.
    public var tenant: UnsafeBufferPointer<UInt8>?
    /// The path; nil is the default `/`.
    public var path: UnsafeBufferPointer<UInt8>?
    public var host: UnsafeBufferPointer<UInt8>?
    public var query: UnsafeBufferPointer<UInt8>?
    /// Headers in the order given, each name at most once.
    public var headers: UnsafeBufferPointer<HeaderBytes>

    public init(tenant: UnsafeBufferPointer<UInt8>?, path: UnsafeBufferPointer<UInt8>?,
                host: UnsafeBufferPointer<UInt8>?, query: UnsafeBufferPointer<UInt8>?,
                headers: UnsafeBufferPointer<HeaderBytes>) {
        self.tenant = tenant
        self.path = path
        self.host = host
        self.query = query
        self.headers = headers
    }

    /// The value of the first header whose name equals `name` (ASCII lower case) ignoring ASCII case.
    func header(lowercased name: [UInt8]) -> UnsafeBufferPointer<UInt8>? {
        name.withUnsafeBufferPointer { name in
            for header in headers where header.name.count == name.count {
                var equal = true
                for index in 0..<name.count where ASCII.lower(header.name[index]) != name[index] {
                    equal = false
                    break
                }
                if equal { return header.value }
            }
            return nil
        }
    }
}

/// One header of a ``RequestBytes``.
public struct HeaderBytes {
    public var name: UnsafeBufferPointer<UInt8>
    public var value: UnsafeBufferPointer<UInt8>

    public init(name: UnsafeBufferPointer<UInt8>, value: UnsafeBufferPointer<UInt8>) {
        self.name = name
        self.value = value
    }
}

/// The SHA-256 of the API keys seen so far, so that a key sent by many requests is hashed once
/// (docs/simulation.md, "Speed"). Independent of any tenant directory: the digest of a key is the same for
/// every policy. One per thread; bounded: once `capacity` keys are remembered, further keys are hashed
/// every time and not remembered.
public struct APIKeyDigests: Sendable {
    private var digests = ByteKeyMap<SHA256Key>()
    public let capacity: Int

    public init(capacity: Int = 1 << 14) {
        self.capacity = capacity
    }

    mutating func digest(of key: UnsafeBufferPointer<UInt8>) -> SHA256Key {
        // Only ASCII keys are remembered: String keys compare by Unicode canonical equivalence, and two ASCII
        // strings are equivalent only when their bytes are equal (other bytes would share a key, not a digest).
        for byte in key where byte >= 0x80 { return SHA256Key(digestOf: key) }
        if let known = digests.value(for: key) { return known }
        let digest = SHA256Key(digestOf: key)
        if digests.count < capacity { digests.insert(key, digest) }
        return digest
    }
}
