import PropertyBased
import Testing
import PolicyModel
import PolicyRuntime

/// Leases (docs/serve.md#leases): ``LeaseQuotaStore`` instances over one ``InMemoryLeaseBroker`` never admit
/// more than a limit, at any concurrency; one instance decides exactly as the in-memory store; with several, a
/// refusal while quota remains is bounded by the units the other instances hold, (I − 1) × (N − 1).
@Suite("leases")
struct LeaseTests {
    /// 2025-11-01T00:00:00Z.
    static let start: Int64 = 1_761_955_200
    /// Per tenant (one meter): minute and hour; minute and day; the month only.
    static let limits: [WindowLimits] = [
        WindowLimits(minute: 20, hour: 150, day: -1, month: -1),
        WindowLimits(minute: 5, hour: -1, day: 60, month: -1),
        WindowLimits(minute: -1, hour: -1, day: -1, month: 200),
    ]

    /// Admitted cost per tenant and window, from the decisions themselves.
    struct Tally {
        var admitted: [Key: Int64] = [:]

        struct Key: Hashable {
            var tenant: Int
            var window: Window
            var start: Int64
        }

        mutating func add(_ decision: Decision, tenant: Int, at seconds: Int64) {
            guard decision.status == 200 else { return }
            for window in Window.allCases {
                admitted[Key(tenant: tenant, window: window, start: window.start(containing: seconds)), default: 0]
                    += decision.cost
            }
        }

        func admitted(tenant: Int, window: Window, at seconds: Int64) -> Int64 {
            admitted[Key(tenant: tenant, window: window, start: window.start(containing: seconds))] ?? 0
        }

        /// Every limited window's admitted cost is within its limit.
        func withinLimits(_ limits: [WindowLimits]) -> Bool {
            admitted.allSatisfy { key, value in
                guard let limit = limits[key.tenant][key.window] else { return true }
                return value <= limit
            }
        }
    }

    /// The windows a store counts: the month and every limited one (as `QuotaState.charge`).
    static func counted(_ key: Tally.Key) -> Bool {
        key.window == .month || limits[key.tenant][key.window] != nil
    }

    static func charge(tenant: Int, cost: Int64) -> QuotaCharge {
        QuotaCharge(tenant: tenant, meter: 0, cost: cost, limits: limits[tenant])
    }

    @Test("reservations shrink with the smallest remaining, at least the minimum while it fits, never beyond it")
    func sizing() {
        #expect(LeaseSizing.grant(free: nil, minimum: 1, maximum: 50) == 50)
        #expect(LeaseSizing.grant(free: nil, minimum: 70, maximum: 50) == 70)
        #expect(LeaseSizing.grant(free: 0, minimum: 1, maximum: 50) == 0)
        #expect(LeaseSizing.grant(free: 2, minimum: 3, maximum: 50) == 0)
        #expect(LeaseSizing.grant(free: 1, minimum: 1, maximum: 50) == 1)
        #expect(LeaseSizing.grant(free: 3, minimum: 3, maximum: 50) == 3)
        #expect(LeaseSizing.grant(free: 1_000, minimum: 1, maximum: 50) == 50)
        // Reserving 40 at a time from an hour of 100 without spending: the last units go one at a time and the
        // grants add up to the limit exactly.
        var free: Int64 = 100
        var grants: [Int64] = []
        while case let grant = LeaseSizing.grant(free: free, minimum: 1, maximum: 40), grant > 0 {
            grants.append(grant)
            free -= grant
        }
        #expect(grants == [40, 30, 15, 7, 4, 2, 1, 1])
    }

    /// One generated charge: tenant, cost, seconds since the previous one (a step back now and then).
    struct Step: Sendable, CustomStringConvertible {
        var instance: Int
        var tenant: Int
        var cost: Int64
        var advance: Int64

        var description: String { "i\(instance) t\(tenant) c\(cost) +\(advance)" }
    }

    static let steps = zip(Gen.int(in: 0...7), Gen.int(in: 0...2), Gen.int(in: 1...4), Gen.int(in: -40...25))
        .map { Step(instance: $0.0, tenant: $0.1, cost: Int64($0.2), advance: Int64($0.3 < -30 ? $0.3 * 3 : max(0, $0.3))) }
        .array(of: 1...300)

    @Test("one instance with leases decides every charge exactly as the in-memory store, any lease size")
    func oneInstanceIsExact() async throws {
        await propertyCheck(count: 120, input: Self.steps, Gen.int(in: 1...30)) { steps, size in
            let broker = InMemoryLeaseBroker(tenants: 3, meters: 1)
            let store = try LeaseQuotaStore(broker: broker, reads: broker, leaseSize: Int64(size))
            let exact = InMemoryQuotaStore(tenants: 3, meters: 1)
            var seconds = Self.start
            var instants: Set<Int64> = []
            for step in steps {
                seconds += step.advance
                instants.insert(seconds)
                let charge = Self.charge(tenant: step.tenant, cost: step.cost)
                let leased = try await store.charge(charge, at: seconds)
                #expect(leased == exact.charge(charge, at: seconds), "\(step) at \(seconds), lease size \(size)")
            }
            try await store.close()
            #expect(broker.outstanding.isEmpty)
            for seconds in instants {
                for tenant in 0..<3 {
                    for window in Window.allCases {
                        #expect(broker.used(tenant: tenant, meter: 0, window: window, at: seconds)
                                == exact.used(tenant: tenant, meter: 0, window: window, at: seconds))
                    }
                }
            }
        }
    }

    @Test("several instances with leases of 1 unit answer every charge exactly as one in-memory store")
    func leasesOfOneAreExact() async throws {
        await propertyCheck(count: 60, input: Self.steps, Gen.int(in: 2...8)) { steps, count in
            let broker = InMemoryLeaseBroker(tenants: 3, meters: 1)
            let stores = try (0..<count).map { _ in try LeaseQuotaStore(broker: broker, reads: broker, leaseSize: 1) }
            let exact = InMemoryQuotaStore(tenants: 3, meters: 1)
            var seconds = Self.start
            for step in steps {
                seconds += step.advance
                let charge = Self.charge(tenant: step.tenant, cost: step.cost)
                let leased = try await stores[step.instance % count].charge(charge, at: seconds)
                #expect(leased == exact.charge(charge, at: seconds), "\(step) at \(seconds), \(count) instances")
            }
        }
    }

    @Test("several instances: never more than a limit, and a refusal leaves at most (I − 1) × (N − 1) units unused")
    func refusalsStayWithinTheBound() async throws {
        await propertyCheck(count: 120, input: Self.steps, Gen.int(in: 1...8), Gen.int(in: 1...15)) { steps, count, size in
            let broker = InMemoryLeaseBroker(tenants: 3, meters: 1)
            let stores = try (0..<count).map { _ in try LeaseQuotaStore(broker: broker, reads: broker, leaseSize: Int64(size)) }
            let bound = Int64(count - 1) * Int64(size - 1)
            var tally = Tally()
            var seconds = Self.start
            for step in steps {
                seconds += step.advance
                let decision = try await stores[step.instance % count].charge(Self.charge(tenant: step.tenant, cost: step.cost),
                                                                              at: seconds)
                if decision.status == 429, let window = decision.window, let limit = decision.limit {
                    // Refused only when the window's admitted cost, the units the others hold and this cost exceed it.
                    let admitted = tally.admitted(tenant: step.tenant, window: window, at: seconds)
                    #expect(admitted + bound + step.cost > limit, "\(step): \(admitted) admitted of \(limit), bound \(bound)")
                    #expect(decision.used! <= admitted + bound)
                }
                tally.add(decision, tenant: step.tenant, at: seconds)
                #expect(tally.withinLimits(Self.limits), "\(step) at \(seconds)")
            }
            for store in stores { try await store.close() }
            #expect(broker.outstanding.isEmpty)
            // Everything returned: the broker counts exactly what was admitted.
            for (key, value) in tally.admitted where Self.counted(key) {
                #expect(broker.used(tenant: key.tenant, meter: 0, window: key.window, at: key.start) == value)
            }
        }
    }

    @Test("many concurrent instances and direct callers on one broker never admit more than a limit")
    func concurrentInstancesNeverOverAdmit() async throws {
        let broker = InMemoryLeaseBroker(tenants: 3, meters: 1)
        let sizes: [Int64] = [1, 2, 3, 5, 8, 13, 21, 34, 100, 1_000]
        let stores = try sizes.map { try LeaseQuotaStore(broker: broker, reads: broker, leaseSize: $0) }
        // Ten leasing instances and two that charge the broker directly, each 12 concurrent clients walking the
        // same 20 minutes across an hour's end (three tenants, costs 1 to 3): far more demand than any limit. A
        // sweeper meanwhile gives leases back early (returnExpired and returnIdle at times ahead of the clients, and close()),
        // which is always allowed.
        let instances: [any QuotaStore] = stores + [broker, broker]
        let base = Self.start + 50 * 60
        let results = try await withThrowingTaskGroup(of: [(Int, Int64, Decision)].self) { group in
            group.addTask {
                for round in 0..<200 {
                    for store in stores {
                        try await store.returnExpired(at: base + Int64(round * 9))
                        try await store.returnIdle(since: base + Int64(round * 4))
                    }
                    if round % 50 == 49 { try await stores[round / 50].close() }
                    await Task.yield()
                }
                return []
            }
            for (index, instance) in instances.enumerated() {
                for client in 0..<12 {
                    group.addTask {
                        var decisions: [(Int, Int64, Decision)] = []
                        for k in 0..<400 {
                            let tenant = (k + client + index) % 3
                            let seconds = base + Int64(k * 3)
                            let cost = Int64(1 + (k * 7 + client) % 3)
                            decisions.append((tenant, seconds,
                                              try await instance.charge(Self.charge(tenant: tenant, cost: cost), at: seconds)))
                            if k % 50 == 0 { await Task.yield() }
                        }
                        return decisions
                    }
                }
            }
            var all: [(Int, Int64, Decision)] = []
            for try await part in group { all += part }
            return all
        }
        var tally = Tally()
        for (tenant, seconds, decision) in results { tally.add(decision, tenant: tenant, at: seconds) }
        #expect(results.count == instances.count * 12 * 400)
        #expect(tally.withinLimits(Self.limits))
        for store in stores { try await store.close() }
        #expect(broker.outstanding.isEmpty)
        for (key, value) in tally.admitted where Self.counted(key) {
            #expect(broker.used(tenant: key.tenant, meter: 0, window: key.window, at: key.start) == value, "\(key)")
        }
        // With this much demand the month-only tenant reaches its limit: nothing is stranded once leases return.
        #expect(tally.admitted(tenant: 2, window: .month, at: Self.start) == 200)
    }

    @Test("an instance that dies holding a lease: its unspent units are counted until its windows end, no longer")
    func aCrashedInstanceLosesOnlyItsWindow() async throws {
        let broker = InMemoryLeaseBroker(tenants: 3, meters: 1)
        let crashed = try LeaseQuotaStore(broker: broker, reads: broker, leaseSize: 10)
        let survivor = try LeaseQuotaStore(broker: broker, reads: broker, leaseSize: 10)
        // Tenant 1: 5 a minute, 60 a day. The crashed instance reserves min(10, 5 / 2) = 2, spends 1 and dies.
        #expect(try await crashed.charge(Self.charge(tenant: 1, cost: 1), at: Self.start).status == 200)
        #expect(crashed.unspent == 1)
        var admitted = 0
        for _ in 0..<10 {
            if try await survivor.charge(Self.charge(tenant: 1, cost: 1), at: Self.start + 5).status == 200 { admitted += 1 }
        }
        #expect(admitted == 3, "5 − 1 admitted − 1 held by the dead instance")
        // The next minute has its whole limit; the held unit stays counted in the day (and the month).
        admitted = 0
        for _ in 0..<10 {
            if try await survivor.charge(Self.charge(tenant: 1, cost: 1), at: Self.start + 65).status == 200 { admitted += 1 }
        }
        #expect(admitted == 5)
        try await survivor.close()
        #expect(broker.used(tenant: 1, meter: 0, window: .day, at: Self.start) == 1 + 3 + 5 + 1)
        #expect(broker.outstanding.count == 1)
    }

    @Test("reserved units count as used for callers without a lease")
    func reservationsCountForEveryone() async throws {
        let broker = InMemoryLeaseBroker(tenants: 3, meters: 1)
        let leased = try LeaseQuotaStore(broker: broker, reads: broker, leaseSize: 50)
        // Tenant 0: 20 a minute. The lease takes min(50, 20 / 2) = 10 and spends 1.
        #expect(try await leased.charge(Self.charge(tenant: 0, cost: 1), at: Self.start).status == 200)
        var admitted = 0
        var refusal: Decision?
        for _ in 0..<20 {
            let decision = try broker.charge(Self.charge(tenant: 0, cost: 1), at: Self.start)
            if decision.status == 200 { admitted += 1 } else { refusal = decision }
        }
        #expect(admitted == 10)
        #expect(refusal?.window == .minute && refusal?.used == 20 && refusal?.limit == 20)
        // Returned, the rest is free again.
        try await leased.close()
        #expect(try broker.charge(Self.charge(tenant: 0, cost: 9), at: Self.start).status == 200)
        #expect(broker.used(tenant: 0, meter: 0, window: .minute, at: Self.start) == 20)
    }

    @Test("a 200 from a lease carries the X-RateLimit values of the exact store; a 429 its window")
    func rateLimitsFromALease() async throws {
        let broker = InMemoryLeaseBroker(tenants: 3, meters: 1)
        let store = try LeaseQuotaStore(broker: broker, reads: broker, leaseSize: 4)
        let first = try await store.charge(Self.charge(tenant: 0, cost: 2), at: Self.start + 10)
        #expect(first.rateLimit == RateLimitState(window: .minute, limit: 20, remaining: 18, reset: Self.start + 60))
        let second = try await store.charge(Self.charge(tenant: 0, cost: 1), at: Self.start + 11)
        #expect(second.rateLimit?.remaining == 17)
        for _ in 0..<17 { _ = try await store.charge(Self.charge(tenant: 0, cost: 1), at: Self.start + 12) }
        let refused = try await store.charge(Self.charge(tenant: 0, cost: 1), at: Self.start + 13)
        #expect(refused.status == 429)
        #expect(refused.window == .minute && refused.limit == 20 && refused.used == 20)
        #expect(refused.resetAt == Self.start + 60 && refused.retryAfter == 47)
        #expect(refused.rateLimit?.remaining == 0)
    }

    @Test("bad sizes and bad returns are refused with a message that says what would be right")
    func badInput() async throws {
        let broker = InMemoryLeaseBroker(tenants: 3, meters: 1)
        #expect(throws: LeaseError.invalidLeaseSize(0)) { try LeaseQuotaStore(broker: broker, reads: broker, leaseSize: 0) }
        #expect(LeaseError.invalidLeaseSize(0).description.contains("at least 1"))
        let request = LeaseRequest(tenant: 0, meter: 0, limits: Self.limits[0], at: Self.start, minimum: 1, maximum: 8)
        let grant = try broker.acquire(request)
        let lease = try #require(grant.lease)
        #expect(grant.granted == 8 && grant.validFrom == Self.start && grant.validUntil == Self.start + 60)
        #expect(grant.windows.map(\.window) == [.hour, .minute])
        #expect(throws: LeaseError.invalidReturn(lease, unused: 9, granted: 8)) {
            try broker.release(LeaseReturn(tenant: 0, meter: 0, lease: lease, unused: 9))
        }
        #expect(throws: LeaseError.leaseMismatch(lease)) {
            try broker.release(LeaseReturn(tenant: 1, meter: 0, lease: lease, unused: 1))
        }
        #expect(throws: LeaseError.unknownCounter(tenant: 7, meter: 0)) {
            try broker.acquire(LeaseRequest(tenant: 7, meter: 0, limits: Self.limits[0], at: Self.start, minimum: 1, maximum: 1))
        }
        #expect(throws: LeaseError.invalidRequest(minimum: 0, maximum: 1)) {
            try broker.acquire(LeaseRequest(tenant: 0, meter: 0, limits: Self.limits[0], at: Self.start, minimum: 0, maximum: 1))
        }
        try broker.release(LeaseReturn(tenant: 0, meter: 0, lease: lease, unused: 8))
        // A second return of the same lease (a retry) gives back nothing more.
        try broker.release(LeaseReturn(tenant: 0, meter: 0, lease: lease, unused: 8))
        #expect(broker.used(tenant: 0, meter: 0, window: .minute, at: Self.start) == 0)
    }

    @Test("returnExpired gives back the leases whose windows ended, and only those")
    func expiredLeasesGoBack() async throws {
        let broker = InMemoryLeaseBroker(tenants: 3, meters: 1)
        let store = try LeaseQuotaStore(broker: broker, reads: broker, leaseSize: 6)
        _ = try await store.charge(Self.charge(tenant: 0, cost: 1), at: Self.start)       // until the minute's end
        _ = try await store.charge(Self.charge(tenant: 2, cost: 1), at: Self.start)       // until the month's end
        #expect(try await store.returnExpired(at: Self.start + 59) == 0)
        #expect(try await store.returnExpired(at: Self.start + 60) == 1)
        #expect(broker.used(tenant: 0, meter: 0, window: .hour, at: Self.start) == 1)
        #expect(broker.used(tenant: 2, meter: 0, window: .month, at: Self.start) == 6)
        #expect(try await store.close() == 1)
        #expect(broker.used(tenant: 2, meter: 0, window: .month, at: Self.start) == 1)
    }

    @Test("returnIdle gives back the leases that admitted nothing since, and only those")
    func idleLeasesGoBack() async throws {
        let broker = InMemoryLeaseBroker(tenants: 3, meters: 1)
        let store = try LeaseQuotaStore(broker: broker, reads: broker, leaseSize: 6)
        _ = try await store.charge(Self.charge(tenant: 2, cost: 1), at: Self.start)          // month-only: 6 reserved
        _ = try await store.charge(Self.charge(tenant: 0, cost: 1), at: Self.start + 30)     // minute and hour: 6
        #expect(try await store.returnIdle(since: Self.start) == 0)
        #expect(try await store.returnIdle(since: Self.start + 10) == 1)
        #expect(broker.used(tenant: 2, meter: 0, window: .month, at: Self.start) == 1)
        #expect(broker.used(tenant: 0, meter: 0, window: .minute, at: Self.start) == 6)
        // The next charge of the idle counter reserves again.
        #expect(try await store.charge(Self.charge(tenant: 2, cost: 1), at: Self.start + 40).status == 200)
        #expect(broker.used(tenant: 2, meter: 0, window: .month, at: Self.start) == 7)
    }
}
