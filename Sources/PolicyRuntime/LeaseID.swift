/// The broker's name for one reservation (`tierc.leases.lease_id` in PostgreSQL, docs/postgres.md#leases).
public struct LeaseID: Sendable, Hashable, CustomStringConvertible {
    public var rawValue: Int64

    public init(_ rawValue: Int64) {
        self.rawValue = rawValue
    }

    public var description: String { "lease \(rawValue)" }
}
