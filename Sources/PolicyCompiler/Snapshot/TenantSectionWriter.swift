import PolicyModel

/// Encodes the tenants section (docs/snapshot-format.md): a u32 count, then per tenant (in id order) its id,
/// tier, a u32 count of 32-byte API key digests and the digests, and its subdomain. Texts are a u32 length and UTF-8.
enum TenantSectionWriter {
    static func bytes(_ directory: TenantDirectory) throws(SnapshotWriterError) -> [UInt8] {
        var w = CanonicalWriter()
        w.u32(UInt32(directory.tenants.count))
        for tenant in directory.tenants {
            w.string(tenant.id)
            w.string(tenant.tier)
            w.u32(UInt32(tenant.apiKeyHashes.count))
            for hex in tenant.apiKeyHashes {
                guard let digest = digestBytes(hex) else { throw .invalidKeyDigest(tenant: tenant.id, digest: hex) }
                w.raw(digest)
            }
            w.string(tenant.subdomain)
        }
        return w.bytes
    }

    /// The 32 bytes of 64 lowercase hex digits, or nil.
    static func digestBytes(_ hex: String) -> [UInt8]? {
        let digits = Array(hex.utf8)
        guard digits.count == 64 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(32)
        for pair in stride(from: 0, to: 64, by: 2) {
            guard let high = nibble(digits[pair]), let low = nibble(digits[pair + 1]) else { return nil }
            out.append(high << 4 | low)
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
