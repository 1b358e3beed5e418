public import PolicyModel

/// The outcome of replaying a log (simulation.md §5), as values; renderers turn it into JSON, text or CSV.
public struct SimulationReport: Sendable, Hashable {
    public struct Records: Sendable, Hashable {
        public var requests = 0
        public var gaugeReadings = 0
        public var invalid = 0
        /// Physical line numbers of the first 20 invalid lines, ascending.
        public var invalidLines: [Int] = []
    }

    public struct InvoiceLine: Sendable, Hashable {
        public enum Kind: String, Sendable, Hashable { case base, usage }
        public var kind: Kind
        /// The meter of a usage line.
        public var meter: String?
        /// The usage quantity (nil for the base line).
        public var quantity: ExactDecimal?
        /// Rounded to the currency's minor units.
        public var amount: ExactDecimal
    }

    public struct Invoice: Sendable, Hashable {
        /// `YYYY-MM`.
        public var month: String
        public var lines: [InvoiceLine]
        public var total: ExactDecimal
    }

    public struct TenantSummary: Sendable, Hashable {
        public var tenant: String
        public var tier: String
        public var status200 = 0
        public var status403 = 0
        public var status429 = 0
        /// 429s by refusing window.
        public var rejectedByWindow: [Window: Int] = [:]
        /// Epoch seconds of the first 429 in replay order.
        public var first429: Int64?
        public var gaugeOverLimit = 0
        public var invoices: [Invoice] = []

        public var requests: Int { status200 + status403 + status429 }
    }

    public var policy: String
    public var fingerprint: String
    public var currency: Currency
    public var records = Records()
    public var status200 = 0
    public var status401 = 0
    public var status403 = 0
    public var status429 = 0
    public var anonymous = 0
    /// Sorted by tenant id.
    public var tenants: [TenantSummary] = []
}
