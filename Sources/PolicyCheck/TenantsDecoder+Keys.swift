import PolicySource
import PolicyModel

/// The `keys:` list of a tenant (docs/policy-format.md#keys-entries): `hash` required, `prefix`, `name` and
/// `created` for display, `revoked` the day from which the key identifies nobody. Kept apart from the other
/// tenant fields so that the list can grow without touching them.
extension TenantsDecoder {
    mutating func decodeKeys(_ node: YAMLNode, tenant: String, place: String, hashes: inout [String],
                             revocations: inout [String: CalendarDay]) {
        guard !node.isNull, let items = sequence(node, "the `keys` of \(place)") else { return }
        for item in items {
            let what = "a `keys` entry of \(place)"
            guard let body = mapping(item, what) else { continue }
            let f = fields(body, allowed: ["hash", "prefix", "name", "created", "revoked"], in: what)
            guard let hashPair = f["hash"] else {
                missing("hash", in: what, at: item.range, example: "hash: \"sha256:…\"")
                continue
            }
            guard let text = string(hashPair.value, "the `hash` of \(what)"), let hex = keyHash(text) else { continue }
            let prefix = f["prefix"].flatMap { string($0.value, "the `prefix` of \(what)")?.value }
            let name = f["name"].flatMap { string($0.value, "the `name` of \(what)")?.value }
            let created = f["created"].flatMap { keyDate($0.value, "the `created` date of \(what)") }
            let revoked = f["revoked"].flatMap { keyDate($0.value, "the `revoked` date of \(what)") }
            let before = hashes.count
            claim(hex, text.range, "API key hash", tenant: tenant, into: &hashes)
            guard hashes.count > before else { continue }
            if let revoked { revocations[hex] = revoked }
            keyEntries.append(APIKeyEntry(tenant: tenant, hash: hex, prefix: prefix, name: name, created: created,
                                          revoked: revoked, range: item.range))
        }
    }

    /// A key's `YYYY-MM-DD` date (UTC) as a day number; YAML's unquoted dates are plain text here, never timestamps.
    mutating func keyDate(_ node: YAMLNode, _ what: String) -> CalendarDay? {
        date(node, what).map { CalendarDay($0.value) }
    }
}
