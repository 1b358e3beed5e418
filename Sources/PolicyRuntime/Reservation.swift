/// What a reservation was counted in, kept by ``InMemoryLeaseBroker`` to return its rest to the same windows.
public struct Reservation: Sendable, Hashable {
    public var tenant: Int
    public var meter: Int
    public var limits: WindowLimits
    /// The instant the reservation was counted at: its windows are those containing it.
    public var at: Int64
    public var granted: Int64

    public init(tenant: Int, meter: Int, limits: WindowLimits, at: Int64, granted: Int64) {
        self.tenant = tenant
        self.meter = meter
        self.limits = limits
        self.at = at
        self.granted = granted
    }
}
