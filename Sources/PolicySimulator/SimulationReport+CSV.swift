import PolicyRuntime
import PolicyModel
import Reporting

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
        func row(_ fields: [String]) throws { try out.append(CSVTable.record(fields), to: sink) }
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

extension SimulationReport {
    /// The fixed columns of the `tenants` table; a `total_YYYY-MM` column per month of the span, then `total`
    /// and `currency` follow.
    public static let csvTenantsHeader = ["tenant", "tier", "requests", "status_200", "status_403", "status_429",
                                          "first_429", "first_429_window"]

    /// The fixed columns of the `tiers` table; then `total_YYYY-MM` per month, `total` and `currency`.
    public static let csvTiersHeader = ["tier", "tenants", "requests", "status_200", "status_403", "status_429",
                                        "tenants_refused"]

    /// The table `table` of the report's own invoices.
    public func csv(table: ReportCSVTable) -> String {
        var text = ""
        try? writeCSV(table: table, feed: .materialized(self)) { text += $0 }
        return text
    }

    /// The table `table` with the invoices of `invoices`, handed to `sink` in pieces.
    public func writeCSV(table: ReportCSVTable, invoices: InvoiceSchedule, to sink: (String) throws -> Void) throws {
        try writeCSV(table: table, feed: .scheduled(invoices, tenantCount: tenants.count), to: sink)
    }

    func writeCSV(table: ReportCSVTable, feed: InvoiceFeed, to sink: (String) throws -> Void) throws {
        guard table != .invoices else { return try writeCSV(feed: feed, to: sink) }
        let digits = currency.minorUnits
        var out = ChunkedText()
        func row(_ fields: [String]) throws { try out.append(CSVTable.record(fields), to: sink) }
        let months = feed.monthList
        let monthColumns = months.map { "total_" + $0 } + ["total", "currency"]
        switch table {
        case .invoices: break
        case .tenants:
            // Row by row, each tenant's invoices computed as its row is written (memory: one row).
            try row(Self.csvTenantsHeader + monthColumns)
            let zero = ExactDecimal.zero.formatted(fractionDigits: digits)
            for (index, tenant) in tenants.enumerated() {
                var totals: [String] = []
                try feed.forEach(index) { totals.append($0.total.formatted(fractionDigits: digits)) }
                if totals.count != months.count { totals = Array(repeating: zero, count: months.count) }
                try row([tenant.tenant, tenant.tier, String(tenant.requests), String(tenant.status200), String(tenant.status403),
                         String(tenant.status429), tenant.first429.map(UTCCalendar.rfc3339) ?? "",
                         tenant.first429Window?.rawValue ?? ""]
                        + totals + [feed.total(index).formatted(fractionDigits: digits), currency.code])
            }
        case .tiers:
            let rollup = try ReportRollup(self, feed: feed, byMonth: true)
            try row(Self.csvTiersHeader + monthColumns)
            for tier in rollup.tiers {
                try row([tier.tier, String(tier.tenants), String(tier.requests), String(tier.status200), String(tier.status403),
                         String(tier.status429), String(tier.refusedTenants)]
                        + tier.monthTotals.map { $0.formatted(fractionDigits: digits) }
                        + [tier.total.formatted(fractionDigits: digits), currency.code])
            }
        }
        try out.flush(to: sink)
    }
}
