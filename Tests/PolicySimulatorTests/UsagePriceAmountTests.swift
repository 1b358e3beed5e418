import Testing
import PolicyModel
import PolicyRuntime
import PolicySimulator

/// simulation.md §4, §7.23 and §7.25: the amount of one usage line (`UsagePrice.amount`), priced through the checker.
@Suite("§4, §7.23 usage amounts")
struct UsagePriceAmountTests {
    /// The amount of `quantity` units of meter `units` priced `price` (a YAML flow mapping), as the report prints it.
    static func amount(_ price: String, _ quantity: String, currency: String = "USD", rounding: String = "half_up",
                       sourceLocation: SourceLocation = #_sourceLocation) throws -> String
    {
        let yaml = Spec.yaml(currency: currency, """
            rounding: \(rounding)
            meters:
              units: { kind: counter }
            usage_prices:
              units: \(price)
            tiers:
              free: { price: 0 }
            """)
        let (policy, _) = try Spec.check(yaml, Spec.tenants(), sourceLocation: sourceLocation)
        let usagePrice = try #require(policy.tiers.first?.usagePrices["units"], sourceLocation: sourceLocation)
        let exact = try #require(ExactDecimal(quantity), sourceLocation: sourceLocation)
        let digits = policy.currency.minorUnits
        return try usagePrice.amount(for: exact, minorUnits: digits, rule: policy.rounding).formatted(fractionDigits: digits)
    }

    static let graduated = "{ graduated: [ { up_to: 10, price: 1 }, { up_to: 20, price: 0.5 }, { up_to: unlimited, price: 0.25 } ] }"
    static let volume = "{ volume: [ { up_to: 10, price: 1 }, { up_to: 20, price: 0.5 }, { up_to: unlimited, price: 0.25 } ] }"

    @Test("§7.23 graduated: band i bills the units in (up_to[i-1], up_to[i]], up_to inclusive",
          arguments: [
              ("0", "0.00"), ("1", "1.00"), ("10", "10.00"),
              ("11", "10.50"),  // 10 × 1 + 1 × 0.5
              ("20", "15.00"),  // 10 × 1 + 10 × 0.5
              ("21", "15.25"),  // 15 + 1 × 0.25
              ("100", "35.00"),  // 15 + 80 × 0.25
              ("10.5", "10.25"),  // a gauge quantity: 10 × 1 + 0.5 × 0.5
              ("9.99", "9.99"),
          ])
    func graduatedBands(quantity: String, amount: String) throws {
        #expect(try Self.amount(Self.graduated, quantity) == amount)
    }

    @Test("§7.23 volume: every unit at the price of the first band whose up_to ≥ the quantity; 0 uses the first band",
          arguments: [
              ("0", "0.00"), ("1", "1.00"),
              ("10", "10.00"),  // 10 ≤ 10: the first band, 10 × 1
              ("11", "5.50"),  // 11 × 0.5
              ("20", "10.00"),  // 20 × 0.5
              ("21", "5.25"),  // 21 × 0.25
              ("100", "25.00"),  // 100 × 0.25
              ("10.5", "5.25"),  // 10.5 × 0.5
          ])
    func volumeBands(quantity: String, amount: String) throws {
        #expect(try Self.amount(Self.volume, quantity) == amount)
    }

    @Test("§7.23 volume: a quantity of 0 uses the first band, even when a later band is cheaper or free")
    func volumeZeroUsesFirstBand() throws {
        #expect(try Self.amount("{ volume: [ { up_to: 5, price: 2 }, { up_to: unlimited, price: 0 } ] }", "0") == "0.00")
        #expect(try Self.amount("{ volume: [ { up_to: 5, price: 2 }, { up_to: unlimited, price: 0 } ] }", "5") == "10.00")
        #expect(try Self.amount("{ volume: [ { up_to: 5, price: 2 }, { up_to: unlimited, price: 0 } ] }", "6") == "0.00")
    }

    @Test("§7.23 bands with per: up_to counts units, price is per `per` units (the enterprise tier of the format page)",
          arguments: [
              ("0", "0.00"), ("100000", "0.00"),
              ("100001", "0.00"),  // 1 × 0.008 / 1000 = 0.000008
              ("250000", "1.20"),  // 150000 × 0.008 / 1000
              ("1000000000000000", "7999999999.20"),  // (10^15 − 10^5) × 0.000008 = 8·10^9 − 0.8
          ])
    func graduatedPer1000(quantity: String, amount: String) throws {
        let price = "{ per: 1000, graduated: [ { up_to: 100000, price: 0 }, { up_to: unlimited, price: 0.008 } ] }"
        #expect(try Self.amount(price, quantity) == amount)
    }

    @Test("§7.23 per defaults to 1; pro rata quantity / per × price, exact, also when it does not terminate",
          arguments: [
              ("{ price: 0.25 }", "3", "0.75"),
              ("{ per: 1000, price: 0.01 }", "1500", "0.02"),  // policy-format.md: 1,500 calls = $0.015 → 0.02
              ("{ per: 1000, price: 0.01 }", "100", "0.00"),  // §6: 0.001
              ("{ per: 3, price: 1 }", "1", "0.33"),  // 0.333…
              ("{ per: 3, price: 1 }", "2", "0.67"),  // 0.666…
              ("{ per: 3, price: 1 }", "3", "1.00"),
              ("{ per: 3, price: 1 }", "4", "1.33"),
              ("{ per: 3, price: 0.01 }", "1", "0.00"),  // 0.00333…
              ("{ per: 7, price: 0.1 }", "5", "0.07"),  // 0.0714…
              ("{ per: 3, price: 0.05 }", "1", "0.02"),  // 0.01666…
          ])
    func proRata(price: String, quantity: String, amount: String) throws {
        #expect(try Self.amount(price, quantity) == amount)
    }

    @Test("§4 rounding half_up vs half_even on exact ties, in the currency's minor units (§7.25)",
          arguments: [
              // USD, 2 digits.
              ("USD", "{ price: 0.005 }", "1", "0.01", "0.00"),  // 0.005
              ("USD", "{ price: 0.005 }", "3", "0.02", "0.02"),  // 0.015
              ("USD", "{ price: 0.005 }", "5", "0.03", "0.02"),  // 0.025
              ("USD", "{ price: 0.005 }", "7", "0.04", "0.04"),  // 0.035
              ("USD", "{ per: 1000, price: 0.01 }", "2500", "0.03", "0.02"),  // 0.025
              ("USD", "{ price: 0.0049 }", "1", "0.00", "0.00"),
              ("USD", "{ price: 0.0051 }", "1", "0.01", "0.01"),
              // JPY, 0 digits.
              ("JPY", "{ price: 0.5 }", "1", "1", "0"),
              ("JPY", "{ price: 0.5 }", "3", "2", "2"),  // 1.5
              ("JPY", "{ price: 0.5 }", "5", "3", "2"),  // 2.5
              ("JPY", "{ per: 2, price: 1 }", "1", "1", "0"),  // 0.5
              ("JPY", "{ price: 0.4999 }", "1", "0", "0"),
              // KWD, 3 digits.
              ("KWD", "{ price: 0.0005 }", "1", "0.001", "0.000"),
              ("KWD", "{ price: 0.0005 }", "3", "0.002", "0.002"),  // 0.0015
              ("KWD", "{ price: 0.0005 }", "5", "0.003", "0.002"),  // 0.0025
              ("KWD", "{ price: 1.2345 }", "1", "1.235", "1.234"),
              // CLF, 4 digits.
              ("CLF", "{ price: 0.00005 }", "1", "0.0001", "0.0000"),
              ("CLF", "{ price: 0.00015 }", "1", "0.0002", "0.0002"),
          ])
    func roundingTies(currency: String, price: String, quantity: String, halfUp: String, halfEven: String) throws {
        #expect(try Self.amount(price, quantity, currency: currency, rounding: "half_up") == halfUp)
        #expect(try Self.amount(price, quantity, currency: currency, rounding: "half_even") == halfEven)
    }

    @Test("§7.23 one rounding per invoice line, never per band")
    func oneRoundingPerLine() throws {
        // 2 units over two bands at 0.004: exactly 0.008 → 0.01. Per band it would be 0.00 + 0.00.
        let small = "{ graduated: [ { up_to: 1, price: 0.004 }, { up_to: unlimited, price: 0.004 } ] }"
        #expect(try Self.amount(small, "2") == "0.01")
        // 2 units over two bands at 0.005: exactly 0.010 → 0.01 under both rules. Per band: 0.01 + 0.01 = 0.02
        // (half_up) or 0.00 + 0.00 (half_even).
        let ties = "{ graduated: [ { up_to: 1, price: 0.005 }, { up_to: unlimited, price: 0.005 } ] }"
        #expect(try Self.amount(ties, "2", rounding: "half_up") == "0.01")
        #expect(try Self.amount(ties, "2", rounding: "half_even") == "0.01")
    }

    @Test("§7.24 quantities up to 10^15 compute without overflow")
    func largeQuantities() throws {
        #expect(try Self.amount("{ per: 1000, price: 0.01 }", "1000000000000000") == "10000000000.00")  // 10^15 × 10^-5
        #expect(try Self.amount("{ price: 0.000001 }", "999999999999999") == "1000000000.00")  // 999999999.999999 → 1000000000.00
        #expect(try Self.amount("{ price: 123.456789 }", "1000000000000000") == "123456789000000000.00")
        #expect(try Self.amount(Self.volume, "1000000000000000") == "250000000000000.00")  // 10^15 × 0.25
        #expect(try Self.amount(Self.graduated, "1000000000000000") == "250000000000010.00")  // 15 + (10^15 − 20) × 0.25
        #expect(try Self.amount("{ price: 0.5 }", "1000000000000001", currency: "JPY", rounding: "half_even") == "500000000000000")
    }

    @Test("§4 computed exactly: fine prices times fine readings with a large per do not overflow",
          arguments: [
              // 10^-18 × 10^-18 / 1000 = 10^-39.
              ("{ per: 1000, price: 0.000000000000000001 }", "0.000000000000000001", "0.00"),
              // A float-printed reading: 0.30000000000000004 × 10^-12 / 10^10 ≈ 3·10^-23.
              ("{ per: 10000000000, price: 0.000000000001 }", "0.30000000000000004", "0.00"),
              // (50 + 10^-18)(1 + 10^-18) / 1000 = 0.050000000000000000051000000000000000001.
              ("{ per: 1000, price: 1.000000000000000001 }", "50.000000000000000001", "0.05"),
              // (50 + 10^-18)(0.9 + 10^-18) / 9 = 5.0000000000000000056… → 5.00.
              ("{ per: 9, price: 0.900000000000000001 }", "50.000000000000000001", "5.00"),
          ])
    func fineScales(price: String, quantity: String, amount: String) throws {
        #expect(try Self.amount(price, quantity) == amount)
    }
}
