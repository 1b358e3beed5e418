/// A broker's answer to a ``LeaseRequest`` (docs/serve.md#leases).
public struct LeaseGrant: Sendable, Hashable {
    /// The reservation to spend from and return; nil when nothing was granted.
    public var lease: LeaseID?
    /// Units reserved in every window of the meter: 0 (refused) or between the request's minimum and maximum.
    public var granted: Int64
    /// The instants (epoch seconds) at which the reservation may be spent: from the latest start to the earliest
    /// end of the windows it was counted in (the month always, and each limited window).
    public var validFrom: Int64
    public var validUntil: Int64
    /// The meter's limited windows, month → day → hour → minute, with their counts after the grant.
    public var windows: [LeaseWindow]

    public init(lease: LeaseID?, granted: Int64, validFrom: Int64, validUntil: Int64, windows: [LeaseWindow]) {
        self.lease = lease
        self.granted = granted
        self.validFrom = validFrom
        self.validUntil = validUntil
        self.windows = windows
    }
}
