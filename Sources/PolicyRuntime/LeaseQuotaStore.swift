public import PolicyModel
internal import Synchronization

/// A ``QuotaStore`` that decides locally from reservations (docs/serve.md#leases): for each tenant and meter it
/// holds at most one lease from a ``QuotaLeaseBroker`` and admits a charge when the lease still has room and its
/// windows contain the charge's instant; otherwise it returns the lease's rest and reserves again in one broker
/// call, and refuses (429) only when the broker cannot grant the charge's cost. Decisions follow
/// ``QuotaState/charge(_:at:withRateLimit:)``: costs, every window, the first exhausted window month → minute,
/// and `X-RateLimit-*` from the lease's windows (the units other instances hold count as used). Gauge readings,
/// usage and month quantities are read from `reads` (the shared store).
public final class LeaseQuotaStore: QuotaStore {
    private struct Key: Hashable, Sendable {
        var tenant: Int
        var meter: Int
    }

    /// A lease being spent.
    private struct Held: Sendable {
        var id: LeaseID
        var granted: Int64
        var spent: Int64
        var validFrom: Int64
        var validUntil: Int64
        var windows: [LeaseWindow]
        /// The instant of the latest charge admitted from it.
        var lastUsed: Int64

        var unused: Int64 { granted - spent }
        func covers(_ seconds: Int64) -> Bool { validFrom <= seconds && seconds < validUntil }
    }

    private struct Slot: Sendable {
        var held: Held?
        /// A broker call for this counter is under way; others wait for it instead of reserving twice.
        var acquiring = false
        var waiters: [CheckedContinuation<Void, Never>] = []
    }

    private enum Step {
        case decided(Decision)
        case acquire(LeaseReturn?)
        case wait
    }

    private let broker: any QuotaLeaseBroker
    private let reads: any QuotaStore
    /// `--lease N`: the most units one reservation asks for (more only for a single charge that costs more).
    public let leaseSize: Int64
    private let slots = Mutex<[Key: Slot]>([:])

    /// Decides from leases of at most `leaseSize` units reserved from `broker`; reads usage, gauges and month
    /// quantities from `reads`.
    public init(broker: any QuotaLeaseBroker, reads: any QuotaStore, leaseSize: Int64) throws {
        guard leaseSize >= 1 else { throw LeaseError.invalidLeaseSize(leaseSize) }
        self.broker = broker
        self.reads = reads
        self.leaseSize = leaseSize
    }

    public func charge(_ charge: QuotaCharge, at seconds: Int64) async throws -> Decision {
        let key = Key(tenant: charge.tenant, meter: charge.meter)
        while true {
            let step = slots.withLock { slots -> Step in
                var slot = slots[key, default: Slot()]
                defer { slots[key] = slot }
                if slot.acquiring { return .wait }
                if var held = slot.held, held.covers(seconds), held.unused >= charge.cost {
                    held.spent += charge.cost
                    held.lastUsed = max(held.lastUsed, seconds)
                    slot.held = held
                    return .decided(Self.allowed(charge, from: held, at: seconds))
                }
                slot.acquiring = true
                let returning = slot.held.map {
                    LeaseReturn(tenant: charge.tenant, meter: charge.meter, lease: $0.id, unused: $0.unused)
                }
                slot.held = nil
                return .acquire(returning)
            }
            switch step {
            case .decided(let decision):
                return decision
            case .wait:
                await waitForAcquisition(key)
            case .acquire(let returning):
                let request = LeaseRequest(tenant: charge.tenant, meter: charge.meter, limits: charge.limits,
                                           at: seconds, minimum: charge.cost, maximum: leaseSize, returning: returning)
                let grant: LeaseGrant
                do {
                    grant = try await broker.acquire(request)
                    try Self.validate(grant, for: request)
                } catch {
                    // The returned lease is dropped either way: if the broker's step committed, it was returned;
                    // if not, its units stay counted until its window ends (never spent twice).
                    finishAcquisition(key, installing: nil)
                    throw error
                }
                if grant.granted >= charge.cost, let id = grant.lease {
                    let held = Held(id: id, granted: grant.granted, spent: charge.cost, validFrom: grant.validFrom,
                                    validUntil: grant.validUntil, windows: grant.windows, lastUsed: seconds)
                    finishAcquisition(key, installing: held)
                    return Self.allowed(charge, from: held, at: seconds)
                }
                finishAcquisition(key, installing: nil)
                return try Self.refused(charge, by: grant, at: seconds)
            }
        }
    }

    /// Returns every lease whose windows ended at or before `seconds` (docs/serve.md#leases): a server calls it
    /// periodically, so that an idle counter's reservation goes back soon after its window ends. Returning early
    /// is always allowed (a later charge reserves again). Returns the number of leases returned.
    @discardableResult
    public func returnExpired(at seconds: Int64) async throws -> Int {
        try await returnLeases { $0.validUntil <= seconds }
    }

    /// Returns every lease that admitted nothing at or after `seconds` (docs/serve.md#leases): a lease whose
    /// windows are long (a month-only limit) goes back from an instance whose traffic for that tenant stopped,
    /// instead of waiting for the month's end. Returns the number of leases returned.
    @discardableResult
    public func returnIdle(since seconds: Int64) async throws -> Int {
        try await returnLeases { $0.lastUsed < seconds }
    }

    /// Returns every lease (on reload and shutdown). The store may be used again afterwards.
    @discardableResult
    public func close() async throws -> Int {
        try await returnLeases { _ in true }
    }

    /// The units reserved and not yet admitted, over every counter (for metrics and tests).
    public var unspent: Int64 {
        slots.withLock { $0.values.reduce(0) { $0 + ($1.held?.unused ?? 0) } }
    }

    /// Takes the leases out (their counters marked busy, so a charge waits instead of reserving a second lease
    /// while the first is on its way back: one lease per counter, docs/serve.md#leases), returns them, then frees
    /// the counters.
    private func returnLeases(where shouldReturn: (Held) -> Bool) async throws -> Int {
        let returns = slots.withLock { slots -> [(Key, LeaseReturn)] in
            var result = [(Key, LeaseReturn)]()
            for (key, slot) in slots where !slot.acquiring {
                guard let held = slot.held, shouldReturn(held) else { continue }
                result.append((key, LeaseReturn(tenant: key.tenant, meter: key.meter, lease: held.id, unused: held.unused)))
                slots[key]?.held = nil
                slots[key]?.acquiring = true
            }
            return result
        }
        var firstError: (any Error)?
        for (key, lease) in returns {
            do { try await broker.release(lease) } catch { firstError = firstError ?? error }
            finishAcquisition(key, installing: nil)
        }
        if let firstError { throw firstError }
        return returns.count
    }

    private func waitForAcquisition(_ key: Key) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let waiting = slots.withLock { slots -> Bool in
                guard slots[key]?.acquiring == true else { return false }
                slots[key]!.waiters.append(continuation)
                return true
            }
            if !waiting { continuation.resume() }
        }
    }

    private func finishAcquisition(_ key: Key, installing held: Held?) {
        let waiters = slots.withLock { slots -> [CheckedContinuation<Void, Never>] in
            var slot = slots[key, default: Slot()]
            slot.acquiring = false
            slot.held = held
            let waiters = slot.waiters
            slot.waiters = []
            slots[key] = slot
            return waiters
        }
        for waiter in waiters { waiter.resume() }
    }

    /// A grant within the request's bounds, for the request's instant.
    private static func validate(_ grant: LeaseGrant, for request: LeaseRequest) throws {
        let most = max(request.minimum, request.maximum)
        if grant.granted != 0 && (grant.granted < request.minimum || grant.granted > most || grant.lease == nil) {
            throw LeaseError.inconsistentGrant("granted \(grant.granted) for a request of \(request.minimum) to \(most)")
        }
        if grant.granted > 0 && !(grant.validFrom <= request.at && request.at < grant.validUntil) {
            throw LeaseError.inconsistentGrant("a lease valid from \(grant.validFrom) to \(grant.validUntil) for instant \(request.at)")
        }
    }

    /// A 200 spent from `held` (its `spent` already includes this charge): `X-RateLimit-*` from the lease's windows,
    /// with the units of others as the broker counted them and this instance's as admitted so far.
    private static func allowed(_ charge: QuotaCharge, from held: Held, at seconds: Int64) -> Decision {
        var decision = Decision(status: 200, tenant: charge.tenant, meter: charge.meter, cost: charge.cost)
        decision.rateLimit = rateLimit(held.windows, others: -held.granted + held.spent)
        return decision
    }

    /// The limited window with the least remaining (ties to the longer one; `windows` go month → minute), with
    /// `adjust` added to every window's count.
    private static func rateLimit(_ windows: [LeaseWindow], others adjust: Int64) -> RateLimitState? {
        var best: RateLimitState?
        for window in windows {
            let remaining = max(0, window.limit - (window.used + adjust))
            if best == nil || remaining < best!.remaining {
                best = RateLimitState(window: window.window, limit: window.limit, remaining: remaining, reset: window.reset)
            }
        }
        return best
    }

    /// A 429 from a refused grant: the first window, month → minute, that cannot take the charge's cost.
    private static func refused(_ charge: QuotaCharge, by grant: LeaseGrant, at seconds: Int64) throws -> Decision {
        guard let window = grant.windows.first(where: { $0.used > $0.limit - charge.cost }) else {
            throw LeaseError.inconsistentGrant("refused \(charge.cost) units while every window has room")
        }
        var decision = Decision(status: 429, tenant: charge.tenant, meter: charge.meter, cost: charge.cost)
        decision.window = window.window
        decision.limit = window.limit
        decision.used = window.used
        decision.resetAt = window.reset
        decision.retryAfter = window.reset - seconds
        decision.rateLimit = rateLimit(grant.windows, others: 0)
        return decision
    }

    public func recordGauge(tenant: Int, meter: Int, value: ExactDecimal, at seconds: Int64) async throws {
        try await reads.recordGauge(tenant: tenant, meter: meter, value: value, at: seconds)
    }

    /// The broker's count: units reserved by any instance and not yet admitted count as used.
    public func used(tenant: Int, meter: Int, window: Window, at seconds: Int64) async throws -> Int64 {
        try await reads.used(tenant: tenant, meter: meter, window: window, at: seconds)
    }

    public func latestGauge(tenant: Int, meter: Int) async throws -> ExactDecimal? {
        try await reads.latestGauge(tenant: tenant, meter: meter)
    }

    public func monthQuantity(tenant: Int, meter: Int, kind: MeterKind, month: Int64) async throws -> ExactDecimal? {
        try await reads.monthQuantity(tenant: tenant, meter: meter, kind: kind, month: month)
    }
}
