public import PolicyModel
internal import Synchronization

/// Where a runtime keeps the counters that quota decisions read and write (docs/log-format.md#decisions and #invoices):
/// in memory for one process (``InMemoryQuotaStore``), or in a database shared by many instances. Every
/// implementation decides a ``QuotaCharge`` exactly as ``QuotaState/charge(_:at:withRateLimit:)`` does, atomically
/// per tenant and meter, so the rules stay in one place (``PolicyRules``) and only the storage differs.
public protocol QuotaStore: Sendable {
    /// Decides a charge at `seconds` (epoch seconds) and counts it when admitted; the decision carries the
    /// rate-limit state of the answer.
    func charge(_ charge: QuotaCharge, at seconds: Int64) async throws -> Decision
    /// Records a gauge reading (the month's highest reading is billed).
    func recordGauge(tenant: Int, meter: Int, value: ExactDecimal, at seconds: Int64) async throws
    /// The cost allowed so far in the window of kind `window` containing `seconds`.
    func used(tenant: Int, meter: Int, window: Window, at seconds: Int64) async throws -> Int64
    /// The latest gauge reading, nil before the first.
    func latestGauge(tenant: Int, meter: Int) async throws -> ExactDecimal?
    /// A meter's usage in a month (`year × 12 + month − 1`) as an invoice quantity; nil when a counter saturated.
    func monthQuantity(tenant: Int, meter: Int, kind: MeterKind, month: Int64) async throws -> ExactDecimal?
}

/// The counters of one process: the simulator's ``QuotaState`` behind a lock. Decisions are serialised per
/// store; one holds the lock for about a microsecond.
public final class InMemoryQuotaStore: QuotaStore {
    private let state: Mutex<QuotaState>

    /// Empty counters for `tenants` tenants of a policy with `meters` meters.
    public init(tenants: Int, meters: Int) {
        state = Mutex(QuotaState(tenants: tenants, meters: meters))
    }

    /// Counters carried over from `state` (a reload keeps what was counted).
    public init(_ state: QuotaState) {
        self.state = Mutex(state)
    }

    /// A copy of the counters.
    public var snapshot: QuotaState { state.withLock { $0 } }

    public func charge(_ charge: QuotaCharge, at seconds: Int64) -> Decision {
        state.withLock { $0.charge(charge, at: seconds) }
    }

    public func recordGauge(tenant: Int, meter: Int, value: ExactDecimal, at seconds: Int64) {
        state.withLock { $0.recordGauge(tenant: tenant, meter: meter, value: value, at: seconds) }
    }

    public func used(tenant: Int, meter: Int, window: Window, at seconds: Int64) -> Int64 {
        state.withLock { $0.used(tenant: tenant, meter: meter, window: window, at: seconds) }
    }

    public func latestGauge(tenant: Int, meter: Int) -> ExactDecimal? {
        state.withLock { $0.gauge(tenant: tenant, meter: meter).latest }
    }

    public func monthQuantity(tenant: Int, meter: Int, kind: MeterKind, month: Int64) -> ExactDecimal? {
        state.withLock { $0.monthQuantity(tenant: tenant, meter: meter, kind: kind, month: month) }
    }
}
