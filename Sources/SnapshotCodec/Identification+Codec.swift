import PolicyModel

// How requests are mapped to tenants (docs/snapshot-format.md#the-policy-section-tag-1-the-canonical-body): the
// order as ``IdentificationMethodTag``s, the API key scheme, the header names, the optional base domain, the
// query parameter and `require_tenant`.

extension ByteWriter {
    mutating func identification(_ identification: Identification) {
        count(identification.order.count)
        for method in identification.order { tag(IdentificationMethodTag(method)) }
        string(identification.apiKeyScheme)
        count(identification.headerNames.count)
        for header in identification.headerNames { string(header) }
        optionalString(identification.baseDomain)
        string(identification.queryParam)
        bool(identification.requireTenant)
    }
}

extension CanonicalReader {
    /// The identification settings: each method at most once, a base domain when subdomains identify.
    mutating func identification() throws(SnapshotError) -> Identification {
        let tags = IdentificationMethodTag.allCases
        let count = try reader.count("identification methods", minimumElementSize: 1, maximum: tags.count)
        var order: [IdentificationMethod] = []
        for _ in 0..<count {
            let at = reader.offset
            let tag = try reader.u8("an identification method")
            guard let method = IdentificationMethodTag(rawValue: tag)?.method else {
                throw malformed("identification method tag \(tag) is unknown; expected 0 to \(tags.count - 1)", at: at)
            }
            guard !order.contains(method) else {
                throw malformed("identification method `\(method.rawValue)` appears twice", at: at)
            }
            order.append(method)
        }
        let scheme = try reader.string("the API key scheme")
        let headerCount = try reader.count("identification header names", minimumElementSize: 4)
        var headerNames: [String] = []
        headerNames.reserveCapacity(headerCount)
        for _ in 0..<headerCount { headerNames.append(try reader.string("a header name")) }
        let baseDomainAt = reader.offset
        let baseDomain = try reader.optionalString("the base domain")
        if order.contains(.subdomain), baseDomain == nil {
            throw malformed("subdomain identification needs a base domain, and there is none", at: baseDomainAt)
        }
        let queryParam = try reader.string("the query parameter")
        let requireTenant = try reader.bool("require_tenant")
        return Identification(order: order, apiKeyScheme: scheme, headerNames: headerNames, baseDomain: baseDomain,
                              queryParam: queryParam, requireTenant: requireTenant)
    }
}
