import Testing
import PolicyModel

@Suite struct ExactDecimalTests {
    @Test(arguments: [
        ("29", "29"), ("0.01", "0.01"), ("0.10", "0.1"), ("+5", "5"), ("-1.50", "-1.5"), ("000.5", "0.5"),
        ("1.000000000000000000000", "1"), ("123456789012345678901234567890", "123456789012345678901234567890"),
    ])
    func parsesPlainDecimals(_ text: String, _ printed: String) throws {
        let value = try #require(ExactDecimal(text))
        #expect(value.description == printed)
    }

    @Test(arguments: ["", "-", ".5", "5.", "1e3", "1E3", "0x10", "1_000", "1,000", " 1", "1 ", "NaN", ".inf", "--1", "1.2.3",
                      "0.0000000000000000001", "1234567890123456789012345678901"])
    func rejectsEverythingElse(_ text: String) {
        #expect(ExactDecimal(text) == nil)
    }

    @Test func equalValuesHashAlike() throws {
        let a = try #require(ExactDecimal("0.10"))
        let b = try #require(ExactDecimal("0.1"))
        #expect(a == b)
        #expect(Set([a, b]).count == 1)
    }

    @Test func ordersExactly() throws {
        let values = ["-2", "-1.5", "0", "0.001", "0.01", "0.1", "1", "29.99", "30"].compactMap(ExactDecimal.init)
        #expect(values.count == 9)
        #expect(values == values.shuffled().sorted())
    }

    @Test(arguments: [
        ("0.005", 2, Rounding.halfUp, "0.01"), ("0.005", 2, .halfEven, "0"), ("0.015", 2, .halfEven, "0.02"),
        ("0.0149", 2, .halfUp, "0.01"), ("2.5", 0, .halfEven, "2"), ("3.5", 0, .halfEven, "4"), ("-0.005", 2, .halfUp, "-0.01"),
        ("1.0005", 3, .halfUp, "1.001"), ("1.0005", 3, .halfEven, "1"),
    ])
    func roundsTies(_ text: String, _ scale: Int, _ rule: Rounding, _ expected: String) throws {
        let value = try #require(ExactDecimal(text))
        #expect(value.rounded(toScale: scale, rule: rule).description == expected)
    }

    @Test func formatsWithMinorUnits() throws {
        #expect(try #require(ExactDecimal("0.1")).formatted(fractionDigits: 2) == "0.10")
        #expect(try #require(ExactDecimal("29")).formatted(fractionDigits: 3) == "29.000")
        #expect(try #require(ExactDecimal("7")).formatted(fractionDigits: 0) == "7")
        #expect(ExactDecimal.zero.formatted(fractionDigits: 2) == "0.00")
    }

    @Test func arithmeticIsExactAndOverflowIsReported() throws {
        let price = try #require(ExactDecimal("0.008"))
        let quantity = ExactDecimal(significand: 1_000_000_000_000_000, scale: 0)
        #expect(ExactDecimal.multiplying(price, quantity)?.description == "8000000000000")
        #expect(ExactDecimal.adding(try #require(ExactDecimal("0.1")), try #require(ExactDecimal("0.2")))?.description == "0.3")
        let huge = ExactDecimal(significand: Int128.max / 2, scale: 0)
        #expect(ExactDecimal.multiplying(huge, ExactDecimal(3)) == nil)
    }

    @Test func divisionRoundsPerRule() {
        #expect(ExactDecimal.divide(10, by: 4, rule: .halfEven) == 2)
        #expect(ExactDecimal.divide(10, by: 4, rule: .halfUp) == 3)
        #expect(ExactDecimal.divide(-10, by: 4, rule: .halfUp) == -3)
        #expect(ExactDecimal.divide(1, by: 3, rule: .halfUp) == 0)
        #expect(ExactDecimal.divide(2, by: 3, rule: .halfUp) == 1)
    }
}
