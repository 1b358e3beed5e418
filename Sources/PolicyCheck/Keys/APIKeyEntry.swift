public import PolicySource
public import PolicyModel

/// One `keys:` entry of a tenant in tenants.yaml (docs/policy-format.md#keys-entries): the key's SHA-256, never
/// the key, with what is shown of it.
public struct APIKeyEntry: Sendable, Hashable {
    /// The tenant whose `keys:` list holds the entry.
    public var tenant: String
    /// Lowercase hex SHA-256 of the key's UTF-8 bytes.
    public var hash: String
    /// The first characters of the key, for display (`omni_` and 4 more for a key that `tierc keys create` made).
    public var prefix: String?
    /// A label, e.g. the service that uses the key.
    public var name: String?
    public var created: CalendarDay?
    /// From 00:00 UTC of this day the key identifies nobody.
    public var revoked: CalendarDay?
    /// Where the entry is written.
    public var range: SourceRange

    public init(tenant: String, hash: String, prefix: String? = nil, name: String? = nil, created: CalendarDay? = nil,
                revoked: CalendarDay? = nil, range: SourceRange) {
        self.tenant = tenant
        self.hash = hash
        self.prefix = prefix
        self.name = name
        self.created = created
        self.revoked = revoked
        self.range = range
    }

    /// Whether the key identifies nobody on `day` (revoked on that day or earlier).
    public func isRevoked(on day: CalendarDay) -> Bool {
        guard let revoked else { return false }
        return revoked <= day
    }
}
