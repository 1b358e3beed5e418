import PolicyModel

// The tenants section (docs/snapshot-format.md#the-tenants-section-tag-2-optional), the writer and the reader side
// by side: a u32 count, then per tenant (in id order) its id, tier, a u32 count of API keys and per key its
// 32-byte digest and an i64 revocation day (days since 1970-01-01; ``SnapshotFormat/notRevoked`` when the key is
// not revoked), its subdomain, and its subscription (optional `since` and `until` dates, then a u32 count of
// discounts, each its percent, first month index and months). Texts are a u32 length and UTF-8.

/// What the encoder refuses to write.
public enum SnapshotEncodingError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A tenant's API key digest is not 64 lowercase hex digits (raw keys are never written, only digests).
    case invalidKeyDigest(tenant: String, digest: String)

    public var description: String {
        switch self {
        case .invalidKeyDigest(let tenant, let digest):
            "tenant `\(tenant)` has the API key digest `\(digest)`, which is not 64 lowercase hex digits"
        }
    }
}

extension ByteWriter {
    mutating func tenants(_ directory: TenantDirectory) throws(SnapshotEncodingError) {
        count(directory.tenants.count)
        for tenant in directory.tenants {
            string(tenant.id)
            string(tenant.tier)
            count(tenant.apiKeyHashes.count)
            for hex in tenant.apiKeyHashes {
                guard let digest = Hex.bytes(hex, count: 32) else { throw .invalidKeyDigest(tenant: tenant.id, digest: hex) }
                raw(digest)
                i64(tenant.keyRevocations[hex]?.dayNumber ?? SnapshotFormat.notRevoked)
            }
            string(tenant.subdomain)
            subscription(tenant.subscription)
        }
    }

    /// The billing data: a flag and a date for `since`, the same for `until`, and each discount as its percent
    /// (a decimal), first month index (i64) and months (i64).
    mutating func subscription(_ subscription: Subscription) {
        for date in [subscription.since, subscription.until] { optional(date) { $0.date($1) } }
        count(subscription.discounts.count)
        for discount in subscription.discounts {
            decimal(discount.percent)
            i64(discount.from)
            i64(discount.months)
        }
    }
}

/// Decodes the tenants section: tenants in strictly ascending id order, each on a tier of the policy, with
/// 32-byte API-key digests (shown as lowercase hex), each with its revocation day (a day of years 0001–9999, or
/// ``SnapshotFormat/notRevoked``), and a lower-case subdomain label; no key digest and no
/// subdomain belongs to two tenants. Whatever it accepts re-encodes to the same bytes.
struct TenantSectionReader {
    private var reader: ByteReader

    init(_ bytes: [UInt8], from start: Int, to end: Int) {
        reader = ByteReader(bytes, from: start, to: end, section: "tenants section")
    }

    mutating func directory(tiers: Set<String>) throws(SnapshotError) -> TenantDirectory {
        let count = try reader.count("tenants", minimumElementSize: 16)
        var tenants: [Tenant] = []
        tenants.reserveCapacity(count)
        var previous: String?
        var keyOwners: [ArraySlice<UInt8>: String] = [:]
        var subdomainOwners: [String: String] = [:]
        for _ in 0..<count {
            var at = reader.offset
            let id = try reader.string("a tenant id")
            if let previous, !(previous < id) {
                throw reader.malformed("tenants are not in strictly ascending id order: `\(id)` follows `\(previous)`", at: at)
            }
            previous = id
            at = reader.offset
            let tier = try reader.string("the tier of tenant `\(id)`")
            guard tiers.contains(tier) else {
                throw reader.malformed("tenant `\(id)` is on tier `\(tier)`, which the policy does not have", at: at)
            }
            let keyCount = try reader.count("API key digests of tenant `\(id)`", minimumElementSize: 40)
            var hashes: [String] = []
            var revocations: [String: CalendarDay] = [:]
            hashes.reserveCapacity(keyCount)
            for _ in 0..<keyCount {
                at = reader.offset
                let digest = try reader.take(32, "an API key digest of tenant `\(id)`")
                if let owner = keyOwners[digest] {
                    throw reader.malformed("tenant `\(id)` has an API key digest that tenant `\(owner)` has too", at: at)
                }
                keyOwners[digest] = id
                let hex = Hex.string(digest)
                hashes.append(hex)
                at = reader.offset
                let revoked = try reader.i64("the revocation day of an API key of tenant `\(id)`")
                if revoked != SnapshotFormat.notRevoked {
                    guard revoked >= CalendarDay.first.dayNumber, revoked <= CalendarDay.last.dayNumber else {
                        throw reader.malformed("an API key of tenant `\(id)` has the revocation day \(revoked), outside years 0001–9999", at: at)
                    }
                    revocations[hex] = CalendarDay(dayNumber: revoked)
                }
            }
            at = reader.offset
            let subdomain = try reader.string("the subdomain of tenant `\(id)`")
            guard subdomain.lowercased().utf8.elementsEqual(subdomain.utf8) else {
                throw reader.malformed("the subdomain `\(subdomain)` of tenant `\(id)` is not in lower case", at: at)
            }
            if let owner = subdomainOwners.updateValue(id, forKey: subdomain) {
                throw reader.malformed("tenants `\(owner)` and `\(id)` have the same subdomain `\(subdomain)`", at: at)
            }
            let subscription = try self.subscription(of: id)
            tenants.append(Tenant(id: id, tier: tier, apiKeyHashes: hashes, subdomain: subdomain, keyRevocations: revocations,
                                  subscription: subscription))
        }
        try reader.expectEnd()
        return TenantDirectory(tenants: tenants)
    }

    /// A tenant's billing data: optional `since` and `until` (since ≤ until), then its discounts (percent in
    /// (0, 100], months ≥ 1, first month a real month).
    private mutating func subscription(of id: String) throws(SnapshotError) -> Subscription {
        var dates: [CalendarDate?] = []
        for name in ["since", "until"] {
            let at = reader.offset
            let flag = try reader.u8("whether tenant `\(id)` has `\(name)`")
            switch PresenceTag(rawValue: flag) {
            case .absent: dates.append(nil)
            case .present:
                let year = try reader.u16("the year of `\(name)` of tenant `\(id)`")
                let month = try reader.u8("the month of `\(name)` of tenant `\(id)`")
                let day = try reader.u8("the day of `\(name)` of tenant `\(id)`")
                guard let date = CalendarDate(year: Int64(year), month: Int64(month), day: Int64(day)) else {
                    throw reader.malformed("`\(name)` of tenant `\(id)` is \(year)-\(month)-\(day), which is not a date", at: at)
                }
                dates.append(date)
            case nil: throw reader.malformed("the `\(name)` flag \(flag) of tenant `\(id)` is neither 0 nor 1", at: at)
            }
        }
        if let since = dates[0], let until = dates[1], until < since {
            throw reader.malformed("tenant `\(id)` has `until` \(until) before `since` \(since)", at: reader.offset)
        }
        let count = try reader.count("discounts of tenant `\(id)`", minimumElementSize: 33)
        var discounts: [Discount] = []
        for index in 0..<count {
            let at = reader.offset
            let what = "discount \(index + 1) of tenant `\(id)`"
            let significand = try reader.i128("the percent of \(what)")
            let scale = Int(try reader.u8("the scale of the percent of \(what)"))
            guard scale <= ExactDecimal.maxScale, significand > 0, scale == 0 || significand % 10 != 0 else {
                throw reader.malformed("the percent of \(what) is not a positive normalised decimal", at: at)
            }
            let percent = ExactDecimal(significand: significand, scale: scale)
            guard !(ExactDecimal(100) < percent) else { throw reader.malformed("the percent of \(what) is above 100", at: at) }
            let from = try reader.i64("the first month of \(what)")
            let months = try reader.i64("the months of \(what)")
            guard from >= 12, from < 120_000, months >= 1 else {
                throw reader.malformed("\(what) starts in month index \(from) for \(months) months; a discount starts in years 0001–9999 and lasts at least 1 month", at: at)
            }
            discounts.append(Discount(percent: percent, from: from, months: months))
        }
        return Subscription(since: dates[0], until: dates[1], discounts: discounts)
    }
}
