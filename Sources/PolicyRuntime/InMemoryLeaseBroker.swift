public import PolicyModel
internal import Synchronization

/// A lease broker over one process's ``QuotaState`` (docs/serve.md#leases): for tests, and to show with many
/// ``LeaseQuotaStore`` "instances" in one process that decisions from leases never admit more than a limit. It is
/// also a ``QuotaStore`` deciding directly on the same counters, as an instance without leases would, so that
/// both kinds can share one limit. Reserved units count as used everywhere, ``used(tenant:meter:window:at:)``
/// included, until they are returned.
public final class InMemoryLeaseBroker: QuotaLeaseBroker, QuotaStore {
    private struct State: Sendable {
        var quota: QuotaState
        var leases: [LeaseID: Reservation] = [:]
        var nextLease: Int64 = 1
        let tenants: Int
        let meters: Int
    }

    private let state: Mutex<State>

    /// Empty counters for `tenants` tenants of a policy with `meters` meters.
    public init(tenants: Int, meters: Int) {
        state = Mutex(State(quota: QuotaState(tenants: tenants, meters: meters), tenants: tenants, meters: meters))
    }

    /// A copy of the counters (reservations not yet returned count as used).
    public var snapshot: QuotaState { state.withLock { $0.quota } }

    /// The leases granted and not yet returned.
    public var outstanding: [LeaseID: Reservation] { state.withLock { $0.leases } }

    public func acquire(_ request: LeaseRequest) throws -> LeaseGrant {
        guard request.minimum >= 1, request.maximum >= 1 else {
            throw LeaseError.invalidRequest(minimum: request.minimum, maximum: request.maximum)
        }
        return try state.withLock { state in
            try Self.check(tenant: request.tenant, meter: request.meter, in: state)
            if let returning = request.returning {
                guard returning.tenant == request.tenant, returning.meter == request.meter else {
                    throw LeaseError.leaseMismatch(returning.lease)
                }
                try Self.release(returning, in: &state)
            }
            var grant = state.quota.reserve(tenant: request.tenant, meter: request.meter, limits: request.limits,
                                            at: request.at, minimum: request.minimum, maximum: request.maximum)
            if grant.granted > 0 {
                let id = LeaseID(state.nextLease)
                state.nextLease += 1
                state.leases[id] = Reservation(tenant: request.tenant, meter: request.meter, limits: request.limits,
                                               at: request.at, granted: grant.granted)
                grant.lease = id
            }
            return grant
        }
    }

    public func release(_ lease: LeaseReturn) throws {
        try state.withLock { state in try Self.release(lease, in: &state) }
    }

    /// Returns a lease's rest; an unknown (already returned) lease returns nothing.
    private static func release(_ lease: LeaseReturn, in state: inout State) throws {
        guard let reservation = state.leases[lease.lease] else { return }
        guard reservation.tenant == lease.tenant, reservation.meter == lease.meter else {
            throw LeaseError.leaseMismatch(lease.lease)
        }
        guard lease.unused >= 0, lease.unused <= reservation.granted else {
            throw LeaseError.invalidReturn(lease.lease, unused: lease.unused, granted: reservation.granted)
        }
        state.leases[lease.lease] = nil
        state.quota.unreserve(reservation, units: lease.unused)
    }

    private static func check(tenant: Int, meter: Int, in state: State) throws {
        guard (0..<state.tenants).contains(tenant), (0..<state.meters).contains(meter) else {
            throw LeaseError.unknownCounter(tenant: tenant, meter: meter)
        }
    }

    // QuotaStore: decisions without a lease, on the same counters.

    public func charge(_ charge: QuotaCharge, at seconds: Int64) throws -> Decision {
        try state.withLock { state in
            try Self.check(tenant: charge.tenant, meter: charge.meter, in: state)
            return state.quota.charge(charge, at: seconds)
        }
    }

    public func recordGauge(tenant: Int, meter: Int, value: ExactDecimal, at seconds: Int64) {
        state.withLock { $0.quota.recordGauge(tenant: tenant, meter: meter, value: value, at: seconds) }
    }

    public func used(tenant: Int, meter: Int, window: Window, at seconds: Int64) -> Int64 {
        state.withLock { $0.quota.used(tenant: tenant, meter: meter, window: window, at: seconds) }
    }

    public func latestGauge(tenant: Int, meter: Int) -> ExactDecimal? {
        state.withLock { $0.quota.gauge(tenant: tenant, meter: meter).latest }
    }

    public func monthQuantity(tenant: Int, meter: Int, kind: MeterKind, month: Int64) -> ExactDecimal? {
        state.withLock { $0.quota.monthQuantity(tenant: tenant, meter: meter, kind: kind, month: month) }
    }
}
