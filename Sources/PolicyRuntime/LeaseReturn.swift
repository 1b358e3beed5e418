/// The unused rest of one lease, handed back to its broker (docs/serve.md#leases): at the end of the lease's
/// window, before a new reservation for the same counter, on reload and on shutdown.
public struct LeaseReturn: Sendable, Hashable {
    /// The tenant's index in the directory (the broker's key comes first, as in `tierc.leases`).
    public var tenant: Int
    /// The counter meter's index in `policy.meters`.
    public var meter: Int
    public var lease: LeaseID
    /// Units granted and not admitted: 0 up to the lease's grant.
    public var unused: Int64

    public init(tenant: Int, meter: Int, lease: LeaseID, unused: Int64) {
        self.tenant = tenant
        self.meter = meter
        self.lease = lease
        self.unused = unused
    }
}
