import Foundation
import PolicyCheck
import PolicyModel
import PolicyRuntime
import PolicySource
import SeededRandom

/// `tierc-bench invoices`: the cost of pricing v2 invoices against the replay that precedes them
/// (BENCHMARKS.md). One process: a policy with every usage form (unit with free units, package, graduated and
/// volume bands with flat fees, minimums), tenants with subscription dates and discounts, a replay of generated
/// requests over 12 months through `PolicyEngine.decide`, then every tenant's invoice of every month through
/// `PolicyEngine.invoice` (the procedure the simulator and the server use). Prints both times and the share.
enum InvoiceBenchmark {
    static let policyText = """
        format: 1
        policy: pricing-v2-bench
        currency: USD
        identification: { order: [api_key] }
        meters:
          api_calls: { kind: counter }
          exports: { kind: counter }
          storage_gb: { kind: gauge }
        default_meter: api_calls
        routes:
          - match: /exports/**
            meter: exports
        usage_prices:
          api_calls: { per: 1000, price: 0.01, free: 1000 }
          exports: { package: 100, price: 5, free: 100 }
          storage_gb:
            graduated:
              - { up_to: 10, price: 0, flat: 0.5 }
              - { up_to: 100, price: 0.10, flat: 5 }
              - { up_to: unlimited, price: 0.05, flat: 9 }
        tiers:
          payg: { price: 0, minimum: 20 }
          team:
            extends: payg
            price: 49
            minimum: 60
            usage_prices:
              api_calls:
                per: 1000
                volume:
                  - { up_to: 100000, price: 0.008, flat: 1 }
                  - { up_to: unlimited, price: 0.005, flat: 2 }
          scale: { extends: team, price: 499, minimum: 600 }
        """

    static func run(tenants count: Int, requests: Int, seed: UInt64) throws {
        let result = PolicyChecker.check(policy: SourceFile(name: "bench.yaml", text: policyText))
        guard let policy = result.policy, !result.hasErrors else {
            throw Timing.Failure(description: result.diagnostics.map(\.message).joined(separator: "\n"))
        }
        var random = SplitMix64(seed: seed)
        let year: Int64 = 2025
        let tiers = policy.tiers.map(\.id)
        var tenants: [Tenant] = []
        for index in 0..<count {
            var subscription = Subscription()
            if random.chance(1, in: 3) { subscription.since = CalendarDate(year: year, month: Int64(1 + random.below(12)), day: Int64(1 + random.below(28))) }
            if random.chance(1, in: 4) { subscription.until = CalendarDate(year: year + 1, month: Int64(1 + random.below(12)), day: 28) }
            for _ in 0..<random.below(3) {
                subscription.discounts.append(Discount(percent: ExactDecimal(significand: Int128(1 + random.below(1000)), scale: 1),
                                                       from: year * 12 + Int64(random.below(12)), months: Int64(1 + random.below(6))))
            }
            tenants.append(Tenant(id: String(format: "t%05d", index), tier: tiers[index % tiers.count], subscription: subscription))
        }
        var engine = PolicyEngine(policy: policy, tenants: TenantDirectory(tenants: tenants))
        let start = UTCCalendar.monthStart(year * 12)
        let span = UTCCalendar.monthStart(year * 12 + 12) - start
        let paths = ["/api/items", "/exports/a.csv"]
        var prepared: [(Request, Int64)] = []
        prepared.reserveCapacity(requests)
        for index in 0..<requests {
            let seconds = start + Int64(index) * span / Int64(requests)
            prepared.append((Request(tenant: .id(tenants[random.below(count)].id), path: paths[random.below(2)]), seconds))
        }
        let gauge = try require(engine.meterIndex("storage_gb"))
        let replayStart = DispatchTime.now().uptimeNanoseconds
        var allowed = 0
        for (index, (request, seconds)) in prepared.enumerated() {
            if engine.decide(request, at: seconds).status == 200 { allowed += 1 }
            if index % 50 == 0 {
                engine.recordGauge(tenant: index % count, meter: gauge,
                                   value: ExactDecimal(significand: Int128(random.below(20_000)), scale: 2), at: seconds)
            }
        }
        let replaySeconds = Double(DispatchTime.now().uptimeNanoseconds - replayStart) / 1e9
        let invoiceStart = DispatchTime.now().uptimeNanoseconds
        var invoices = 0
        var lines = 0
        var total = ExactDecimal.zero
        for tenant in 0..<count {
            for month in (year * 12)..<(year * 12 + 12) {
                guard let invoice = try engine.invoice(tenant: tenant, month: month) else { continue }
                invoices += 1
                lines += invoice.lines.count
                total = ExactDecimal.adding(total, invoice.total) ?? total
            }
        }
        let invoiceSeconds = Double(DispatchTime.now().uptimeNanoseconds - invoiceStart) / 1e9
        print("tenants \(count), requests \(requests) (\(allowed) allowed), 12 months")
        print(String(format: "replay (decide every request):  %8.1f ms", replaySeconds * 1000))
        print(String(format: "invoices (%d, %d lines):  %8.1f ms  = %.2f%% of the replay", invoices, lines,
                     invoiceSeconds * 1000, 100 * invoiceSeconds / replaySeconds))
        print("invoiced total: \(total) USD")
    }
}

private func require<T>(_ value: T?) throws -> T {
    guard let value else { throw Timing.Failure(description: "the benchmark policy lacks its gauge meter") }
    return value
}
