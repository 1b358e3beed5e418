/// A request for a reservation of one tenant's counter meter at one instant (docs/serve.md#leases).
public struct LeaseRequest: Sendable, Hashable {
    /// The tenant's index in the directory.
    public var tenant: Int
    /// The counter meter's index in `policy.meters`.
    public var meter: Int
    /// The tier's limits on the meter, as the runtime's policy has them. ``InMemoryLeaseBroker`` checks against
    /// them; the PostgreSQL broker reads the loaded revision's `tierc.limits` instead.
    public var limits: WindowLimits
    /// The instant (epoch seconds) whose windows the reservation is counted in.
    public var at: Int64
    /// Grant nothing unless at least this many units remain in every limited window: the cost of the request
    /// that asks (≥ 1).
    public var minimum: Int64
    /// Grant at most this many units (`--lease N`), or `minimum` when that is more (≥ 1).
    public var maximum: Int64
    /// A lease of the same tenant and meter to return in the same atomic step, before reserving.
    public var returning: LeaseReturn?

    public init(tenant: Int, meter: Int, limits: WindowLimits, at: Int64, minimum: Int64, maximum: Int64,
                returning: LeaseReturn? = nil) {
        self.tenant = tenant
        self.meter = meter
        self.limits = limits
        self.at = at
        self.minimum = minimum
        self.maximum = maximum
        self.returning = returning
    }
}
