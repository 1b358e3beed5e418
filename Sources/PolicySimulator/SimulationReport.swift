public import PolicyModel
public import PolicyRuntime

/// The outcome of replaying a log (simulation.md §5), as values; renderers turn it into JSON, text or CSV.
public struct SimulationReport: Sendable, Hashable {
    public struct Records: Sendable, Hashable {
        public var requests = 0
        public var gaugeReadings = 0
        public var invalid = 0
        /// Physical line numbers of the first 20 invalid lines, ascending.
        public var invalidLines: [Int] = []
    }

    /// A month's invoice line and invoice, assembled by the runtime (docs/simulation.md §4), so the simulator and
    /// a server bill alike.
    public typealias InvoiceLine = PolicyRuntime.InvoiceLine
    public typealias Invoice = PolicyRuntime.Invoice

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
