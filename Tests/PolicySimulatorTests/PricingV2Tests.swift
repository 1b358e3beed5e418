import Testing
import PolicyModel
import PolicyRuntime
import PolicySimulator

/// simulation.md §4 and §7.26–§7.31 (pricing v2): free units, packages, band flat fees, minimums, subscription
/// dates and discounts, with the worked examples of issue 18, through the checker and a replay.
@Suite("§7.26–§7.31 pricing v2")
struct PricingV2Tests {
    /// The invoice lines of tenant `acme` as `kind[:meter:quantity]=amount` texts, month by month.
    static func lines(_ report: SimulationReport, _ tenant: String = "acme",
                      sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> [[String]] {
        let digits = report.currency.minorUnits
        return try report.tenant(tenant, sourceLocation: sourceLocation).invoices.map { invoice in
            invoice.lines.map { line in
                var text = line.kind.rawValue
                if let meter = line.meter { text += ":\(meter)" }
                if let quantity = line.quantity { text += ":\(quantity)" }
                return text + "=" + line.amount.formatted(fractionDigits: digits)
            } + ["total=" + invoice.total.formatted(fractionDigits: digits)]
        }
    }

    /// `count` requests of `acme` at `ts`.
    static func calls(_ count: Int, _ ts: String = "2025-11-02T10:00:00Z") -> [String] {
        Array(repeating: Spec.pinned("acme", ts), count: count)
    }

    static func policy(_ price: String, tier: String = "price: 0", currency: String = "USD", rounding: String = "half_up") -> String {
        Spec.yaml(currency: currency, """
            rounding: \(rounding)
            meters:
              api_calls: { kind: counter }
            usage_prices:
              api_calls: \(price)
            tiers:
              free:
                \(tier)
            """)
    }

    @Test("§7.27 Lago's package charge: 201 calls, { package: 100, price: 5, free: 100 } → 2 packages, 10.00")
    func lagoPackage() throws {
        let report = try Spec.report(Self.policy("{ package: 100, price: 5, free: 100 }"), Spec.tenants(), Self.calls(201))
        #expect(try Self.lines(report) == [["base=0.00", "usage:api_calls:201=10.00", "total=10.00"]])
    }

    @Test("§7.27 200 calls, { package: 100, price: 1, free: 50 } → ceil(150 / 100) = 2 packages, 2.00; billed 0 is 0 packages")
    func packageRoundsUp() throws {
        let report = try Spec.report(Self.policy("{ package: 100, price: 1, free: 50 }"), Spec.tenants(), Self.calls(200))
        #expect(try Self.lines(report) == [["base=0.00", "usage:api_calls:200=2.00", "total=2.00"]])
        let few = try Spec.report(Self.policy("{ package: 100, price: 1, free: 50 }"), Spec.tenants(), Self.calls(50))
        #expect(try Self.lines(few) == [["base=0.00", "usage:api_calls:50=0.00", "total=0.00"]])
    }

    static let bands = "[ { up_to: 3, price: 2, flat: 5 }, { up_to: 8, price: 1.5, flat: 7 }, { up_to: unlimited, price: 1, flat: 9 } ]"

    @Test("§7.28 graduated flat fees: band 1 always (0 units → 5.00), band i once billed > up_to[i-1]",
          arguments: [(0, "5.00"), (1, "7.00"), (3, "11.00"), (4, "19.50"), (8, "25.50"), (9, "35.50"), (10, "36.50")])
    func graduatedFlatFees(count: Int, amount: String) throws {
        let report = try Spec.report(Self.policy("{ graduated: \(Self.bands) }"), Spec.tenants(),
                                     Self.calls(count) + [Spec.pinned("beta", "2025-11-02T10:00:00Z")])
        #expect(try Self.lines(report) == [["base=0.00", "usage:api_calls:\(count)=\(amount)", "total=\(amount)"]])
    }

    @Test("§7.28 volume flat fee: the chosen band's only; 10 units → 10 × 1 + 9 = 19.00, 0 units → band 1's 5.00",
          arguments: [(0, "5.00"), (3, "11.00"), (4, "13.00"), (10, "19.00")])
    func volumeFlatFee(count: Int, amount: String) throws {
        let report = try Spec.report(Self.policy("{ volume: \(Self.bands) }"), Spec.tenants(),
                                     Self.calls(count) + [Spec.pinned("beta", "2025-11-02T10:00:00Z")])
        #expect(try Self.lines(report) == [["base=0.00", "usage:api_calls:\(count)=\(amount)", "total=\(amount)"]])
    }

    @Test("§7.28 flat fees are not divided by per; one rounding per line")
    func flatFeesUndividedByPer() throws {
        // 1,500 calls per 1000: (1000 × 0.003 + 500 × 0.001) / 1000 = 0.0035, plus the flat fees 0.004 + 1, undivided.
        let price = "{ per: 1000, graduated: [ { up_to: 1000, price: 0.003, flat: 0.004 }, { up_to: unlimited, price: 0.001, flat: 1 } ] }"
        let report = try Spec.report(Self.policy(price), Spec.tenants(), Self.calls(1_500))
        #expect(try Self.lines(report) == [["base=0.00", "usage:api_calls:1500=1.01", "total=1.01"]])  // 1.0075 → 1.01
    }

    @Test("§7.26 free units: the line's quantity stays the metered one; bands refer to billed units")
    func freeUnits() throws {
        let price = "{ graduated: [ { up_to: 10, price: 1 }, { up_to: unlimited, price: 0.5 } ], free: 5 }"
        let report = try Spec.report(Self.policy(price), Spec.tenants(), Self.calls(20))
        // billed 15: 10 × 1 + 5 × 0.5
        #expect(try Self.lines(report) == [["base=0.00", "usage:api_calls:20=12.50", "total=12.50"]])
        let under = try Spec.report(Self.policy("{ price: 1, free: 30 }"), Spec.tenants(), Self.calls(20))
        #expect(try Self.lines(under) == [["base=0.00", "usage:api_calls:20=0.00", "total=0.00"]])
    }

    @Test("§7.30 a USD tier with price 5, minimum 30 and 20 calls at 0.25: base 5.00, usage 5.00, minimum 20.00; total 30.00")
    func minimumTopsUp() throws {
        let report = try Spec.report(Self.policy("{ price: 0.25 }", tier: "price: 5\n    minimum: 30"), Spec.tenants(), Self.calls(20))
        #expect(try Self.lines(report) == [["base=5.00", "usage:api_calls:20=5.00", "minimum=20.00", "total=30.00"]])
        let above = try Spec.report(Self.policy("{ price: 0.25 }", tier: "price: 5\n    minimum: 30"), Spec.tenants(), Self.calls(120))
        #expect(try Self.lines(above) == [["base=5.00", "usage:api_calls:120=30.00", "total=35.00"]])
    }

    @Test("§7.30 the minimum is inherited and replaced like price")
    func minimumInherited() throws {
        let yaml = Spec.yaml("""
            meters:
              api_calls: { kind: counter }
            tiers:
              payg: { price: 0, minimum: 20 }
              team: { extends: payg, price: 10 }
              pro: { extends: team, price: 50, minimum: 60 }
            """)
        let (policy, _) = try Spec.check(yaml, Spec.tenants(tier: "payg"))
        #expect(policy.tiers.map { $0.minimum?.description } == ["20", "20", "60"])
    }

    static func subscribed(_ keys: String, tier: String = "free") -> String {
        """
        tenants:
          acme:
            tier: \(tier)
        \(keys.split(separator: "\n").map { "    " + $0 }.joined(separator: "\n"))
          beta:
            tier: \(tier)
        """
    }

    @Test("§7.29 since 2025-04-16 on a 4001 JPY tier (half_even): April's base is 4001 × 15 / 30 = 2000.5 → 2000")
    func proratedBase() throws {
        let policy = Self.policy("{ price: 1 }", tier: "price: 4001", currency: "JPY", rounding: "half_even")
        let report = try Spec.report(policy, Self.subscribed("since: 2025-04-16"), [
            Spec.pinned("acme", "2025-03-20T00:00:00Z"),  // decided, but before the subscription: not invoiced
            Spec.pinned("acme", "2025-04-20T00:00:00Z"),
            Spec.pinned("beta", "2025-05-02T00:00:00Z"),
        ])
        #expect(try Self.lines(report) == [
            ["base=2000", "usage:api_calls:1=1", "total=2001"],
            ["base=4001", "usage:api_calls:0=0", "total=4001"],
        ])
        #expect(try report.tenant("acme").invoices.map(\.month) == ["2025-04", "2025-05"])
        #expect(try report.tenant("acme").status200 == 2, "dates change invoices, never decisions")
        #expect(try report.tenant("beta").invoices.map(\.month) == ["2025-03", "2025-04", "2025-05"])
    }

    @Test("§7.29 until prorates the last month; the minimum prorates like the base; no month left: invoices []")
    func untilAndMinimum() throws {
        let policy = Self.policy("{ price: 0.25 }", tier: "price: 31\n    minimum: 62")
        let report = try Spec.report(policy, Self.subscribed("since: 2025-01-01\nuntil: 2025-01-10"), [
            Spec.pinned("acme", "2025-01-05T00:00:00Z"),
            Spec.pinned("beta", "2025-02-05T00:00:00Z"),
        ])
        // January: 10 of 31 days: base 31 × 10 / 31 = 10.00, minimum 62 × 10 / 31 = 20.00, usage 0.25.
        #expect(try Self.lines(report) == [["base=10.00", "usage:api_calls:1=0.25", "minimum=9.75", "total=20.00"]])
        let outside = try Spec.report(policy, Self.subscribed("since: 2026-01-01"), [Spec.pinned("acme", "2025-01-05T00:00:00Z")])
        #expect(try outside.tenant("acme").invoices.isEmpty)
        #expect(try outside.tenant("acme").requests == 1)
    }

    @Test("§7.31 discounts: each takes its percent of the same subtotal, cut to what is left; the total is never negative")
    func discounts() throws {
        let policy = Self.policy("{ price: 0.25 }", tier: "price: 10\n    minimum: 20")
        let tenants = Self.subscribed("""
            discounts:
              - { percent: 20, from: 2025-01, months: 2 }
              - { percent: 90, from: 2025-02, months: 1 }
            """)
        let report = try Spec.report(policy, tenants, [
            Spec.pinned("acme", "2025-01-05T00:00:00Z"),
            Spec.pinned("acme", "2025-03-05T00:00:00Z"),
        ])
        #expect(try Self.lines(report) == [
            ["base=10.00", "usage:api_calls:1=0.25", "minimum=9.75", "discount=-4.00", "total=16.00"],
            ["base=10.00", "usage:api_calls:0=0.00", "minimum=10.00", "discount=-4.00", "discount=-16.00", "total=0.00"],
            ["base=10.00", "usage:api_calls:1=0.25", "minimum=9.75", "total=20.00"],
        ])
    }

    @Test("§7.31 a discount amount is rounded once, with the policy's rule")
    func discountRounding() throws {
        let policy = Self.policy("{ price: 0.01 }", tier: "price: 0.05", rounding: "half_even")
        let tenants = Self.subscribed("discounts: [ { percent: 50, from: 2025-01, months: 1 } ]")
        let report = try Spec.report(policy, tenants, [Spec.pinned("beta", "2025-01-05T00:00:00Z")])
        // 0.05 × 50 / 100 = 0.025 → 0.02 (half_even)
        #expect(try Self.lines(report) == [["base=0.05", "usage:api_calls:0=0.00", "discount=-0.02", "total=0.03"]])
    }
}
