internal import PolicyModel

/// A new API key (docs/cli.md, "keys"): a prefix (`omni_` by default), then 32 bytes from the system's secure
/// random source in base64url without padding (43 characters). The key itself is shown once; only its SHA-256
/// and its display prefix (the prefix and the first 4 characters after it) are kept.
public struct GeneratedAPIKey: Sendable {
    /// The key, to hand to the client once.
    public let key: String
    /// The prefix given, then the first ``displayCharacters`` characters of the random part.
    public let displayPrefix: String
    /// Lowercase hex SHA-256 of the key's UTF-8 bytes.
    public let hash: String

    /// How many random characters the display prefix shows.
    public static let displayCharacters = 4
    public static let defaultPrefix = "omni_"
    /// The characters a prefix may use (the key must stay one token of an `Authorization` header).
    public static let prefixCharacters = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")
    public static let maxPrefixLength = 32

    /// Whether `prefix` may start a key: at most 32 of `A–Z a–z 0–9 _ -`.
    public static func isValidPrefix(_ prefix: String) -> Bool {
        prefix.count <= maxPrefixLength && prefix.allSatisfy(prefixCharacters.contains)
    }

    /// A key from 32 bytes of `generator` (the system's generator by default: `getrandom` on Linux,
    /// `arc4random_buf` on Darwin, both cryptographically secure).
    public init<Generator: RandomNumberGenerator>(prefix: String = defaultPrefix, using generator: inout Generator) {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(32)
        while bytes.count < 32 {
            let word = generator.next()
            for shift in stride(from: 0, to: 64, by: 8) where bytes.count < 32 { bytes.append(UInt8(truncatingIfNeeded: word >> UInt64(shift))) }
        }
        let random = Self.base64URL(bytes)
        key = prefix + random
        displayPrefix = prefix + random.prefix(Self.displayCharacters)
        hash = TenantsDecoder.hash(key)
    }

    public init(prefix: String = defaultPrefix) {
        var system = SystemRandomNumberGenerator()
        self.init(prefix: prefix, using: &system)
    }

    /// RFC 4648 §5 base64url, without padding.
    static func base64URL(_ bytes: [UInt8]) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)
        var out: [UInt8] = []
        var index = 0
        while index < bytes.count {
            let chunk = bytes[index..<min(index + 3, bytes.count)]
            var value: UInt32 = 0
            for (offset, byte) in chunk.enumerated() { value |= UInt32(byte) << UInt32(16 - 8 * offset) }
            let characters = chunk.count + 1
            for position in 0..<characters { out.append(alphabet[Int((value >> UInt32(18 - 6 * position)) & 0x3F)]) }
            index += 3
        }
        return String(decoding: out, as: UTF8.self)
    }
}
