import Foundation
import PolicyCompiler
import PolicyModel
import PolicyRuntime
import SeededRandom
import Testing

/// The generated `Tier.invoice(month:usage:subscription:)` (docs/generated-swift.md#invoices), compiled with swiftc
/// and run, bills exactly the lines of PolicyRuntime's `Invoice.assemble`, which the simulator, the server and the
/// tests of the generated SQL share (docs/simulation.md, fine points 7.19–7.31).
@Suite("Generated Swift invoices, compiled with swiftc")
struct GeneratedInvoiceTests {
    /// Generated policies with every usage price form, `free`, flat fees and minimums, and cases with subscription
    /// dates and discounts: every line of every invoice, byte for byte on the amounts in minor units.
    @Test(arguments: [UInt64(18), 2026, 7_031])
    func generatedInvoicesAreTheRuntimes(seed: UInt64) throws {
        var random = SplitMix64(seed: seed)
        let policy = try EmitterSupport.policy(PricingPolicyGenerator.policyYAML(&random, name: "generated-\(seed)"))
        // The policy uses every form on counters and gauges, `free`, band flat fees and a minimum.
        let prices = policy.tiers.flatMap { tier in policy.meters.compactMap { meter in tier.usagePrices[meter.id].map { (meter.kind, $0) } } }
        for kind in MeterKind.allCases {
            let forms = Set(prices.filter { $0.0 == kind }.map { price -> String in
                switch price.1.scheme {
                case .flat: "unit"
                case .graduated: "graduated"
                case .volume: "volume"
                case .package: "package"
                }
            })
            #expect(forms == ["unit", "graduated", "volume", "package"], "\(kind) meters priced by \(forms.sorted())")
        }
        #expect(prices.contains { !$0.1.free.isZero })
        let cases = InvoiceFixture.cases(policy, &random, count: 160)
        let expected = try InvoiceFixture.expected(cases, policy: policy)
        let output = try SwiftCompiler.buildAndRun(policySwift: SwiftEmitter.emit(policy), program: InvoiceFixture.program(cases))
        let actual = output.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
        #expect(actual.count == expected.count)
        for (generated, runtime) in zip(actual, expected) where generated != runtime {
            Issue.record("generated Swift: \(generated)\nInvoice.assemble: \(runtime)")
        }
        // The cases reach every line kind and months outside the subscription.
        for kind in ["base ", "usage ", "minimum ", "discount ", "not subscribed"] {
            #expect(expected.contains { $0.contains(kind) }, "no case with \(kind)")
        }
    }

    /// The worked examples of docs/simulation.md and docs/policy-format.md, through the generated Swift.
    @Test func workedExamples() throws {
        let policy = try EmitterSupport.policy("""
            format: 1
            policy: worked-examples
            currency: USD
            meters:
              calls: { kind: counter }
            tiers:
              lago:
                price: 0
                usage_prices:
                  calls: { package: 100, price: 5, free: 100 }
              lago_half:
                price: 0
                usage_prices:
                  calls: { package: 100, price: 1, free: 50 }
              graduated:
                price: 0
                usage_prices:
                  calls:
                    graduated:
                      - { up_to: 3, price: 2, flat: 5 }
                      - { up_to: 8, price: 1.5, flat: 7 }
                      - { up_to: unlimited, price: 1, flat: 9 }
              volume:
                price: 0
                usage_prices:
                  calls:
                    volume:
                      - { up_to: 3, price: 2, flat: 5 }
                      - { up_to: 8, price: 1.5, flat: 7 }
                      - { up_to: unlimited, price: 1, flat: 9 }
              floor:
                price: 5
                minimum: 30
                usage_prices:
                  calls: { price: 0.25 }
            """)
        let output = try SwiftCompiler.buildAndRun(policySwift: SwiftEmitter.emit(policy), program: """
            import GeneratedPolicy

            let april = Invoice.Month(year: 2025, month: 4)
            func show(_ tier: Tier, _ calls: Int64, _ subscription: Invoice.Subscription = .always,
                      month: Invoice.Month = Invoice.Month(year: 2025, month: 4)) {
                do {
                    let invoice = try tier.invoice(month: month, usage: [.calls: PolicyDecimal(calls, scale: 0)],
                                                   subscription: subscription)
                    print(invoice.lines.map { "\\($0.kind.rawValue) \\($0.amountMinorUnits)" }.joined(separator: ", "),
                          "=", invoice.totalMinorUnits)
                } catch {
                    print(error)
                }
            }
            show(.lago, 201)
            show(.lagoHalf, 200)
            show(.graduated, 0)
            show(.graduated, 10)
            show(.volume, 10)
            show(.floor, 20)
            let offer = Invoice.Subscription(discounts: [Invoice.Discount(percent: PolicyDecimal(20, scale: 0), from: april, months: 3)])
            show(.floor, 20, offer, month: Invoice.Month(year: 2025, month: 6))
            show(.floor, 20, offer, month: Invoice.Month(year: 2025, month: 7))
            show(.floor, 20, Invoice.Subscription(since: Invoice.Day(year: 2025, month: 5, day: 1)))
            show(.floor, 20, Invoice.Subscription(since: Invoice.Day(year: 2025, month: 2, day: 30)))
            show(.floor, 20, Invoice.Subscription(discounts: [Invoice.Discount(percent: PolicyDecimal(1005, scale: 1), from: april, months: 1)]))
            """)
        #expect(output == """
            base 0, usage 1000 = 1000
            base 0, usage 200 = 200
            base 0, usage 500 = 500
            base 0, usage 3650 = 3650
            base 0, usage 1900 = 1900
            base 500, usage 500, minimum 2000 = 3000
            base 500, usage 500, minimum 2000, discount -600 = 2400
            base 500, usage 500, minimum 2000 = 3000
            the subscription covers no day of the month, so it has no invoice
            since has day 30, which its month does not have
            a discount's percent is 100.5, it must be in (0, 100]

            """)
    }

    /// A tenant who joined on the 16th of April on a 4001 JPY tier (half_even): April's base is 4001 × 15 / 30 =
    /// 2000.5 → 2000, and the minimum is prorated alike (docs/simulation.md, fine points 7.29 and 7.30).
    @Test func proratedBaseAndMinimumInJPY() throws {
        let policy = try EmitterSupport.policy("""
            format: 1
            policy: prorated
            currency: JPY
            rounding: half_even
            meters:
              calls: { kind: counter }
            tiers:
              monthly:
                price: 4001
                minimum: 6000
            """)
        let output = try SwiftCompiler.buildAndRun(policySwift: SwiftEmitter.emit(policy), program: """
            import GeneratedPolicy

            let subscription = Invoice.Subscription(since: Invoice.Day(year: 2025, month: 4, day: 16),
                                            until: Invoice.Day(year: 2025, month: 5, day: 10))
            for month in 4...5 {
                let invoice = try Tier.monthly.invoice(month: Invoice.Month(year: 2025, month: month), subscription: subscription)
                print(invoice.month, invoice.lines.map { "\\($0.kind.rawValue) \\($0.amountMinorUnits)" }, invoice.totalMinorUnits)
            }
            """)
        // May: 4001 × 10 / 31 = 1290.6… → 1291; the minimum 6000 × 10 / 31 = 1935.4… → 1935, so 644 on top.
        #expect(output == """
            2025-04 ["base 2000", "minimum 1000"] 3000
            2025-05 ["base 1291", "minimum 644"] 1935

            """)
    }
}
