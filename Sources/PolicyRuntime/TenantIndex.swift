public import PolicyModel
internal import Crypto

/// Lookups from what a request carries to a tenant: id, API key (by its SHA-256 only, and only before the key's
/// revocation day), subdomain label.
public struct TenantIndex: Sendable {
    public let tenants: [Tenant]
    private let byID: [String: Int]
    /// ``byID`` for lookups on bytes.
    private let byIDBytes: ByteKeyMap<Int>
    private let byKeyHash: [SHA256Key: KeyOwner]

    /// A key's tenant, and the epoch second from which the key identifies nobody (`Int64.max`: never revoked).
    struct KeyOwner: Sendable {
        var tenant: Int
        var revokedFrom: Int64
    }
    private let bySubdomain: [String: Int]
    /// ``bySubdomain`` for lookups on bytes.
    private let bySubdomainBytes: ByteKeyMap<Int>
    /// Whether every id and subdomain is ASCII, so that the byte lookups decide as the text ones.
    private let asciiKeys: Bool

    public init(_ directory: TenantDirectory) {
        tenants = directory.tenants
        var byID: [String: Int] = [:]
        var byKeyHash: [SHA256Key: KeyOwner] = [:]
        var bySubdomain: [String: Int] = [:]
        for (index, tenant) in directory.tenants.enumerated() {
            if byID[tenant.id] == nil { byID[tenant.id] = index }
            for hex in tenant.apiKeyHashes {
                if let key = SHA256Key(hex: hex), byKeyHash[key] == nil {
                    byKeyHash[key] = KeyOwner(tenant: index, revokedFrom: tenant.keyRevocations[hex]?.startSeconds ?? .max)
                }
            }
            let label = ASCII.lowercased(tenant.subdomain)
            if bySubdomain[label] == nil { bySubdomain[label] = index }
        }
        self.byID = byID
        // A checked directory has ASCII ids and labels only; a crafted snapshot may not, and then the text lookups
        // decide (String equality is canonical equivalence, not byte equality).
        asciiKeys = directory.tenants.allSatisfy { $0.id.utf8.allSatisfy { $0 < 0x80 } && $0.subdomain.utf8.allSatisfy { $0 < 0x80 } }
        byIDBytes = ByteKeyMap(directory.tenants.enumerated().map { ($0.element.id, $0.offset) })
        bySubdomainBytes = ByteKeyMap(directory.tenants.enumerated().map { (ASCII.lowercased($0.element.subdomain), $0.offset) })
        self.byKeyHash = byKeyHash
        self.bySubdomain = bySubdomain
    }

    public func tenant(id: String) -> Int? { byID[id] }

    /// ``tenant(id:)`` of the UTF-8 bytes of an id, as a log line or a request carries it.
    public func tenant(id: UnsafeBufferPointer<UInt8>) -> Int? {
        asciiKeys ? byIDBytes.value(for: id) : byID[String(decoding: id, as: UTF8.self)]
    }

    /// The tenant whose key has the same SHA-256 as `key` (the raw key is hashed and never stored), unless the
    /// key is revoked at `seconds` (epoch seconds): a revoked key identifies nobody from 00:00 UTC of its
    /// revocation day (docs/policy-format.md#keys-entries).
    public func tenant(apiKey key: String, at seconds: Int64) -> Int? {
        var key = key
        return key.withUTF8 { tenant(apiKey: $0, at: seconds) }
    }

    /// The tenant whose key has the same SHA-256 as the UTF-8 bytes `key`, unless the key is revoked at `seconds`.
    public func tenant(apiKey key: UnsafeBufferPointer<UInt8>, at seconds: Int64) -> Int? {
        guard let owner = byKeyHash[SHA256Key(digestOf: key)], seconds < owner.revokedFrom else { return nil }
        return owner.tenant
    }

    /// The tenant whose key has the digest `digest`, unless the key is revoked at `seconds`.
    func tenant(keyDigest digest: SHA256Key, at seconds: Int64) -> Int? {
        guard let owner = byKeyHash[digest], seconds < owner.revokedFrom else { return nil }
        return owner.tenant
    }

    /// The tenant whose subdomain label is `label` (lower case).
    public func tenant(subdomain label: String) -> Int? { bySubdomain[label] }

    /// ``tenant(subdomain:)`` of the bytes of a label, its ASCII letters in any case.
    func tenant(subdomainLowercasing label: UnsafeBufferPointer<UInt8>) -> Int? {
        guard asciiKeys else { return bySubdomain[String(decoding: label.map(ASCII.lower), as: UTF8.self)] }
        return bySubdomainBytes.value(for: label, lowercasingASCII: true)
    }

    /// Lowercase hex SHA-256 of a key's UTF-8 bytes, as tenants.yaml stores it.
    public static func hashHex(of key: String) -> String {
        var key = key
        return key.withUTF8 { SHA256Key(digestOf: $0) }.hex
    }
}

/// A SHA-256 digest as two cheap-to-hash 128-bit halves.
struct SHA256Key: Hashable, Sendable {
    var high: UInt128
    var low: UInt128

    /// A digest's bits are uniformly random already: eight of its bytes are enough to hash (equality still
    /// compares all 32).
    func hash(into hasher: inout Hasher) {
        hasher.combine(UInt64(truncatingIfNeeded: low))
    }

    init(digestOf key: UnsafeBufferPointer<UInt8>) {
        var high: UInt128 = 0
        var low: UInt128 = 0
        SHA256.hash(data: UnsafeRawBufferPointer(key)).withUnsafeBytes { digest in
            for (index, byte) in digest.enumerated() {
                if index < 16 { high = high << 8 | UInt128(byte) } else { low = low << 8 | UInt128(byte) }
            }
        }
        self.high = high
        self.low = low
    }

    init?(hex: String) {
        let bytes = Array(hex.utf8)
        guard bytes.count == 64 else { return nil }
        var high: UInt128 = 0
        var low: UInt128 = 0
        for (index, byte) in bytes.enumerated() {
            let nibble: UInt8
            switch byte {
            case 48...57: nibble = byte - 48
            case 97...102: nibble = byte - 87
            case 65...70: nibble = byte - 55
            default: return nil
            }
            if index < 32 { high = high << 4 | UInt128(nibble) } else { low = low << 4 | UInt128(nibble) }
        }
        self.high = high
        self.low = low
    }

    var hex: String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for part in [high, low] {
            for shift in stride(from: 124, through: 0, by: -4) { out.append(digits[Int((part >> UInt128(shift)) & 0xF)]) }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
