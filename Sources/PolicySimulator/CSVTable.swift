import PolicyRuntime
import PolicyModel

/// Rows of text as RFC 4180 CSV: a header row, CRLF after every row, a field quoted (with `"` doubled) when
/// it holds a comma, a quote, CR or LF. Same rows, same bytes.
public struct CSVTable: Sendable, Hashable {
    public var header: [String]
    public var rows: [[String]] = []

    public init(header: [String]) {
        self.header = header
    }

    public func serialized() -> String {
        ([header] + rows).map { $0.map(Self.field).joined(separator: ",") + "\r\n" }.joined()
    }

    static func field(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\r" || $0 == "\n" || $0 == "\r\n" }) else { return text }
        return "\"" + text.replacing("\"", with: "\"\"") + "\""
    }
}

extension SimulationReport {
    /// The columns of ``csv()``, documented in docs/simulation.md.
    public static let csvHeader = ["tenant", "tier", "month", "line", "meter", "quantity", "amount", "currency"]

    /// One row per tenant, month and invoice line (tenants by id, months in order, lines as invoiced: the base
    /// line, then usage lines in meter order). `line` is `base` or `usage`; `meter` and `quantity` are empty on
    /// the base line; `amount` has the currency's digits.
    public func csv() -> String {
        var text = ""
        try? writeCSV(feed: .materialized(self)) { text += $0 }
        return text
    }

    /// The same bytes as ``csv()`` with the invoices of `invoices`, handed to `sink` in pieces.
    public func writeCSV(invoices: InvoiceSchedule, to sink: (String) throws -> Void) throws {
        try writeCSV(feed: .scheduled(invoices, tenantCount: tenants.count), to: sink)
    }

    func writeCSV(feed: InvoiceFeed, to sink: (String) throws -> Void) throws {
        var out = ChunkedText()
        func row(_ fields: [String]) throws { try out.append(fields.map(CSVTable.field).joined(separator: ",") + "\r\n", to: sink) }
        try row(Self.csvHeader)
        for (index, tenant) in tenants.enumerated() {
            try feed.forEach(index) { invoice in
                for line in invoice.lines {
                    try row([tenant.tenant, tenant.tier, invoice.month, line.kind.rawValue, line.meter ?? "",
                             line.quantity?.description ?? "", line.amount.formatted(fractionDigits: currency.minorUnits),
                             currency.code])
                }
            }
        }
        try out.flush(to: sink)
    }
}
