import PolicyModel
import PolicyRuntime

extension SimulationReport {
    /// A readable summary: the records, then one row per tenant (requests, 200/403/429, first 429, invoice
    /// total over the span), then the totals and each tenant's invoices month by month.
    public func humanSummary() -> String {
        var text = ""
        try? writeHumanSummary(feed: .materialized(self)) { text += $0 }
        return text
    }

    /// The same bytes as ``humanSummary()`` with the invoices of `invoices`, handed to `sink` in pieces.
    public func writeHumanSummary(invoices: InvoiceSchedule, to sink: (String) throws -> Void) throws {
        try writeHumanSummary(feed: .scheduled(invoices, tenantCount: tenants.count), to: sink)
    }

    func writeHumanSummary(feed: InvoiceFeed, to sink: (String) throws -> Void) throws {
        let digits = currency.minorUnits
        var out = ChunkedText()
        var lines: [String] = []
        lines.append("policy \(policy) (\(fingerprint)), amounts in \(currency.code)")
        let months = feed.months
        lines.append("records: \(records.requests) requests, \(records.gaugeReadings) gauge readings, \(records.invalid) invalid"
                     + (months.map { "; months \($0.first)" + ($0.first != $0.last ? " to \($0.last)" : "") } ?? ""))
        lines.append("status: 200 \(status200), 401 \(status401), 403 \(status403), 429 \(status429); anonymous \(anonymous)")
        lines.append("")

        var rows: [[String]] = [["tenant", "tier", "requests", "200", "403", "429", "first 429", "invoiced"]]
        var grand = ExactDecimal.zero
        for (index, tenant) in tenants.enumerated() {
            let total = feed.total(index)
            grand = ExactDecimal.adding(grand, total) ?? grand
            rows.append([tenant.tenant, tenant.tier, String(tenant.requests), String(tenant.status200), String(tenant.status403),
                         String(tenant.status429), tenant.first429.map(UTCCalendar.rfc3339) ?? "-",
                         total.formatted(fractionDigits: digits)])
        }
        rows.append(["total", "", String(tenants.reduce(0) { $0 + $1.requests }), String(tenants.reduce(0) { $0 + $1.status200 }),
                     String(tenants.reduce(0) { $0 + $1.status403 }), String(tenants.reduce(0) { $0 + $1.status429 }), "",
                     grand.formatted(fractionDigits: digits)])
        lines += Self.table(rows, rightAligned: [2, 3, 4, 5, 7])

        for line in lines { try out.append(line + "\n", to: sink) }
        for (index, tenant) in tenants.enumerated() where feed.hasInvoices(index) {
            var lines: [String] = []
            lines.append("")
            var title = "\(tenant.tenant) (\(tenant.tier))"
            if !tenant.rejectedByWindow.isEmpty {
                title += ": 429 by window " + Window.allCases.compactMap { window in
                    tenant.rejectedByWindow[window].map { "\(window.rawValue) \($0)" }
                }.joined(separator: ", ")
            }
            if tenant.gaugeOverLimit > 0 { title += "; \(tenant.gaugeOverLimit) gauge reading\(tenant.gaugeOverLimit == 1 ? "" : "s") over the limit" }
            lines.append(title)
            for line in lines { try out.append(line + "\n", to: sink) }
            try feed.forEach(index) { invoice in
                let parts = invoice.lines.map { line -> String in
                    switch line.kind {
                    case .base: "base \(line.amount.formatted(fractionDigits: digits))"
                    case .usage: "\(line.meter ?? "") \(line.quantity?.description ?? "0") → \(line.amount.formatted(fractionDigits: digits))"
                    }
                }
                try out.append("  \(invoice.month)  \(parts.joined(separator: ", "))  total \(invoice.total.formatted(fractionDigits: digits))\n", to: sink)
            }
        }
        try out.flush(to: sink)
    }

    private static func table(_ rows: [[String]], rightAligned: Set<Int>) -> [String] {
        let widths = (0..<rows[0].count).map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { column, cell in
                let pad = String(repeating: " ", count: widths[column] - cell.count)
                return rightAligned.contains(column) ? pad + cell : cell + pad
            }.joined(separator: "  ").replacing(/\s+$/, with: "")
        }
    }
}
