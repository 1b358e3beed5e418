public import PolicyModel
public import PolicyRuntime

/// The outcome of replaying a log (docs/simulation.md#--format-json), as values; renderers turn it into JSON, text or
/// CSV.
public struct SimulationReport: Sendable, Hashable {
    public struct Records: Sendable, Hashable {
        public var requests = 0
        public var gaugeReadings = 0
        public var invalid = 0
        /// Physical line numbers of the first 20 invalid lines, ascending.
        public var invalidLines: [Int] = []
    }

    /// A month's invoice line and invoice, assembled by the runtime (docs/log-format.md#invoices), so the simulator and
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
        /// The window that refused the first 429 (not in the JSON report; the CSV tenant summary has it).
        public var first429Window: Window?
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
    /// The policy's tier ids in the order it declares them (the order of the per-tier rollups).
    public var tierOrder: [String] = []
    /// Requests per UTC day (days since 1970-01-01) by status, for the HTML report's chart; only days with
    /// requests. Not in the JSON report.
    public var days: [Int64: StatusCounts] = [:]

    /// Requests by status.
    public struct StatusCounts: Sendable, Hashable {
        public var status200 = 0
        public var status401 = 0
        public var status403 = 0
        public var status429 = 0
        public init() {}
    }
}

/// Where a renderer takes each tenant's invoices from: the report's own (``SimulationReport/TenantSummary/invoices``)
/// or an ``InvoiceSchedule`` that computes them while the report is written.
struct InvoiceFeed {
    /// Calls the body with each invoice of the tenant at an index, month by month.
    let forEach: (Int, (SimulationReport.Invoice) throws -> Void) throws -> Void
    /// The tenant's total over the span.
    let total: (Int) -> ExactDecimal
    /// Whether the tenant has any invoice.
    let hasInvoices: (Int) -> Bool
    /// The first and last month of the tenants' invoices (of the span, whatever the subscriptions cover).
    let months: (first: String, last: String)?

    static func materialized(_ report: SimulationReport) -> InvoiceFeed {
        let texts = report.tenants.flatMap { $0.invoices.map(\.month) }
        return InvoiceFeed(
            forEach: { index, body in for invoice in report.tenants[index].invoices { try body(invoice) } },
            total: { index in report.tenants[index].invoices.reduce(ExactDecimal.zero) { ExactDecimal.adding($0, $1.total) ?? $0 } },
            hasInvoices: { index in !report.tenants[index].invoices.isEmpty },
            months: texts.min().flatMap { first in texts.max().map { (first, $0) } })
    }

    static func scheduled(_ schedule: InvoiceSchedule, tenantCount: Int) -> InvoiceFeed {
        InvoiceFeed(
            forEach: { index, body in try schedule.forEachInvoice(ofTenant: index, body) },
            total: { index in schedule.totals[index] },
            hasInvoices: { index in schedule.hasInvoices(ofTenant: index) },
            months: tenantCount > 0 && schedule.hasInvoices(ofTenant: 0) ? schedule.monthTexts : nil)
    }
}

/// Collects a report's text and hands it on in pieces of about 64 KiB, so a long report is never whole in
/// memory when it is written to a file or a stream.
struct ChunkedText {
    private(set) var text = ""

    mutating func append(_ piece: String, to sink: (String) throws -> Void) throws {
        text += piece
        if text.utf8.count >= 1 << 16 { try flush(to: sink) }
    }

    mutating func flush(to sink: (String) throws -> Void) throws {
        guard !text.isEmpty else { return }
        try sink(text)
        text = ""
    }
}
