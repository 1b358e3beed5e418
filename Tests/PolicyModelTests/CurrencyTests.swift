import Testing
import PolicyModel

@Suite struct CurrencyTests {
    @Test(arguments: [("USD", 2), ("EUR", 2), ("JPY", 0), ("KRW", 0), ("CLP", 0), ("ISK", 0), ("VND", 0), ("KWD", 3),
                      ("BHD", 3), ("TND", 3), ("CLF", 4), ("UYW", 4)])
    func minorUnits(_ code: String, _ digits: Int) throws {
        #expect(try #require(Currency(code: code)).minorUnits == digits)
    }

    @Test(arguments: ["usd", "US", "USDD", "XYZ", "XAU", "XXX", ""])
    func rejectsUnknownCodes(_ code: String) {
        #expect(Currency(code: code) == nil)
    }
}
