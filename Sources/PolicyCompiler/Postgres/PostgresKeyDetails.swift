public import PolicyModel

/// What a tenants.yaml `keys:` entry shows of a key (docs/policy-format.md#keys-entries), for tenants.sql's
/// `tierc.api_keys` columns `prefix`, `name` and `created_at`: never the key, never needed to check one.
public struct PostgresKeyDetails: Sendable, Hashable {
    public var prefix: String?
    public var name: String?
    /// The `created` day; stored as its 00:00 UTC.
    public var created: CalendarDay?

    public init(prefix: String?, name: String?, created: CalendarDay?) {
        self.prefix = prefix
        self.name = name
        self.created = created
    }
}
