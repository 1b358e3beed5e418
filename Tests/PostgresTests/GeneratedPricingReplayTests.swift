import Foundation
import PolicyModel
import SeededRandom
import Testing

extension PostgresTests {
    /// Issue 18: `tierc.invoice` of the generated SQL, with the subscription dates and discounts of tenants.sql,
    /// bills exactly the simulator's invoice lines (docs/simulation.md, fine points 7.19–7.31) on generated pricing
    /// v2 policies — every usage price form on counters and gauges, `free`, band flat fees, minimums, USD, JPY or
    /// KWD with either rounding — and generated tenants, after a seeded log of requests and gauge readings over
    /// four months is replayed through `tierc.check_request` and `tierc.record_gauge`.
    @Suite struct GeneratedPricingReplayTests {
        /// 2025-10 … 2026-01 as month indexes (`year × 12 + month − 1`): the months of ``ReplayWorkload``'s log.
        static let logMonths = (2025 * 12 + 9)...(2026 * 12 + 0)

        /// The generated policies have no routes; this one sends exports to their own meter at a cost of 3, so
        /// that both counters have usage.
        static let exportsRoute = """
            routes:
              - match: /v1/exports/**
                meter: exports
                cost: 3

            """

        /// Three seeds (a USD, a KWD and a JPY policy) in one test, so that it can tell that together they reach
        /// every currency, every line kind and months outside a subscription.
        @Test func generatedPricingPoliciesBillAsTheSimulator() async throws {
            var total = InvoiceComparison()
            var currencies: Set<String> = []
            for seed in [UInt64(18), 2026, 7] {
                let (comparison, currency) = try await Self.replay(seed: seed)
                total = total + comparison
                currencies.insert(currency)
                #expect(comparison.linesByKind["base", default: 0] > 0 && comparison.linesByKind["usage", default: 0] > 0,
                        "seed \(seed) compared \(comparison)")
            }
            #expect(currencies == ["USD", "JPY", "KWD"])
            #expect(total.linesByKind["minimum", default: 0] > 0, "no minimum line: \(total)")
            #expect(total.linesByKind["discount", default: 0] > 0, "no discount line: \(total)")
            #expect(total.monthsOutside > 0, "no tenant and month outside a subscription was asked for")
        }

        /// One seed: generates the policy and tenants, replays the log both ways and compares every decision and
        /// every invoice; returns what the invoice comparison covered and the policy's currency.
        static func replay(seed: UInt64) async throws -> (InvoiceComparison, String) {
            var random = SplitMix64(seed: seed)
            let policyYAML = PricingPolicyGenerator.policyYAML(&random, name: "generated-\(seed)")
                .replacingOccurrences(of: "\ntiers:\n", with: "\n" + exportsRoute + "tiers:\n")
            let tenantsYAML = PricingPolicyGenerator.tenantsYAML(&random, count: 8, months: logMonths)
            let (policy, tenants) = try Fixtures.check(policyYAML, tenants: tenantsYAML)
            #expect(policy.routes.count == 1)
            // Every tier (so every form on every meter kind) has tenants; they have first days, last days and
            // discounts.
            #expect(Set(tenants.tenants.map(\.tier)) == Set(PricingPolicyGenerator.tiers), "seed \(seed)")
            #expect(tenants.tenants.contains { $0.subscription.since != nil })
            #expect(tenants.tenants.contains { $0.subscription.until != nil })
            #expect(tenants.tenants.contains { !$0.subscription.discounts.isEmpty })

            // 2,000 records with a larger step than the fixed-policy replays: still more than two months, bounded
            // in time on a loaded machine (one transaction per record).
            let workload = ReplayWorkload(
                seed: seed, count: 2_000, tenants: PricingPolicyGenerator.tenantIDs(count: 8),
                unknownTenants: ["nobody"],
                paths: ["/v1/items/1", "/v1/items/2", "/v1/exports/a.csv", "/v1/exports/dir/b.json", "/health"],
                burstPaths: ["/v1/items/1", "/v1/exports/a.csv"],
                gaugeMeters: ["storage", "seats"], maxStep: 21_600)
            // No limits and no features: every known tenant's request is a 200, an unknown id a 401; gauges are
            // never over a limit. Tenants whose subscription misses a month have no invoice for it, so no minimum
            // count of invoices per tenant.
            let comparison = try await ReplayTests.compare(
                policy, tenants, workload, database: "generated_pricing_\(seed)", expectedStatuses: [200, 401],
                expectedWindows: [], expectedGaugeFlags: [false], invoicedMonths: 0)
            return (comparison, policy.currency.code)
        }
    }
}
