import Foundation
import Testing
import PolicyModel
import PolicyRuntime
import PolicySimulator

/// simulation.md §4 and §7.19–§7.25: the invoices of a replay.
@Suite("§4 invoices")
struct InvoiceTests {
    static let policy = Spec.yaml("""
        meters:
          storage_gb: { kind: gauge }
          api_calls: { kind: counter }
          unpriced: { kind: counter }
        default_meter: api_calls
        features:
          ai: {}
        routes:
          - match: /ai
            feature: ai
          - match: /two
            cost: 2
          - match: /three
            cost: 3
          - match: /free
            cost: 0
          - match: /unpriced
            meter: unpriced
          - match: /huge
            cost: 500000000000000
        usage_prices:
          api_calls: { per: 1000, price: 0.01 }
          storage_gb: { price: 0.10 }
        tiers:
          free:
            price: 0
            limits:
              api_calls: { hour: 5 }
          pro:
            price: 29
            limits:
              storage_gb: 100
            features: [ai]
        """)

    static let tenants = """
        tenants:
          acme:
            tier: pro
          beta:
            tier: free
          zed:
            tier: free
        """

    static func gauge(_ tenant: String, _ ts: String, _ value: String) -> String {
        #"{"ts":"\#(ts)","tenant":"\#(tenant)","meter":"storage_gb","value":\#(value)}"#
    }

    @Test("§7.19 months run from the earliest to the latest UTC month of all valid records, by min/max, not file order")
    func monthSpan() throws {
        let report = try Spec.report(Self.policy, Self.tenants, [
            Spec.pinned("acme", "2025-03-10T00:00:00Z"),
            Spec.pinned("beta", "2025-01-05T00:00:00Z"),  // earlier, later in the file
            #"{"ts":"2025-04-20T00:00:00Z","tenant":"nobody"}"#,  // 401: still a valid record
            #"{"ts":"2025-02-01T00:00:00Z"}"#,  // anonymous
            Self.gauge("acme", "2025-05-31T23:59:59Z", "1"),  // a gauge reading
            Self.gauge("acme", "2025-09-01T00:00:00Z", #""1""#),  // invalid: not in the span
            #"{"ts":"2025-12-01T00:00:00Z","tenant":"acme","path":"/x","extra":NaN}"#,  // invalid
            #"{"ts":"2025-06-01T00:30:00+01:00","tenant":"acme"}"#,  // 2025-05-31T23:30Z: still May
        ])
        #expect(report.records.invalid == 2)
        for tenant in report.tenants {
            #expect(tenant.invoices.map(\.month) == ["2025-01", "2025-02", "2025-03", "2025-04", "2025-05"])
        }
    }

    @Test("§7.19 a 401 or anonymous request alone spans a month; a year boundary is crossed in order")
    func spanFromUnidentifiedRecords() throws {
        let report = try Spec.report(Self.policy, Self.tenants, [
            #"{"ts":"2026-02-03T00:00:00Z","tenant":"nobody"}"#, #"{"ts":"2025-11-30T23:59:59Z"}"#,
        ])
        #expect(try report.tenant("zed").invoices.map(\.month) == ["2025-11", "2025-12", "2026-01", "2026-02"])
    }

    @Test("§7.19 with no valid record every tenant has invoices: []")
    func noValidRecord() throws {
        let report = try Spec.report(Self.policy, Self.tenants, ["", "nonsense", #"{"ts":"2025-13-01T00:00:00Z"}"#, "  "])
        #expect(report.tenants.map(\.tenant) == ["acme", "beta", "zed"])
        #expect(report.tenants.allSatisfy { $0.invoices.isEmpty })
        #expect(report.json().components(separatedBy: #""invoices": []"#).count == 4)
    }

    @Test("§7.19–§7.21 every tenant listed with zero counts; base in full every month; a usage line per priced meter every month")
    func everyTenantEveryMonth() throws {
        let report = try Spec.report(Self.policy, Self.tenants, [
            Spec.pinned("beta", "2025-11-15T00:00:00Z"), Spec.pinned("beta", "2026-01-15T00:00:00Z"),
        ])
        let zed = try report.tenant("zed")
        #expect(zed.requests == 0)
        #expect((zed.status200, zed.status403, zed.status429, zed.gaugeOverLimit) == (0, 0, 0, 0))
        #expect(zed.invoices.map(\.month) == ["2025-11", "2025-12", "2026-01"])
        for invoice in zed.invoices {
            #expect(invoice.summary(digits: 2) == ["base 0.00", "usage storage_gb 0 0.00", "usage api_calls 0 0.00"])
        }
        // acme (pro, 29) sent nothing and is charged the full base every month: no proration.
        let acme = try report.tenant("acme")
        #expect(acme.invoices.map { $0.total.formatted(fractionDigits: 2) } == ["29.00", "29.00", "29.00"])
        #expect(acme.invoices.allSatisfy { $0.summary(digits: 2) == ["base 29.00", "usage storage_gb 0 0.00", "usage api_calls 0 0.00"] })
    }

    @Test("§7.21 lines: base first, then usage lines in the order meters are declared; unpriced meters have none")
    func lineOrder() throws {
        // usage_prices names api_calls before storage_gb; meters declare storage_gb first.
        let report = try Spec.report(Self.policy, Self.tenants, [Spec.pinned("acme", "2025-11-15T00:00:00Z", path: "/unpriced")])
        let invoice = try #require(try report.tenant("acme").invoices.first)
        #expect(invoice.lines.map(\.kind) == [.base, .usage, .usage])
        #expect(invoice.lines.map(\.meter) == [nil, "storage_gb", "api_calls"])
        #expect(invoice.lines[0].quantity == nil)
    }

    @Test("§4 a counter's quantity is the sum of the costs of its allowed requests in that month")
    func counterQuantity() throws {
        let report = try Spec.report(Self.policy, Self.tenants, [
            Spec.pinned("beta", "2025-11-15T10:00:00Z", path: "/two"),  // 2
            Spec.pinned("beta", "2025-11-15T10:01:00Z", path: "/three"),  // 3 → 5 used, the hour is full
            Spec.pinned("beta", "2025-11-15T10:02:00Z", path: "/x"),  // 429: not billed
            Spec.pinned("beta", "2025-11-15T10:03:00Z", path: "/ai"),  // 403: not billed
            Spec.pinned("beta", "2025-11-15T10:04:00Z", path: "/free"),  // cost 0
            Spec.pinned("beta", "2025-12-01T00:00:00Z", path: "/three"),  // December
            Spec.pinned("beta", "2025-11-30T23:59:59Z", path: "/x"),  // November again, out of order: its own month
            Spec.pinned("beta", "2025-11-15T10:59:59Z", path: "/x"),  // 429: the 10:00 hour still holds 5
        ])
        let beta = try report.tenant("beta")
        #expect((beta.status200, beta.status403, beta.status429) == (5, 1, 2))
        #expect(beta.invoices.map { $0.lines[2].quantity?.description } == ["6", "3"])
    }

    @Test("§4 and §7.24 a gauge's quantity is the month's highest reading, printed as plain decimal without trailing zeros")
    func gaugeQuantity() throws {
        let report = try Spec.report(Self.policy, Self.tenants, [
            Self.gauge("acme", "2025-11-02T00:00:00Z", "0.80"),
            Self.gauge("acme", "2025-11-03T00:00:00Z", "1.50E+1"),
            Self.gauge("acme", "2025-11-04T00:00:00Z", "3"),
            Self.gauge("acme", "2025-12-02T00:00:00Z", "0.80"),
            Self.gauge("acme", "2025-11-30T23:59:59Z", "2.5"),  // out of order: November, below 15
            Self.gauge("acme", "2026-02-01T00:00:00Z", "0"),
        ])
        let acme = try report.tenant("acme")
        #expect(acme.invoices.map(\.month) == ["2025-11", "2025-12", "2026-01", "2026-02"])
        // storage_gb at 0.10 per GB: 15 → 1.50; 0.8 → 0.08; no reading → 0; a reading of 0 → 0.
        #expect(acme.invoices.map { $0.lines[1].quantity?.description } == ["15", "0.8", "0", "0"])
        #expect(acme.invoices.map { $0.lines[1].amount.formatted(fractionDigits: 2) } == ["1.50", "0.08", "0.00", "0.00"])
        #expect(acme.invoices.map { $0.total.formatted(fractionDigits: 2) } == ["30.50", "29.08", "29.00", "29.00"])
        let json = report.json()
        #expect(json.contains(#"{ "kind": "usage", "meter": "storage_gb", "quantity": "15", "amount": "1.50" }"#))
        #expect(json.contains(#"{ "kind": "usage", "meter": "storage_gb", "quantity": "0.8", "amount": "0.08" }"#))
    }

    @Test("§7.24 counter quantities up to 10^15 add up without overflow")
    func hugeCounterQuantity() throws {
        let report = try Spec.report(Self.policy, Self.tenants, [
            Spec.pinned("acme", "2025-11-15T00:00:00Z", path: "/huge"), Spec.pinned("acme", "2025-11-15T00:00:01Z", path: "/huge"),
            Self.gauge("acme", "2025-11-15T00:00:00Z", "1e15"),
        ])
        let invoice = try #require(try report.tenant("acme").invoices.first)
        // api_calls: 10^15 × 0.01 / 1000 = 10^10. storage_gb: 10^15 × 0.10 = 10^14.
        #expect(invoice.summary(digits: 2) == [
            "base 29.00", "usage storage_gb 1000000000000000 100000000000000.00",
            "usage api_calls 1000000000000000 10000000000.00",
        ])
        #expect(invoice.total.formatted(fractionDigits: 2) == "100010000000029.00")
        #expect(report.json().contains(#""quantity": "1000000000000000""#))
    }

    @Test("Decision: counters past Int64.max do not trap; a priced one stops the invoice with an overflow error")
    func counterSaturation() throws {
        let policy = Spec.yaml("""
            meters:
              api_calls: { kind: counter }
              free_calls: { kind: counter }
            default_meter: api_calls
            routes:
              - match: /max
                cost: 9223372036854775807
              - match: /free-max
                meter: free_calls
                cost: 9223372036854775807
            usage_prices:
              api_calls: { price: 1 }
            tiers:
              open: { price: 0 }
              capped:
                price: 0
                limits:
                  api_calls: { month: 10 }
            """)
        let tenants = """
            tenants:
              acme: { tier: open }
              beta: { tier: capped }
            """
        let (checked, directory) = try Spec.check(policy, tenants)
        // An unpriced meter may saturate: nothing is billed for it.
        let unpriced = try Simulation.run(checked, directory, log: Array(repeating: Spec.pinned("acme", "2025-11-01T00:00:00Z", path: "/free-max"), count: 3).joined(separator: "\n"))
        #expect(try unpriced.tenant("acme").status200 == 3)
        // A limited window refuses long before: used + cost > limit.
        let capped = try Simulation.run(checked, directory, log: Array(repeating: Spec.pinned("beta", "2025-11-01T00:00:00Z", path: "/max"), count: 3).joined(separator: "\n"))
        #expect(try capped.tenant("beta").status429 == 3)
        // A priced, unlimited meter: the quantity no longer fits, and the replay says so instead of printing it.
        #expect(throws: AmountError.overflow) {
            try Simulation.run(checked, directory, log: Array(repeating: Spec.pinned("acme", "2025-11-01T00:00:00Z", path: "/max"), count: 2).joined(separator: "\n"))
        }
    }

    @Test("§4 the total is the sum of the rounded lines")
    func totalOfRoundedLines() throws {
        let policy = Spec.yaml("""
            default_meter: a
            meters:
              a: { kind: counter }
              b: { kind: counter }
            routes:
              - match: /b
                meter: b
            usage_prices:
              a: { price: 0.005 }
              b: { price: 0.005 }
            tiers:
              free: { price: 0 }
            """)
        let report = try Spec.report(policy, Spec.tenants(), [Spec.pinned("acme", "2025-11-01T00:00:00Z", path: "/a"),
                                                               Spec.pinned("acme", "2025-11-01T00:00:00Z", path: "/b")])
        let invoice = try #require(try report.tenant("acme").invoices.first)
        // Each line is 0.005 → 0.01; the total is 0.02, not round(0.010) = 0.01.
        #expect(invoice.summary(digits: 2) == ["base 0.00", "usage a 1 0.01", "usage b 1 0.01"])
        #expect(invoice.total.formatted(fractionDigits: 2) == "0.02")
    }

    @Test("§7.22 usage prices start policy-wide; each tier of the extends chain, root to leaf, replaces them meter by meter")
    func usagePriceInheritance() throws {
        let policy = Spec.yaml("""
            meters:
              api_calls: { kind: counter }
              storage_gb: { kind: gauge }
              seats: { kind: gauge }
            usage_prices:
              api_calls: { per: 1000, price: 0.01 }
              storage_gb: { price: 0.10 }
            tiers:
              root:
                price: 0
                usage_prices:
                  api_calls: { price: 1 }
              middle:
                extends: root
                usage_prices:
                  storage_gb: { price: 2 }
                  seats: { price: 5 }
              leaf:
                extends: middle
                usage_prices:
                  api_calls: { price: 3 }
              alone:
                price: 0
            """)
        let tenants = """
            tenants:
              t-alone: { tier: alone }
              t-leaf: { tier: leaf }
              t-middle: { tier: middle }
              t-root: { tier: root }
            """
        var lines: [String] = []
        for tenant in ["t-alone", "t-leaf", "t-middle", "t-root"] {
            lines.append(Spec.pinned(tenant, "2025-11-01T00:00:00Z"))
            lines.append(#"{"ts":"2025-11-01T00:00:00Z","tenant":"\#(tenant)","meter":"storage_gb","value":1}"#)
            lines.append(#"{"ts":"2025-11-01T00:00:00Z","tenant":"\#(tenant)","meter":"seats","value":1}"#)
        }
        let report = try Spec.report(policy, tenants, lines)
        func summary(_ id: String) throws -> [String] { try #require(try report.tenant(id).invoices.first).summary(digits: 2) }
        #expect(try summary("t-alone") == ["base 0.00", "usage api_calls 1 0.00", "usage storage_gb 1 0.10"])
        #expect(try summary("t-root") == ["base 0.00", "usage api_calls 1 1.00", "usage storage_gb 1 0.10"])
        #expect(try summary("t-middle") == ["base 0.00", "usage api_calls 1 1.00", "usage storage_gb 1 2.00", "usage seats 1 5.00"])
        #expect(try summary("t-leaf") == ["base 0.00", "usage api_calls 1 3.00", "usage storage_gb 1 2.00", "usage seats 1 5.00"])
    }

    @Test("§7.25 amounts print with exactly the currency's minor-unit digits", arguments: [
        ("USD", "29", "0.005", "29.00", "0.01", "29.01"),
        ("JPY", "500", "0.5", "500", "1", "501"),
        ("KWD", "1.5", "0.0005", "1.500", "0.001", "1.501"),
        ("CLF", "2", "0.00005", "2.0000", "0.0001", "2.0001"),
        ("KRW", "1000", "1", "1000", "1", "1001"),
        ("BHD", "0.25", "0.001", "0.250", "0.001", "0.251"),
    ])
    func currencyDigits(currency: String, base: String, unitPrice: String, baseText: String, usageText: String, totalText: String) throws {
        let policy = Spec.yaml(currency: currency, """
            meters:
              api_calls: { kind: counter }
            usage_prices:
              api_calls: { price: \(unitPrice) }
            tiers:
              free: { price: \(base) }
            """)
        let json = try Spec.report(policy, Spec.tenants(), [Spec.pinned("acme", "2025-11-01T00:00:00Z")]).json()
        #expect(json.contains(#""currency": "\#(currency)""#))
        #expect(json.contains(#"{ "kind": "base", "amount": "\#(baseText)" }"#))
        #expect(json.contains(#"{ "kind": "usage", "meter": "api_calls", "quantity": "1", "amount": "\#(usageText)" }"#))
        #expect(json.contains(#""total": "\#(totalText)""#))
    }

    @Test("§7.25 an unknown currency code is an error")
    func unknownCurrency() {
        let policy = Spec.yaml(currency: "XYZ", """
            meters:
              api_calls: { kind: counter }
            tiers:
              free: { price: 0 }
            """)
        #expect(throws: (any Error).self) { try Simulation.policy(policy, tenants: Spec.tenants()) }
    }
}
