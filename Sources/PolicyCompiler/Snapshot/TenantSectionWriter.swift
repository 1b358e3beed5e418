import PolicyModel
import PolicyRuntime

/// Encodes the tenants section (docs/snapshot-format.md): a u32 count, then per tenant (in id order) its id,
/// tier, a u32 count of API keys and per key its 32-byte digest and an i64 revocation day (days since
/// 1970-01-01; `Int64.max` when the key is not revoked), its subdomain, and its subscription (optional `since` and
/// `until` dates, then a u32 count of discounts). Texts are a u32 length and UTF-8.
enum TenantSectionWriter {
    static func bytes(_ directory: TenantDirectory) throws(SnapshotWriterError) -> [UInt8] {
        var w = CanonicalWriter()
        w.u32(UInt32(directory.tenants.count))
        for tenant in directory.tenants {
            w.string(tenant.id)
            w.string(tenant.tier)
            w.u32(UInt32(tenant.apiKeyHashes.count))
            for hex in tenant.apiKeyHashes {
                guard let digest = Hex.bytes(hex, count: 32) else { throw .invalidKeyDigest(tenant: tenant.id, digest: hex) }
                w.raw(digest)
                w.i64(tenant.keyRevocations[hex]?.dayNumber ?? SnapshotFormat.notRevoked)
            }
            w.string(tenant.subdomain)
            subscription(tenant.subscription, into: &w)
        }
        return w.bytes
    }

    /// The billing data: a flag and a date for `since`, the same for `until`, and each discount as its percent
    /// (a decimal), first month index (i64) and months (i64).
    static func subscription(_ subscription: Subscription, into w: inout CanonicalWriter) {
        for date in [subscription.since, subscription.until] {
            if let date {
                w.u8(1)
                w.date(date)
            } else {
                w.u8(0)
            }
        }
        w.u32(UInt32(subscription.discounts.count))
        for discount in subscription.discounts {
            w.decimal(discount.percent)
            w.i64(discount.from)
            w.i64(discount.months)
        }
    }
}
