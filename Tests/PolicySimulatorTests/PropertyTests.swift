import PropertyBased
import Testing
import PolicyModel
import PolicyRuntime
import PolicySimulator

/// Properties that hold for every log and every price (simulation.md §2, §4, §7.23).
@Suite("properties")
struct PropertyTests {
    /// Graduated api_calls, volume storage, a per-7 override for `pro`, sub-cent prices, half_even; tight limits so
    /// that 429s happen.
    static let policy = Spec.yaml("""
        rounding: half_even
        meters:
          api_calls: { kind: counter }
          storage_gb: { kind: gauge }
        features:
          ai: {}
        routes:
          - match: /ai
            feature: ai
          - match: /two
            cost: 2
          - match: /free
            cost: 0
          - match: /big
            cost: 7
        usage_prices:
          api_calls:
            graduated:
              - { up_to: 3, price: 0.013 }
              - { up_to: 10, price: 0.0071 }
              - { up_to: unlimited, price: 0.003 }
          storage_gb:
            volume:
              - { up_to: 5, price: 0.111 }
              - { up_to: unlimited, price: 0.0997 }
        tiers:
          free:
            price: 0
            limits:
              api_calls: { minute: 2, hour: 6, day: 15, month: 40 }
              storage_gb: 10
          pro:
            price: 9.99
            limits:
              api_calls: { minute: 3, month: 100 }
            features: [ai]
            usage_prices:
              api_calls: { per: 7, price: 0.05 }
        """)

    static let tenants = """
        tenants:
          t0: { tier: free }
          t1: { tier: pro }
          t2: { tier: free }
        """

    static let tenantIDs = ["t0", "t1", "t2"]
    static let paths = ["/", "/two", "/ai", "/free", "/big"]
    /// 2025-11-01T00:00:00Z.
    static let start: Int64 = 1_761_955_200

    /// One generated record: tenant, month (0–2, 31 days apart), a step of 37 s (0–400: about 4 hours), kind (0–4 a
    /// path, 5 a gauge reading) and a gauge value in hundredths.
    struct Record: Sendable, CustomStringConvertible {
        var tenant: Int
        var month: Int
        var step: Int
        var kind: Int
        var value: Int

        var description: String { PropertyTests.line(self) }
    }

    static let records = zip(Gen.int(in: 0...2), Gen.int(in: 0...2), Gen.int(in: 0...400), Gen.int(in: 0...5),
                             Gen.int(in: 0...2000))
        .map { Record(tenant: $0.0, month: $0.1, step: $0.2, kind: $0.3, value: $0.4) }
        .array(of: 0...80)

    static func seconds(_ record: Record) -> Int64 {
        start + Int64(record.month) * 31 * 86_400 + Int64(record.step) * 37
    }

    static func line(_ record: Record) -> String {
        let tenant = tenantIDs[record.tenant]
        let ts = seconds(record)
        if record.kind == 5 {
            let value = "\(record.value / 100).\(record.value % 100 < 10 ? "0" : "")\(record.value % 100)"
            return #"{"ts":\#(ts),"tenant":"\#(tenant)","meter":"storage_gb","value":\#(value)}"#
        }
        return #"{"ts":\#(ts),"tenant":"\#(tenant)","path":"\#(paths[record.kind])"}"#
    }

    @Test("§4 every invoice's total is the sum of its (rounded) lines; every amount has the currency's digits")
    func totalIsSumOfLines() async throws {
        let (policy, directory) = try Spec.check(Self.policy, Self.tenants)
        await propertyCheck(count: 150, input: Self.records) { records in
            let report = try Simulation.run(policy, directory, log: records.map(Self.line).joined(separator: "\n"))
            for tenant in report.tenants {
                for invoice in tenant.invoices {
                    var sum = ExactDecimal.zero
                    for line in invoice.lines {
                        #expect(line.amount.scale <= 2)
                        sum = try #require(ExactDecimal.adding(sum, line.amount))
                    }
                    #expect(sum == invoice.total, "\(tenant.tenant) \(invoice.month)")
                }
            }
        }
    }

    @Test("§2 replaying a log equals replaying each tenant's records alone (tenants do not interact)")
    func perTenantReplayMerges() async throws {
        let (policy, directory) = try Spec.check(Self.policy, Self.tenants)
        await propertyCheck(count: 150, input: Self.records) { records in
            let whole = try Simulation.run(policy, directory, log: records.map(Self.line).joined(separator: "\n"))
            // Two 401 records at the first and last instants keep the month span of each replay the same (§7.19)
            // and touch no tenant.
            var anchors: [String] = []
            if let first = records.map(Self.seconds).min(), let last = records.map(Self.seconds).max() {
                anchors = [#"{"ts":\#(first),"tenant":"nobody"}"#, #"{"ts":\#(last),"tenant":"nobody"}"#]
            }
            var requests = 0
            var gaugeReadings = 0
            var statuses = (0, 0, 0)
            for (index, id) in Self.tenantIDs.enumerated() {
                let own = records.filter { $0.tenant == index }.map(Self.line)
                let alone = try Simulation.run(policy, directory, log: (anchors + own).joined(separator: "\n"))
                let summary = try alone.tenant(id)
                #expect(summary == (try whole.tenant(id)), "tenant \(id)")
                requests += alone.records.requests - anchors.count
                gaugeReadings += alone.records.gaugeReadings
                statuses.0 += alone.status200
                statuses.1 += alone.status403
                statuses.2 += alone.status429
            }
            #expect(requests == whole.records.requests)
            #expect(gaugeReadings == whole.records.gaugeReadings)
            #expect(statuses.0 == whole.status200)
            #expect(statuses.1 == whole.status403)
            #expect(statuses.2 == whole.status429)
        }
    }

    /// Ascending bands: widths 1–1000 (in hundredths, so gauge-like bounds too), prices 0–0.5 with 0–4 decimals.
    static let bands = zip(Gen.int(in: 1...100_000), Gen.int(in: 0...5_000), Gen.int(in: 0...4)).array(of: 0...4)

    static func graduated(_ rows: [(Int, Int, Int)], last: (Int, Int), per: Int64) -> UsagePrice {
        var bound = 0
        var bands: [PriceBand] = []
        for (width, price, scale) in rows {
            bound += width
            bands.append(PriceBand(upTo: .upTo(ExactDecimal(significand: Int128(bound), scale: 2)),
                                   price: ExactDecimal(significand: Int128(price), scale: scale)))
        }
        bands.append(PriceBand(upTo: .unlimited, price: ExactDecimal(significand: Int128(last.0), scale: last.1)))
        return UsagePrice(per: per, scheme: .graduated(bands))
    }

    @Test("§7.23 a graduated amount never decreases as the quantity grows (both rounding rules)")
    func graduatedIsMonotone() async {
        await propertyCheck(count: 500, input: Self.bands, zip(Gen.int(in: 0...5_000), Gen.int(in: 0...4)),
                            Gen.int(in: 1...1000), zip(Gen.int(in: 0...1_000_000), Gen.int(in: 0...1_000_000)))
        { rows, last, per, quantities in
            let price = Self.graduated(rows, last: last, per: Int64(per))
            let low = ExactDecimal(significand: Int128(min(quantities.0, quantities.1)), scale: 2)
            let high = ExactDecimal(significand: Int128(max(quantities.0, quantities.1)), scale: 2)
            for rule in [Rounding.halfUp, .halfEven] {
                for digits in [0, 2, 3] {
                    let a = try price.amount(for: low, minorUnits: digits, rule: rule)
                    let b = try price.amount(for: high, minorUnits: digits, rule: rule)
                    #expect(!(b < a), "\(low) → \(a), \(high) → \(b) (\(rule), \(digits) digits)")
                    #expect(!a.isNegative)
                }
            }
        }
    }

    @Test("§7.23 graduated equals the sum over bands of units × price / per, rounded once (independent recomputation)")
    func graduatedMatchesDefinition() async {
        await propertyCheck(count: 500, input: Self.bands, zip(Gen.int(in: 0...5_000), Gen.int(in: 0...4)),
                            Gen.int(in: 0...2_000_000), Gen.element(of: [1, 3, 7, 1000, 999_999_937, 1_000_000_000_000]))
        { rows, last, quantity, per in
            let price = Self.graduated(rows, last: last, per: Int64(per!))
            // Quantities are in 10^-2 and prices in 10^-4, so units × price is an integer number of 10^-6.
            var exact: Int128 = 0
            var lower = 0
            var bound = 0
            for (width, cents, scale) in rows {
                bound += width
                let units = max(0, min(bound, quantity) - lower)
                exact += Int128(units) * Int128(cents) * Int128(pow10(4 - scale))
                lower = bound
            }
            exact += Int128(max(0, quantity - lower)) * Int128(last.0) * Int128(pow10(4 - last.1))
            // Cents: exact × 10^-6 / per × 10^2 = exact / (10^4 × per).
            for rule in [Rounding.halfUp, .halfEven] {
                let expected = ExactDecimal(significand: ExactDecimal.divide(exact, by: 10_000 * Int128(per!), rule: rule), scale: 2)
                let amount = try price.amount(for: ExactDecimal(significand: Int128(quantity), scale: 2), minorUnits: 2, rule: rule)
                #expect(amount == expected, "\(rule)")
            }
        }
    }
}

private func pow10(_ n: Int) -> Int { (0..<n).reduce(1) { value, _ in value * 10 } }
