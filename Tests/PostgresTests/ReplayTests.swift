import Testing
@testable import PolicyCompiler
import PolicyModel
import PolicyRuntime
import PolicySimulator

extension PostgresTests {
    /// Generated logs of 10,000 records replayed through the generated SQL and through the Swift runtime: every
    /// status, window, limit, used and reset time, every `X-RateLimit-*` value (`tierc.decide`), every gauge flag,
    /// every `tierc.usage` sample against the in-memory counters, and every invoice of every tenant and month must
    /// be the same.
    @Suite struct ReplayTests {
        @Test func tiersPolicyDecidesAndBillsAsTheRuntime() async throws {
            let (policy, tenants) = try Fixtures.tiers()
            let workload = ReplayWorkload(
                seed: 20_251_101, count: 10_000, tenants: ["free-1", "free-2", "starter-1", "pro-1", "ent-1"],
                unknownTenants: ["ghost", "FREE-1", "free-1 ", "", "'; DROP TABLE tierc.tenants; --"],
                paths: ["/api/v1/items/1", "/api/v1/items/2", "/api/v1/orders", "/api/v1/tenant/usage",
                        "/api/intelligence/predictions/revenue", "/api/intelligence", "/api/intelligencex",
                        "/api/growth/campaigns/7", "/api/support/priority/ticket", "/api/support", "", "/",
                        "//api/intelligence/x", "/API/intelligence/x", "/api/v1/ünïcode", "/api/v1/tenant/usage/"],
                burstPaths: ["/api/v1/items/1", "/api/v1/orders", "/api/growth/campaigns/7"],
                gaugeMeters: ["storage_gb"])
            try await Self.compare(policy, tenants, workload, database: "replay_tiers",
                                   expectedWindows: [.hour, .month])
        }

        @Test func everyConstructPolicyDecidesAndBillsAsTheRuntime() async throws {
            let (policy, tenants) = try Fixtures.everyConstruct()
            let workload = ReplayWorkload(
                seed: 7, count: 10_000, tenants: ["acme", "globex", "initech", "umbrella", "hooli", "stark"],
                unknownTenants: ["nobody", "ACME", "acme\t", "x'y\\z"],
                paths: ["/v1/reports/q1", "/v1/reports", "/v1/reportsx", "/v1/exports/a.csv", "/v1/exports/a.csv/x",
                        "/v1/exports/dir/a.json", "/v1/exports", "/v1/x/status", "/v1//status", "/v1/x/y/status",
                        "/v1/files/raw", "/v1/files/a/b/raw", "/v1/files/a/b/raw/", "/v1/a.b+c(d)[e]$^{f}|g?h\\i/z",
                        "/v1/aXb+c(d)[e]$^{f}|g?h\\i/z", "/v1/a.b+c(d)[e]$^{f}|g?h\\i", "/v1/betaxy", "/v1/beta-x-y",
                        "/v1/betaxz", "/health", "/a/b/health", "health", "/v1/ünï/x", "/v1/ÜNÏ/x", "/other", ""],
                burstPaths: ["/v1/reportsx", "/other", "/v1/reports/q1", "/v1/exports/dir/a.json"],
                gaugeMeters: ["storage_gb", "seats"])
            try await Self.compare(policy, tenants, workload, database: "replay_every",
                                   expectedWindows: [.minute, .hour, .day, .month])
        }

        /// Pricing v2 (docs/simulation.md, fine points 7.26–7.31): the every-construct traffic billed with free
        /// units, a package price, band flat fees, minimums, subscription dates and discounts; every invoice line of
        /// `tierc.invoice` must be the simulator's.
        @Test func pricingV2PolicyBillsAsTheRuntime() async throws {
            let (policy, tenants) = try Fixtures.pricingV2()
            #expect(tenants.tenants.contains { !$0.subscription.discounts.isEmpty && $0.subscription.until != nil })
            let workload = ReplayWorkload(
                seed: 18, count: 10_000, tenants: ["acme", "globex", "initech", "umbrella", "hooli", "stark"],
                unknownTenants: ["nobody"],
                paths: ["/v1/reports/q1", "/v1/exports/a.csv", "/v1/exports/dir/a.json", "/v1/x/status", "/v1/files/a/b/raw",
                        "/v1/betaxy", "/health", "/v1/ünï/x", "/other", ""],
                burstPaths: ["/other", "/v1/reports/q1", "/v1/exports/dir/a.json"],
                gaugeMeters: ["storage_gb", "seats"])
            try await Self.compare(policy, tenants, workload, database: "replay_pricing_v2",
                                   expectedWindows: [.minute, .hour, .day])
        }

        /// Replays `workload` both ways and compares everything; `expectedStatuses`, `expectedWindows` and
        /// `expectedGaugeFlags` are what the decisions must have shown (so that the workload really exercised them),
        /// and every tenant must have at least `invoicedMonths` invoices. Returns what the invoice comparison covered.
        @discardableResult
        static func compare(_ policy: Policy, _ tenants: TenantDirectory, _ workload: ReplayWorkload, database name: String,
                            expectedStatuses: Set<Int> = [200, 401, 403, 429], expectedWindows: Set<Window>,
                            expectedGaugeFlags: Set<Bool> = [true, false], invoicedMonths: Int = 3) async throws
            -> InvoiceComparison {
            let records = workload.records()
            let database = try await PostgresTests.database(name)
            try await database.load(policy, tenants: tenants)
            let answers = try await SQLReplay.run(records, in: database)

            var engine = PolicyEngine(policy: policy, tenants: tenants)
            var simulator = Simulator(policy: policy, tenants: tenants)
            var mismatches: [String] = []
            var statuses: [Int: Int] = [:]
            var windows: Set<Window> = []
            var gaugeFlags: Set<Bool> = []
            var rateWindows: [Int: Set<Window>] = [:]
            var expectedUsage: [SQLReplay.UsageRow] = []
            for (index, record) in records.enumerated() {
                let expected: SQLReplay.Answer
                switch record.kind {
                case .request(let tenant, let path):
                    let request = Request(tenant: .id(tenant), path: path)
                    let decision = engine.decide(request, at: record.seconds)
                    _ = simulator.replay(.request(request, seconds: record.seconds))
                    expected = SQLReplay.Answer(status: decision.status, window: decision.window?.rawValue,
                                                limit: decision.limit, used: decision.used, resetAt: decision.resetAt,
                                                rateWindow: decision.rateLimit?.window.rawValue,
                                                rateLimit: decision.rateLimit?.limit,
                                                rateRemaining: decision.rateLimit?.remaining,
                                                rateReset: decision.rateLimit?.reset)
                    statuses[decision.status, default: 0] += 1
                    if let window = decision.window { windows.insert(window) }
                    if let rate = decision.rateLimit { rateWindows[decision.status, default: []].insert(rate.window) }
                    if index % SQLReplay.usageEvery == 0 {
                        expectedUsage += Self.usage(of: tenant, after: index, at: record.seconds, engine: engine)
                    }
                case .gauge(let tenant, let meter, let value):
                    let tenantIndex = try #require(engine.tenants.tenant(id: tenant))
                    let meterIndex = try #require(engine.meterIndex(meter))
                    let over = engine.recordGauge(tenant: tenantIndex, meter: meterIndex, value: value, at: record.seconds)
                    #expect(simulator.replay(.gauge(tenant: .id(tenant), meter: meter, value: value, seconds: record.seconds)) == nil)
                    expected = SQLReplay.Answer(overLimit: over)
                    gaugeFlags.insert(over)
                }
                if answers[index] != expected, mismatches.count < 10 {
                    mismatches.append("record \(index) \(record.kind) at \(record.timestamp): SQL \(answers[index]), Swift \(expected)")
                }
            }
            #expect(mismatches.isEmpty, "SQL and the runtime disagree:\n\(mismatches.joined(separator: "\n"))")
            #expect(engine.state.decisionsBeyondHorizon == 0, "the workload went back further than the runtime remembers")
            // The workload exercised what it claims to: its records over more than two months, some going back
            // in time, some with fractions of a second, the expected statuses, 429 windows and gauge flags.
            #expect(records.count == workload.count)
            let times = records.map(\.seconds)
            #expect((times.max() ?? 0) - (times.min() ?? 0) > 60 * 86_400)
            #expect(zip(times, times.dropFirst()).contains { $0 > $1 })
            #expect(records.contains { $0.quarters > 0 })
            #expect(Set(statuses.keys) == expectedStatuses, "statuses seen: \(statuses)")
            #expect(windows == expectedWindows, "429 windows seen: \(windows)")
            #expect(gaugeFlags == expectedGaugeFlags)
            // X-RateLimit-* on allowed decisions and on refusals, from more than one window (for a workload that
            // meets limits; generated pricing policies have none).
            if expectedStatuses.contains(429) {
                #expect((rateWindows[200]?.count ?? 0) >= 2 && !(rateWindows[429] ?? []).isEmpty, "rate-limit windows: \(rateWindows)")
            }

            // tierc.usage after every 20th request of a known tenant: the in-memory counters' used, the tier's limits.
            let usage = try await SQLReplay.usage(in: database)
            #expect(usage.count == expectedUsage.count, "tierc.usage gave \(usage.count) rows, the runtime \(expectedUsage.count)")
            let usageMismatches = zip(usage, expectedUsage).filter { $0 != $1 }.prefix(10)
            #expect(usageMismatches.isEmpty, "tierc.usage and the runtime disagree:\n\(usageMismatches.map { "SQL \($0.0), Swift \($0.1)" }.joined(separator: "\n"))")
            if expectedStatuses.contains(429) {
                #expect(expectedUsage.contains { $0.window != "month" && $0.used > 0 && $0.remaining == 0 },
                        "the usage samples include an exhausted window")
            }

            return try await compareInvoices(try simulator.finish(), policy: policy, in: database,
                                             invoicedMonths: invoicedMonths)
        }

        /// What `tierc.usage(tenant, at)` must answer after record `seq` from the runtime's counters: for each counter
        /// meter in declaration order, the month and each window the tenant's tier limits, month → day → hour →
        /// minute; none for an unknown tenant or one whose tier the policy does not define (SQL raises an error).
        static func usage(of tenant: String, after seq: Int, at seconds: Int64, engine: PolicyEngine) -> [SQLReplay.UsageRow] {
            guard let tenantIndex = engine.tenants.tenant(id: tenant), let tier = engine.rules.tier(ofTenant: tenantIndex) else {
                return []
            }
            var rows: [SQLReplay.UsageRow] = []
            for (meterIndex, meter) in engine.policy.meters.enumerated() where meter.kind == .counter {
                let limits = engine.rules.windowLimits(tier: tier, meter: meterIndex)
                for window in Window.checkOrder {
                    let limit = limits[Window.allCases.firstIndex(of: window)!]
                    guard window == .month || limit >= 0 else { continue }
                    let start = window.start(containing: seconds)
                    let used = engine.state.used(tenant: tenantIndex, meter: meterIndex, window: window, at: seconds)
                    rows.append(SQLReplay.UsageRow(seq: seq, meter: meter.id, window: window.rawValue, start: start, used: used,
                                                   limit: limit >= 0 ? limit : nil,
                                                   remaining: limit >= 0 ? max(0, limit - used) : nil,
                                                   reset: window.end(startingAt: start)))
                }
            }
            return rows
        }

        /// Every invoice of the simulator's report against `tierc.invoice` for the same tenant and month, and no rows
        /// for the months of the report that a tenant's subscription does not cover; every tenant must have at least
        /// `invoicedMonths` invoices. Returns what was compared.
        @discardableResult
        static func compareInvoices(_ report: SimulationReport, policy: Policy, in database: Database,
                                    invoicedMonths: Int = 3) async throws -> InvoiceComparison {
            var pairs: [String] = []
            var expected: [[String?]] = []
            let digits = policy.currency.minorUnits
            for tenant in report.tenants {
                for invoice in tenant.invoices {
                    pairs.append("(\(SQLValue.literal(tenant.tenant)), \(SQLValue.literal(invoice.month)))")
                    for line in invoice.lines {
                        expected.append([tenant.tenant, invoice.month, line.kind.rawValue, line.meter,
                                         line.quantity?.description, line.amount.formatted(fractionDigits: digits)])
                    }
                }
            }
            #expect(report.tenants.allSatisfy { $0.invoices.count >= invoicedMonths }, "too few invoiced months")
            // Months outside a tenant's subscription (§7.29): no invoice from the simulator, no rows from SQL.
            let months = Set(report.tenants.flatMap { $0.invoices.map(\.month) })
            var outside: [String] = []
            for tenant in report.tenants {
                let invoiced = Set(tenant.invoices.map(\.month))
                for month in months.subtracting(invoiced).sorted() {
                    outside.append("(\(SQLValue.literal(tenant.tenant)), \(SQLValue.literal(month)))")
                }
            }
            if !outside.isEmpty {
                let extra = try await database.rows("""
                    SELECT v.tenant, v.month, i.kind FROM (VALUES \(outside.joined(separator: ", "))) AS v (tenant, month)
                     CROSS JOIN LATERAL tierc.invoice(v.tenant, v.month) AS i;
                    """)
                #expect(extra.isEmpty, "SQL invoices months outside the subscription: \(extra.prefix(5))")
            }
            let rows = try await database.rows("""
                SELECT v.tenant, v.month, i.kind, i.meter, i.quantity, i.amount
                  FROM (VALUES \(pairs.joined(separator: ", "))) AS v (tenant, month)
                 CROSS JOIN LATERAL tierc.invoice(v.tenant, v.month) WITH ORDINALITY AS i (kind, meter, quantity, amount, n)
                 ORDER BY v.tenant COLLATE "C", v.month, i.n;
                """)
            #expect(rows.count == expected.count)
            for (row, line) in zip(rows, expected) where row != line {
                Issue.record("invoice line differs: SQL \(row), simulator \(line)")
            }
            // Totals: the sum of the rounded lines, as §4 says and the simulator reports.
            for tenant in report.tenants {
                for invoice in tenant.invoices {
                    let amounts = rows.filter { $0[0] == tenant.tenant && $0[1] == invoice.month }.compactMap { $0[5] }
                    let total = amounts.compactMap(ExactDecimal.init).reduce(ExactDecimal.zero) {
                        ExactDecimal.adding($0, $1) ?? $0
                    }
                    #expect(total == invoice.total, "total of \(tenant.tenant) \(invoice.month)")
                }
            }
            #expect(report.tenants.contains { $0.invoices.contains { $0.total != .zero } }, "something was billed")
            var comparison = InvoiceComparison(invoices: pairs.count, monthsOutside: outside.count)
            for line in expected { comparison.linesByKind[line[2] ?? "", default: 0] += 1 }
            return comparison
        }
    }
}
