/// An ISO 4217 currency: its three-letter code and the number of minor-unit digits that fix invoice precision.
public struct Currency: Sendable, Hashable, Codable, CustomStringConvertible {
    public let code: String
    public let minorUnits: Int

    /// The currency for an ISO 4217 code (upper case), or nil when the code is not an active currency.
    public init?(code: String) {
        guard code.utf8.count == 3, let digits = Self.table[code] else { return nil }
        self.code = code
        self.minorUnits = digits
    }

    public var description: String { code }

    /// Every code tierc accepts, sorted, for did-you-mean suggestions and the JSON Schema.
    public static let allCodes: [String] = table.keys.sorted()

    /// Active ISO 4217 codes with their minor units (funds and precious metals without minor units excluded).
    /// Currencies with 2 digits are listed in `twoDigit`; the exceptions explicitly.
    static let table: [String: Int] = {
        var table: [String: Int] = [:]
        for code in twoDigit.split(separator: " ") { table[String(code)] = 2 }
        for code in ["BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF", "UGX", "UYI", "VND",
                     "VUV", "XAF", "XOF", "XPF"] { table[code] = 0 }
        for code in ["BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"] { table[code] = 3 }
        for code in ["CLF", "UYW"] { table[code] = 4 }
        return table
    }()

    private static let twoDigit = """
        AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BMD BND BOB BOV BRL BSD BTN BWP BYN BZD CAD CDF \
        CHE CHF CHW CNY COP COU CRC CUC CUP CVE CZK DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GTQ \
        GYD HKD HNL HTG HUF IDR ILS INR IRR JMD KES KGS KHR KPW KYD KZT LAK LBP LKR LRD LSL MAD MDL MGA MKD MMK \
        MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR NZD PAB PEN PGK PHP PKR PLN QAR RON RSD RUB \
        SAR SBD SCR SDG SEK SGD SHP SLE SLL SOS SRD SSP STN SVC SYP SZL THB TJS TMT TOP TRY TTD TWD TZS UAH USD \
        USN UYU UZS VED VES WST XCD XCG YER ZAR ZMW ZWG ZWL
        """
}
