/// One tenant of `tenants.yaml`: runtime data, not policy.
public struct Tenant: Sendable, Hashable, Codable {
    public var id: String
    public var tier: String
    /// Lowercase hex SHA-256 digests of the tenant's API keys (raw keys are hashed on load and never kept).
    public var apiKeyHashes: [String]
    /// The subdomain label, lower case (default: the tenant id).
    public var subdomain: String
    /// Revoked keys: a hash of ``apiKeyHashes`` → the day from whose 00:00 UTC the key identifies nobody
    /// (docs/policy-format.md#keys-entries).
    public var keyRevocations: [String: CalendarDay]
    /// Billing data (`since`, `until`, `discounts`): changes invoices, never decisions.
    public var subscription: Subscription

    public init(id: String, tier: String, apiKeyHashes: [String] = [], subdomain: String? = nil,
                keyRevocations: [String: CalendarDay] = [:], subscription: Subscription = .always) {
        self.id = id
        self.tier = tier
        self.apiKeyHashes = apiKeyHashes
        self.subdomain = (subdomain ?? id).lowercased()
        self.keyRevocations = keyRevocations
        self.subscription = subscription
    }
}

/// The tenants of `tenants.yaml`, sorted by id.
public struct TenantDirectory: Sendable, Hashable, Codable {
    public var tenants: [Tenant]

    public init(tenants: [Tenant]) {
        self.tenants = tenants.sorted { $0.id < $1.id }
    }
}
