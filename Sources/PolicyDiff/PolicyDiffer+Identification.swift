import PolicyModel
import PolicyCheck

extension PolicyDiffer {
    /// Identification changes. A method or header name that disappears, or a new order, can make a request
    /// that was identified anonymous or another tenant's: breaking. Only additions are safe.
    static func identification(_ old: Identification, _ new: Identification) -> [PolicyChange] {
        var changes: [PolicyChange] = []
        if old.order != new.order {
            let onlyAdded = isOrderedSubsequence(old.order, of: new.order)
            let oldText = old.order.map(\.rawValue).joined(separator: ", ")
            let newText = new.order.map(\.rawValue).joined(separator: ", ")
            changes.append(PolicyChange(.identification(.order), kind: .identificationOrderChanged,
                                        impact: onlyAdded ? .safe : .breaking, old: "[\(oldText)]", new: "[\(newText)]",
                                        message: onlyAdded ? "identification tries more methods: [\(newText)]"
                                            : "identification order changes from [\(oldText)] to [\(newText)]: some requests may be identified differently or not at all"))
        }
        if old.apiKeyScheme != new.apiKeyScheme {
            changes.append(PolicyChange(.identification(.apiKey), kind: .identificationSchemeChanged,
                                        impact: .breaking, old: old.apiKeyScheme, new: new.apiKeyScheme,
                                        message: "API keys are read with the `\(new.apiKeyScheme)` scheme instead of `\(old.apiKeyScheme)`"))
        }
        if old.headerNames != new.headerNames {
            let onlyAdded = isOrderedSubsequence(old.headerNames, of: new.headerNames)
            changes.append(PolicyChange(.identification(.header), kind: .identificationHeadersChanged,
                                        impact: onlyAdded ? .safe : .breaking,
                                        old: "[\(old.headerNames.joined(separator: ", "))]",
                                        new: "[\(new.headerNames.joined(separator: ", "))]",
                                        message: onlyAdded ? "more tenant headers are accepted"
                                            : "tenant header names change: requests using a removed or demoted header may be identified differently"))
        }
        if old.baseDomain != new.baseDomain {
            changes.append(PolicyChange(.identification(.subdomain), kind: .identificationBaseDomainChanged,
                                        impact: .breaking, old: old.baseDomain, new: new.baseDomain,
                                        message: "the base domain changes from \(quoted(old.baseDomain)) to \(quoted(new.baseDomain))"))
        }
        if old.queryParam != new.queryParam {
            changes.append(PolicyChange(.identification(.query), kind: .identificationQueryParamChanged,
                                        impact: .breaking, old: old.queryParam, new: new.queryParam,
                                        message: "the tenant query parameter changes from `\(old.queryParam)` to `\(new.queryParam)`"))
        }
        if old.requireTenant != new.requireTenant {
            changes.append(PolicyChange(.identification(.requireTenant), kind: .requireTenantChanged,
                                        impact: new.requireTenant ? .breaking : .safe,
                                        old: String(old.requireTenant), new: String(new.requireTenant),
                                        message: new.requireTenant ? "requests without a tenant are now refused with 401"
                                            : "requests without a tenant are now served anonymously"))
        }
        if old.trustedHeader != new.trustedHeader {
            // A declaration about the deployment: it changes no decision (safe both ways), but it is what keeps
            // `header` identification from being reported as unauthenticated, so the message says what it promises.
            changes.append(PolicyChange(.identification(.trustedHeader), kind: .trustedHeaderChanged,
                                        impact: .safe,
                                        old: String(old.trustedHeader), new: String(new.trustedHeader),
                                        message: new.trustedHeader
                                            ? "the tenant header is now declared set by a trusted gateway: make sure one strips the copies clients send, or any client can claim any tenant"
                                            : "the tenant header is no longer declared set by a trusted gateway"))
        }
        return changes
    }

    /// True when every element of `old` is in `new`, in the same relative order (so `new` only adds).
    static func isOrderedSubsequence<T: Equatable>(_ old: [T], of new: [T]) -> Bool {
        var index = new.startIndex
        for element in old {
            guard let found = new[index...].firstIndex(of: element) else { return false }
            index = new.index(after: found)
        }
        return true
    }
}
