/// A way of identifying a request's tenant, tried in the configured order.
public enum IdentificationMethod: String, Sendable, Hashable, CaseIterable, Codable {
    case apiKey = "api_key"
    case header
    case subdomain
    case query
}

/// How requests are mapped to tenants (docs/policy-format.md#identification).
public struct Identification: Sendable, Hashable, Codable {
    public var order: [IdentificationMethod]
    /// The Authorization scheme, compared case-insensitively (`Bearer`).
    public var apiKeyScheme: String
    /// Header names tried in order, compared case-insensitively.
    public var headerNames: [String]
    /// Required when `subdomain` is in `order`.
    public var baseDomain: String?
    public var queryParam: String
    /// When true, a request with no tenant is refused with 401 instead of being anonymous.
    public var requireTenant: Bool
    /// The policy's declaration that a trusted gateway in front of the service sets the tenant header and strips
    /// the copies clients send (`identification.trusted_header`). It changes no decision: only `tierc check`'s
    /// `unauthenticated-identification` warning reads it. Not part of the canonical form, the fingerprint or the
    /// snapshot (docs/snapshot-format.md); `tierc diff` compares it.
    public var trustedHeader: Bool

    public static let defaultScheme = "Bearer"
    public static let defaultHeaderNames = ["X-Tenant-ID", "Tenant-ID"]
    public static let defaultQueryParam = "tenant_id"

    public init(
        order: [IdentificationMethod], apiKeyScheme: String = defaultScheme,
        headerNames: [String] = defaultHeaderNames, baseDomain: String? = nil,
        queryParam: String = defaultQueryParam, requireTenant: Bool = false, trustedHeader: Bool = false
    ) {
        self.order = order
        self.apiKeyScheme = apiKeyScheme
        self.headerNames = headerNames
        self.baseDomain = baseDomain
        self.queryParam = queryParam
        self.requireTenant = requireTenant
        self.trustedHeader = trustedHeader
    }

    /// The default order: every method, with `subdomain` only when a base domain is set
    /// (docs/simulation.md#fine-point-7-11).
    public static func defaultOrder(hasBaseDomain: Bool) -> [IdentificationMethod] {
        hasBaseDomain ? [.apiKey, .header, .subdomain, .query] : [.apiKey, .header, .query]
    }
}
