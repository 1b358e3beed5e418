/// Lowercase hexadecimal text of bytes, and back: digests in reports, key hashes in tenants files and snapshots.
public enum Hex {
    private static let digits = Array("0123456789abcdef".utf8)

    public static func string(_ bytes: some Sequence<UInt8>) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.underestimatedCount * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0xF)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// `54 49 45 …`: at most the first 8 bytes, space-separated.
    static func spaced(_ bytes: [UInt8]) -> String {
        bytes.prefix(8).map { string([$0]) }.joined(separator: " ") + (bytes.count > 8 ? " …" : "")
    }

    /// The bytes of lowercase hex text, or nil when it is not exactly `count` bytes of lowercase hex.
    public static func bytes(_ text: String, count: Int) -> [UInt8]? {
        let utf8 = Array(text.utf8)
        guard utf8.count == count * 2 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(count)
        var index = 0
        while index < utf8.count {
            guard let high = nibble(utf8[index]), let low = nibble(utf8[index + 1]) else { return nil }
            out.append(high << 4 | low)
            index += 2
        }
        return out
    }

    private static func nibble(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        default: nil
        }
    }
}
