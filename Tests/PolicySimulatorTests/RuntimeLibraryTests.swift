import Foundation
import PolicyModel
import PolicyRuntime
import PolicySimulator
import Testing

/// The runtime as a library (PolicyRuntime): typed outcomes, the stateless rules plus a ``QuotaStore``, and
/// invoices assembled by the runtime, all deciding exactly as the simulator does.
@Suite("Runtime library: outcomes, quota stores, invoices")
struct RuntimeLibraryTests {
    static func bundled() throws -> (Policy, TenantDirectory) {
        let root = Simulation.repositoryRoot
        return try Simulation.policy(
            String(contentsOf: root.appendingPathComponent("tiers/tiers.yaml"), encoding: .utf8),
            tenants: String(contentsOf: root.appendingPathComponent("examples/tenants.yaml"), encoding: .utf8))
    }

    static func bearer(_ key: String, _ path: String = "/api/v1/things") -> Request {
        Request(path: path, headers: [(name: "Authorization", value: "Bearer \(key)")])
    }

    /// 2025-11-02T21:00:00Z.
    static let start: Int64 = 1_762_117_200

    @Test func outcomesAreTyped() throws {
        let (policy, tenants) = try Self.bundled()
        var engine = PolicyEngine(policy: policy, tenants: tenants)
        #expect(engine.decide(Self.bearer("nope"), at: Self.start).outcome == .unauthorized(.unknownCredentials))
        let gated = engine.decide(Self.bearer("demo-key-tenant-a", "/api/intelligence/predict"), at: Self.start)
        guard case .forbidden(let feature) = gated.outcome else { Issue.record("\(gated)"); return }
        #expect(policy.features[feature].id == "ai_intelligence")
        var last = Decision(status: 0)
        for second in 0..<100 {
            last = engine.decide(Self.bearer("demo-key-tenant-a"), at: Self.start + Int64(second))
        }
        #expect(last.outcome == .allowed(RateLimitState(window: .hour, limit: 100, remaining: 0, reset: Self.start + 3_600)))
        let refused = engine.decide(Self.bearer("demo-key-tenant-a"), at: Self.start + 1_800)
        #expect(refused.outcome == .quotaExceeded(QuotaExceeded(window: .hour, limit: 100, used: 100,
                                                                resetAt: Self.start + 3_600, retryAfter: 1_800)))
        let anonymous = engine.decide(Request(path: "/"), at: Self.start)
        #expect(anonymous.outcome == .anonymous, "require_tenant is false in tiers/tiers.yaml")
    }

    @Test func rulesAndAnInMemoryStoreDecideAsTheEngine() async throws {
        let (policy, tenants) = try Self.bundled()
        var engine = PolicyEngine(policy: policy, tenants: tenants)
        let rules = PolicyRules(policy: policy, tenants: tenants)
        let memory = InMemoryQuotaStore(tenants: tenants.tenants.count, meters: policy.meters.count)
        let store: any QuotaStore = memory
        let keys = ["demo-key-tenant-a", "demo-key-tenant-b", "demo-key-tenant-c", "unknown"]
        let paths = ["/api/v1/things", "/api/intelligence/x", "/api/growth/y", "/api/v1/tenant/usage"]
        for index in 0..<3_000 {
            let request = Self.bearer(keys[index % keys.count], paths[(index / 7) % paths.count])
            let seconds = Self.start + Int64(index * 13)
            let expected = engine.decide(request, at: seconds)
            let actual: Decision
            switch rules.plan(rules.resolver.resolve(request, at: seconds)) {
            case .decided(let decision): actual = decision
            case .charge(let charge): actual = try await store.charge(charge, at: seconds)
            }
            #expect(actual == expected, "request \(index)")
        }
        #expect(memory.snapshot == engine.state)
    }

    /// Concurrent callers of one store never admit more than a window allows.
    @Test func concurrentChargesStayWithinTheLimit() async throws {
        let (policy, tenants) = try Self.bundled()
        let rules = PolicyRules(policy: policy, tenants: tenants)
        let store: any QuotaStore = InMemoryQuotaStore(tenants: tenants.tenants.count, meters: policy.meters.count)
        guard case .charge(let charge) = rules.plan(rules.resolver.resolve(Self.bearer("demo-key-tenant-a"), at: Self.start)) else {
            Issue.record("a metered request"); return
        }
        let admitted = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    var admitted = 0
                    for _ in 0..<40 where try await store.charge(charge, at: Self.start).status == 200 { admitted += 1 }
                    return admitted
                }
            }
            return try await group.reduce(0, +)
        }
        #expect(admitted == 100)
        #expect(try await store.used(tenant: charge.tenant, meter: charge.meter, window: .hour, at: Self.start) == 100)
    }

    @Test func invoicesFromAStoreEqualTheSimulators() async throws {
        let (policy, tenants) = try Self.bundled()
        let log = try String(contentsOf: Simulation.repositoryRoot.appendingPathComponent("examples/requests.jsonl"),
                             encoding: .utf8)
        let report = try Simulation.run(policy, tenants, log: log)
        var engine = PolicyEngine(policy: policy, tenants: tenants)
        let store: any QuotaStore = InMemoryQuotaStore(tenants: tenants.tenants.count, meters: policy.meters.count)
        for line in log.split(separator: "\n") {
            let parsed = Array(line.utf8).withUnsafeBufferPointer { LogLineParser.parse($0) }
            guard case .success(let record)? = parsed else { continue }
            switch record {
            case .request(let request, let seconds):
                let decision = engine.decide(request, at: seconds)
                if case .charge(let charge) = engine.rules.plan(engine.resolver.resolve(request, at: seconds)) {
                    #expect(try await store.charge(charge, at: seconds).status == decision.status)
                }
            case .gauge(.id(let id), let meter?, let value, let seconds):
                guard let tenant = engine.tenants.tenant(id: id), let index = engine.meterIndex(meter) else { continue }
                engine.recordGauge(tenant: tenant, meter: index, value: value, at: seconds)
                try await store.recordGauge(tenant: tenant, meter: index, value: value, at: seconds)
            default: continue
            }
        }
        var compared = 0
        for (index, summary) in report.tenants.enumerated() {
            let tier = try #require(policy.tier(summary.tier))
            for invoice in summary.invoices {
                let month = try #require(Self.monthIndex(invoice.month))
                #expect(try engine.invoice(tenant: index, month: month) == invoice)
                var quantities: [ExactDecimal?] = []
                for (meter, definition) in policy.meters.enumerated() {
                    quantities.append(try await store.monthQuantity(tenant: index, meter: meter, kind: definition.kind, month: month))
                }
                let fromStore = try Invoice.assemble(policy: policy, tier: tier, month: month) { quantities[$0] }
                #expect(fromStore == invoice, "\(summary.tenant) \(invoice.month)")
                compared += 1
            }
        }
        #expect(compared >= 8)
    }

    /// A request built from HTTP parts: the target splits at its first `?`, nothing is decoded or normalised.
    @Test func requestFromHTTPParts() {
        let headers = [(name: "Authorization", value: "Bearer k")]
        let request = Request(target: "/api/a%2Fb?tenant_id=x&y=?z", host: "bravo.yourdomain.com", headers: headers)
        #expect(request == Request(path: "/api/a%2Fb", host: "bravo.yourdomain.com", query: "tenant_id=x&y=?z", headers: headers))
        #expect(Request(target: "", host: nil, headers: []) == Request(path: "/"))
        #expect(Request(target: "?q", host: nil, headers: []) == Request(path: "/", query: "q"))
        #expect(Request(target: "/x?", host: nil, headers: []) == Request(path: "/x", query: ""))
    }

    static func monthIndex(_ text: String) -> Int64? {
        let parts = text.split(separator: "-")
        guard parts.count == 2, let year = Int64(parts[0]), let month = Int64(parts[1]) else { return nil }
        return year * 12 + month - 1
    }
}

/// Counters carried over to a reloaded policy whose tenants and meters moved.
@Suite("Runtime library: counters across a reload")
struct QuotaCarryTests {
    @Test func countersFollowTheirTenantAndMeterIds() throws {
        let (policy, tenants) = try RuntimeLibraryTests.bundled()
        var engine = PolicyEngine(policy: policy, tenants: tenants)
        for _ in 0..<7 { _ = engine.decide(RuntimeLibraryTests.bearer("demo-key-tenant-b"), at: RuntimeLibraryTests.start) }
        let storage = try #require(engine.meterIndex("storage_gb"))
        let b = try #require(engine.tenants.tenant(id: "tenant-b"))
        engine.recordGauge(tenant: b, meter: storage, value: ExactDecimal(3), at: RuntimeLibraryTests.start)
        let ids = tenants.tenants.map(\.id)
        let meters = policy.meters.map(\.id)
        let moved = engine.state.carried(fromTenants: ids, meters: meters,
                                         toTenants: ["tenant-new"] + ids.reversed(), meters: ["exports"] + meters.reversed())
        // tenant-b is now at index 1 + (3 - 1) = 3 of 5; api_calls at meter 2 of 3.
        let newB = 1 + (ids.count - 1 - b)
        let apiCalls = 1 + (meters.count - 1 - (try #require(engine.meterIndex("api_calls"))))
        #expect(moved.used(tenant: newB, meter: apiCalls, window: .hour, at: RuntimeLibraryTests.start) == 7)
        #expect(moved.gauge(tenant: newB, meter: 1 + (meters.count - 1 - storage)).latest == ExactDecimal(3))
        #expect(moved.used(tenant: 0, meter: apiCalls, window: .hour, at: RuntimeLibraryTests.start) == 0)
        #expect(engine.state.carried(fromTenants: ids, meters: meters, toTenants: ids, meters: meters) == engine.state)
    }
}
