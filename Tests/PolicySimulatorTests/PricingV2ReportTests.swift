import Foundation
import PolicyModel
import PolicyRuntime
import PolicySimulator
import Testing

/// The new line kinds in every report format (docs/simulation.md §4 and §5, "Human output", "--format csv",
/// "--format html"): `minimum` and `discount` lines, the discount a negative amount, with thousands separators in the
/// human and HTML reports and plain decimals in CSV and JSON.
@Suite("Pricing v2 lines in the human, CSV, JSON and HTML reports")
struct PricingV2ReportTests {
    /// acme on a 1,000 USD tier with a 2,000 minimum and 20% off January and February, 90% off February: January
    /// 1,000 + 0.25 + minimum 999.75 − 400 = 1,600; February 1,000 + 0 + minimum 1,000 − 400 − 1,600 (90% of
    /// 2,000 cut to the 1,600 left) = 0; March 2,000. beta has no discount.
    static func report() throws -> SimulationReport {
        let policy = PricingV2Tests.policy("{ price: 0.25 }", tier: "price: 1000\n    minimum: 2000")
        let tenants = PricingV2Tests.subscribed("""
            discounts:
              - { percent: 20, from: 2025-01, months: 2 }
              - { percent: 90, from: 2025-02, months: 1 }
            """)
        return try Spec.report(policy, tenants, [
            Spec.pinned("acme", "2025-01-05T00:00:00Z"),
            Spec.pinned("acme", "2025-03-05T00:00:00Z"),
            Spec.pinned("beta", "2025-03-06T00:00:00Z"),
        ])
    }

    @Test func lines() throws {
        #expect(try PricingV2Tests.lines(Self.report()) == [
            ["base=1000.00", "usage:api_calls:1=0.25", "minimum=999.75", "discount=-400.00", "total=1600.00"],
            ["base=1000.00", "usage:api_calls:0=0.00", "minimum=1000.00", "discount=-400.00", "discount=-1600.00", "total=0.00"],
            ["base=1000.00", "usage:api_calls:1=0.25", "minimum=999.75", "total=2000.00"],
        ])
    }

    @Test func human() throws {
        let text = try Self.report().humanSummary()
        let invoices = text.split(separator: "\n", omittingEmptySubsequences: false).drop { !$0.hasPrefix("acme (free)") }
        #expect(invoices.prefix(5).joined(separator: "\n") == """
            acme (free)
              2025-01  base 1,000.00, api_calls 1 → 0.25, minimum +999.75, discount -400.00  total 1,600.00
              2025-02  base 1,000.00, api_calls 0 → 0.00, minimum +1,000.00, discount -400.00, discount -1,600.00  total 0.00
              2025-03  base 1,000.00, api_calls 1 → 0.25, minimum +999.75  total 2,000.00

            """)
        #expect(text.contains("tenants: 2, 0 refused at least once; invoiced 9,600.00\n"))
    }

    @Test func csv() throws {
        let csv = try Self.report().csv()
        #expect(csv.hasPrefix("""
            tenant,tier,month,line,meter,quantity,amount,currency\r
            acme,free,2025-01,base,,,1000.00,USD\r
            acme,free,2025-01,usage,api_calls,1,0.25,USD\r
            acme,free,2025-01,minimum,,,999.75,USD\r
            acme,free,2025-01,discount,,,-400.00,USD\r
            acme,free,2025-02,base,,,1000.00,USD\r
            acme,free,2025-02,usage,api_calls,0,0.00,USD\r
            acme,free,2025-02,minimum,,,1000.00,USD\r
            acme,free,2025-02,discount,,,-400.00,USD\r
            acme,free,2025-02,discount,,,-1600.00,USD\r
            acme,free,2025-03,base,,,1000.00,USD\r
            acme,free,2025-03,usage,api_calls,1,0.25,USD\r
            acme,free,2025-03,minimum,,,999.75,USD\r
            beta,free,2025-01,base,,,1000.00,USD\r

            """), "\(csv)")
        #expect(try Self.report().csv(table: .tenants).contains("acme,free,2,2,0,0,,,1600.00,0.00,2000.00,3600.00,USD\r\n"))
    }

    @Test func json() throws {
        let json = try Self.report().json()
        #expect(json.contains("""
                      "lines": [
                        { "kind": "base", "amount": "1000.00" },
                        { "kind": "usage", "meter": "api_calls", "quantity": "0", "amount": "0.00" },
                        { "kind": "minimum", "amount": "1000.00" },
                        { "kind": "discount", "amount": "-400.00" },
                        { "kind": "discount", "amount": "-1600.00" }
                      ],
                      "total": "0.00"
            """), "\(json)")
    }

    @Test func html() throws {
        let html = try Self.report().html()
        for span in [
            #"<span class="line" data-kind="minimum" data-meter="" data-value="999.75">minimum → 999.75; </span>"#,
            #"<span class="line" data-kind="discount" data-meter="" data-value="-400.00">discount → -400.00; </span>"#,
            #"<span class="line" data-kind="discount" data-meter="" data-value="-1600.00">discount → -1,600.00; </span>"#,
            #"<td class="num" data-value="0.00" data-key="invoice_total">0.00</td>"#,
            #"<td class="num" data-value="3600.00" data-key="total">3,600.00</td>"#,
        ] {
            #expect(html.contains(span), "\(span)")
        }
    }
}
