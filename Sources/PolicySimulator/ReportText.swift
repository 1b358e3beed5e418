import PolicyModel
import PolicyRuntime
import ReportKit

extension SimulationReport {
    /// A readable summary: the records and headline figures, the per-tier rollup with its total row, then one
    /// row per tenant (requests, 200/403/429, first 429, invoice total over the span), then each tenant's
    /// invoices month by month. Numbers carry thousands separators (docs/simulation.md "Human output").
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
        func money(_ value: ExactDecimal) -> String { Grouping.decimal(value.formatted(fractionDigits: digits)) }
        func count(_ value: Int) -> String { Grouping.int(value) }
        let rollup = try ReportRollup(self, feed: feed, byMonth: false)
        var out = ChunkedText()
        var lines: [String] = []
        lines.append("policy \(policy) (\(fingerprint)), amounts in \(currency.code)")
        let months = feed.months
        lines.append("records: \(count(records.requests)) requests, \(count(records.gaugeReadings)) gauge readings, \(count(records.invalid)) invalid"
                     + (months.map { "; months \($0.first)" + ($0.first != $0.last ? " to \($0.last)" : "") } ?? ""))
        lines.append("status: 200 \(count(status200)), 401 \(count(status401)), 403 \(count(status403)), 429 \(count(status429)); anonymous \(count(anonymous))")
        lines.append("tenants: \(count(tenants.count)), \(count(rollup.refusedTenants)) refused at least once; invoiced \(money(rollup.total))")
        lines.append("")

        // The per-tier rollup first (docs/simulation.md "Human output").
        var tierRows: [[String]] = [["tier", "tenants", "requests", "200", "403", "429", "refused", "invoiced"]]
        for row in rollup.tiers {
            tierRows.append([row.tier, count(row.tenants), count(row.requests), count(row.status200), count(row.status403),
                             count(row.status429), count(row.refusedTenants), money(row.total)])
        }
        tierRows.append(["total", count(tenants.count), count(tenants.reduce(0) { $0 + $1.requests }),
                         count(tenants.reduce(0) { $0 + $1.status200 }), count(tenants.reduce(0) { $0 + $1.status403 }),
                         count(tenants.reduce(0) { $0 + $1.status429 }), count(rollup.refusedTenants), money(rollup.total)])
        lines += Self.table(tierRows, rightAligned: [1, 2, 3, 4, 5, 6, 7])
        lines.append("")

        var rows: [[String]] = [["tenant", "tier", "requests", "200", "403", "429", "first 429", "invoiced"]]
        for (index, tenant) in tenants.enumerated() {
            rows.append([tenant.tenant, tenant.tier, count(tenant.requests), count(tenant.status200), count(tenant.status403),
                         count(tenant.status429), tenant.first429.map(UTCCalendar.rfc3339) ?? "-",
                         money(rollup.tenantTotals[index])])
        }
        lines += Self.table(rows, rightAligned: [2, 3, 4, 5, 7])

        for line in lines { try out.append(line + "\n", to: sink) }
        for (index, tenant) in tenants.enumerated() where feed.hasInvoices(index) {
            var lines: [String] = []
            lines.append("")
            var title = "\(tenant.tenant) (\(tenant.tier))"
            if !tenant.rejectedByWindow.isEmpty {
                title += ": 429 by window " + Window.allCases.compactMap { window in
                    tenant.rejectedByWindow[window].map { "\(window.rawValue) \(count($0))" }
                }.joined(separator: ", ")
            }
            if tenant.gaugeOverLimit > 0 { title += "; \(count(tenant.gaugeOverLimit)) gauge reading\(tenant.gaugeOverLimit == 1 ? "" : "s") over the limit" }
            lines.append(title)
            for line in lines { try out.append(line + "\n", to: sink) }
            try feed.forEach(index) { invoice in
                let parts = invoice.lines.map { line -> String in
                    switch line.kind {
                    case .base: "base \(money(line.amount))"
                    case .usage: "\(line.meter ?? "") \(Grouping.decimal(line.quantity?.description ?? "0")) → \(money(line.amount))"
                    case .minimum: "minimum +\(money(line.amount))"
                    case .discount: "discount \(money(line.amount))"
                    }
                }
                try out.append("  \(invoice.month)  \(parts.joined(separator: ", "))  total \(money(invoice.total))\n", to: sink)
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
