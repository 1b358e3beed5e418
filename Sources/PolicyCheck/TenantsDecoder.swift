import PolicySource
import PolicyModel
internal import Crypto

/// Decodes `tenants.yaml` (docs/policy-format.md#tenantsyaml-key-by-key): tenant ids, tiers, API keys (hashed on read),
/// subdomains. A key or subdomain claimed twice is an error at the second claim with a note at the first.
struct TenantsDecoder: NodeDecoding {
    let file: String
    /// The policy's tier ids, when the policy decoded; nil skips the tier check.
    let tierIDs: [String]?
    var diagnostics = DiagnosticCollector()
    var misspelt: [String: SourceRange] = [:]
    /// Which tenant claimed each key hash first, and where.
    var keyOwners: [String: (tenant: String, range: SourceRange)] = [:]
    /// The `keys:` entries read so far, in file order (for `tierc keys list`).
    var keyEntries: [APIKeyEntry] = []

    init(file: String, tierIDs: [String]?) {
        self.file = file
        self.tierIDs = tierIDs
    }

    /// Lowercase hex SHA-256 of the key's UTF-8 bytes.
    static func hash(_ key: String) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var hex: [UInt8] = []
        hex.reserveCapacity(64)
        for byte in SHA256.hash(data: Array(key.utf8)) {
            hex.append(digits[Int(byte >> 4)])
            hex.append(digits[Int(byte & 0xF)])
        }
        return String(decoding: hex, as: UTF8.self)
    }

    mutating func decode(_ root: YAMLNode) -> TenantDirectory {
        guard let pairs = mapping(root, "a tenants.yaml file") else { return TenantDirectory(tenants: []) }
        let top = fields(pairs, allowed: ["tenants"], in: "the tenants file")
        guard let tenantsPair = top["tenants"] else {
            missing("tenants", in: "the tenants file", at: root.range.atStart, example: "tenants: { tenant-a: { tier: free } }")
            return TenantDirectory(tenants: [])
        }
        guard let entries = optionalMapping(tenantsPair.value, "`tenants`") else { return TenantDirectory(tenants: []) }
        var tenants: [Tenant] = []
        var subdomainOwners: [String: (tenant: String, range: SourceRange)] = [:]
        for entry in entries {
            // An invalid id is reported, and its block is still checked (but the tenant is not kept).
            let valid = identifier(entry.key, "the tenant id", rule: .tenant)
            let id = valid ?? Located(entry.key.scalar ?? "", entry.key.range)
            let place = "tenant `\(id.value)`"
            guard let body = mapping(entry.value, place) else { continue }
            let f = fields(body, allowed: ["tier", "api_keys", "api_key_hashes", "subdomain", "keys"] + Self.billingKeys, in: place)
            var tier: String?
            if let tierPair = f["tier"], let name = string(tierPair.value, "the tier of \(place)") {
                if let tierIDs, !tierIDs.contains(name.value) {
                    let correction = Correction(name.value, in: tierIDs)
                    error(.undefinedTier, "\(place) is on tier `\(name.value)`, which the policy does not declare"
                          + correction.phrase(otherwise: "; tiers: " + Correction.list(tierIDs)),
                          at: name.range, fixIts: correction.fixIts(replacing: name.range))
                } else {
                    tier = name.value
                }
            } else if f["tier"] == nil {
                missing("tier", in: place, at: entry.key.range, example: "tier: free")
            }
            var hashes: [String] = []
            if let keys = f["api_keys"], !keys.value.isNull, let items = sequence(keys.value, "the `api_keys` of \(place)") {
                for item in items {
                    guard let key = string(item, "an API key") else { continue }
                    claim(Self.hash(key.value), key.range, "API key", tenant: id.value, into: &hashes)
                }
                warnRawKeys(keys, items: items, tenant: id.value, hasHashes: f["api_key_hashes"] != nil)
            }
            if let keys = f["api_key_hashes"], !keys.value.isNull, let items = sequence(keys.value, "the `api_key_hashes` of \(place)") {
                for item in items {
                    guard let text = string(item, "an API key hash") else { continue }
                    guard let hex = keyHash(text) else { continue }
                    claim(hex, text.range, "API key hash", tenant: id.value, into: &hashes)
                }
            }
            var revocations: [String: CalendarDay] = [:]
            if let keys = f["keys"] { decodeKeys(keys.value, tenant: id.value, place: place, hashes: &hashes, revocations: &revocations) }
            var subdomain = id.value
            var subdomainRange = entry.key.range
            if let sub = f["subdomain"], let label = string(sub.value, "the subdomain of \(place)") {
                let lowered = label.value.lowercased()
                if HTTPToken.isLabel(Substring(lowered)) {
                    subdomain = lowered
                    subdomainRange = label.range
                } else {
                    error(.invalidValue, "the subdomain `\(label.value)` of \(place) must be one DNS label: letters, digits and inner `-`, no dots",
                          at: label.range)
                }
            }
            if let owner = subdomainOwners[subdomain] {
                error(.duplicateSubdomain, "subdomain `\(subdomain)` of \(place) already belongs to tenant `\(owner.tenant)`",
                      at: subdomainRange, notes: [note("claimed here", at: owner.range)])
            } else {
                subdomainOwners[subdomain] = (id.value, subdomainRange)
            }
            let subscription = decodeSubscription(f, place: place)
            if let tier, let subscription, valid != nil {
                tenants.append(Tenant(id: id.value, tier: tier, apiKeyHashes: hashes, subdomain: subdomain,
                                      keyRevocations: revocations, subscription: subscription))
            }
        }
        return TenantDirectory(tenants: tenants)
    }

    /// Records `hash` as a key of `tenant`, unless a tenant (this one or another) already claimed it: then an
    /// error at the second claim with a note at the first.
    mutating func claim(_ hash: String, _ range: SourceRange, _ what: String, tenant: String, into hashes: inout [String]) {
        if let owner = keyOwners[hash] {
            let whose = owner.tenant == tenant ? "is already listed for this tenant" : "already belongs to tenant `\(owner.tenant)`"
            error(.duplicateAPIKey, "this \(what) \(whose); a key identifies exactly one tenant",
                  at: range, notes: [note("first claimed here", at: owner.range)])
            return
        }
        keyOwners[hash] = (tenant, range)
        hashes.append(hash)
    }

    /// The hex digest of a stored key hash, `sha256:` and 64 lower-case hex digits; nil (reported) otherwise.
    mutating func keyHash(_ text: Located<String>) -> String? {
        let hex = text.value.hasPrefix("sha256:") ? String(text.value.dropFirst(7)) : ""
        guard hex.utf8.count == 64, hex.utf8.allSatisfy({ ($0 >= 48 && $0 <= 57) || ($0 >= 97 && $0 <= 102) }) else {
            error(.invalidValue, "an API key hash must be `sha256:` followed by 64 lower-case hex digits, found `\(text.value)`",
                  at: text.range)
            return nil
        }
        return hex
    }
}
