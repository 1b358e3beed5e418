import PolicySource
import PolicyModel

/// `identification:`: how a request names its tenant (docs/policy-format.md#identification).
extension PolicyDecoder {
    mutating func decodeIdentification(_ pair: YAMLPair) -> IdentificationDecl {
        var decl = IdentificationDecl()
        decl.range = pair.key.range
        guard let body = optionalMapping(pair.value, "`identification`") else { return decl }
        let fields = fields(body, allowed: IdentificationKey.spellings,
                            in: "`identification`")
        if let order = fields[IdentificationKey.order.rawValue], let items = sequence(order.value, "`identification.order`") {
            var seen: [IdentificationMethod: SourceRange] = [:]
            var methods: [Located<IdentificationMethod>] = []
            for item in items {
                guard let method = choice(item, "an identification method",
                                          IdentificationMethod.allCases.map { ($0.rawValue, $0) }) else { continue }
                if let first = seen[method] {
                    error(.invalidValue, "`\(method.rawValue)` appears twice in `identification.order`; list each method once",
                          at: item.range, notes: [note("first listed here", at: first)])
                    continue
                }
                seen[method] = item.range
                methods.append(Located(method, item.range))
            }
            decl.order = methods
        }
        if let apiKey = fields[IdentificationKey.apiKey.rawValue], let body = optionalMapping(apiKey.value, "`identification.api_key`") {
            let f = self.fields(body, allowed: [IdentificationKey.Inner.scheme.rawValue], in: "`identification.api_key`")
            if let scheme = f[IdentificationKey.Inner.scheme.rawValue], let text = string(scheme.value, "the Authorization scheme") {
                if HTTPToken.isToken(text.value) {
                    decl.apiKeyScheme = text
                } else {
                    error(.invalidIdentifier, "the Authorization scheme `\(text.value)` is not an RFC 9110 token (no spaces or separators)",
                          at: text.range)
                }
            }
        }
        if let header = fields[IdentificationKey.header.rawValue], let body = optionalMapping(header.value, "`identification.header`") {
            let f = self.fields(body, allowed: [IdentificationKey.Inner.names.rawValue], in: "`identification.header`")
            if let names = f[IdentificationKey.Inner.names.rawValue], let items = sequence(names.value, "`identification.header.names`") {
                if items.isEmpty {
                    error(.missingKey, "`identification.header.names` is empty; list at least one header, e.g. `[X-Tenant-ID]`",
                          at: names.value.range)
                }
                var valid: [Located<String>] = []
                for item in items {
                    guard let name = string(item, "a header name") else { continue }
                    guard HTTPToken.isToken(name.value) else {
                        error(.invalidIdentifier, "`\(name.value)` is not a valid HTTP header name: RFC 9110 allows letters, digits and !#$%&'*+-.^_`|~",
                              at: name.range)
                        continue
                    }
                    valid.append(name)
                }
                decl.headerNames = valid
            }
        }
        if let subdomain = fields[IdentificationKey.subdomain.rawValue] {
            decl.subdomainKey = subdomain.key.range
            if let body = optionalMapping(subdomain.value, "`identification.subdomain`") {
                let f = self.fields(body, allowed: [IdentificationKey.Inner.baseDomain.rawValue], in: "`identification.subdomain`")
                decl.baseDomainKey = f[IdentificationKey.Inner.baseDomain.rawValue]?.key.range
                if let base = f[IdentificationKey.Inner.baseDomain.rawValue], let text = string(base.value, "`base_domain`") {
                    let domain = text.value.lowercased()
                    if HTTPToken.isDomain(domain) {
                        decl.baseDomain = Located(domain, text.range)
                    } else {
                        error(.invalidValue, "`base_domain` `\(text.value)` is not a domain name like `example.com` (no scheme, port, path or trailing dot)",
                              at: text.range)
                    }
                }
            }
        }
        if let query = fields[IdentificationKey.query.rawValue], let body = optionalMapping(query.value, "`identification.query`") {
            let f = self.fields(body, allowed: [IdentificationKey.Inner.param.rawValue], in: "`identification.query`")
            if let param = f[IdentificationKey.Inner.param.rawValue] { decl.queryParam = string(param.value, "the query parameter") }
        }
        if let require = fields[IdentificationKey.requireTenant.rawValue] {
            decl.requireTenant = boolean(require.value, "`require_tenant`")
        }
        if let trusted = fields[IdentificationKey.trustedHeader.rawValue] {
            decl.trustedHeader = boolean(trusted.value, "`trusted_header`")
        }
        return decl
    }
}
