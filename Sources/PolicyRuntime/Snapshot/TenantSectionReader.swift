import PolicyModel

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
            tenants.append(Tenant(id: id, tier: tier, apiKeyHashes: hashes, subdomain: subdomain, keyRevocations: revocations))
        }
        try reader.expectEnd()
        return TenantDirectory(tenants: tenants)
    }
}
