public import PolicyModel
import PolicyRuntime

/// The per-tier rollup of a report and, when asked, its revenue per month and tier: what the human report leads
/// with, the CSV `tiers` table and the HTML report show. Memory: tiers × months at most (the months only with
/// `byMonth`, and the output then has a column or a bar per month anyway), never tenants × months: each tenant's
/// total comes from the feed, and its invoices are computed one at a time.
public struct ReportRollup: Sendable, Hashable {
    public struct TierRow: Sendable, Hashable {
        public var tier: String
        public var tenants = 0
        public var requests = 0
        public var status200 = 0
        public var status403 = 0
        public var status429 = 0
        /// Tenants with at least one 429.
        public var refusedTenants = 0
        /// Invoice totals per month of ``ReportRollup/months`` (empty without `byMonth`).
        public var monthTotals: [ExactDecimal] = []
        public var total = ExactDecimal.zero
    }

    /// `YYYY-MM` of every month of the span, in order (empty without `byMonth`).
    public var months: [String] = []
    /// The policy's tiers in its order, then tiers of tenants the policy lacks, by id.
    public var tiers: [TierRow]
    /// Each tenant's total over the span.
    public var tenantTotals: [ExactDecimal] = []
    public var total = ExactDecimal.zero
    /// Tenants with at least one 429.
    public var refusedTenants = 0

    init(_ report: SimulationReport, feed: InvoiceFeed, byMonth: Bool) throws {
        let known = Set(report.tierOrder)
        let order = report.tierOrder + Set(report.tenants.map(\.tier)).subtracting(known).sorted()
        var rows = order.map { TierRow(tier: $0) }
        let rowIndex = Dictionary(order.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        if byMonth {
            months = feed.monthList
            for r in rows.indices { rows[r].monthTotals = Array(repeating: .zero, count: months.count) }
        }
        let monthIndex = Dictionary(months.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        for (index, tenant) in report.tenants.enumerated() {
            let tenantTotal = feed.total(index)
            tenantTotals.append(tenantTotal)
            total = ExactDecimal.adding(total, tenantTotal) ?? total
            if tenant.status429 > 0 { refusedTenants += 1 }
            guard let r = rowIndex[tenant.tier] else { continue }
            rows[r].tenants += 1
            rows[r].requests += tenant.requests
            rows[r].status200 += tenant.status200
            rows[r].status403 += tenant.status403
            rows[r].status429 += tenant.status429
            if tenant.status429 > 0 { rows[r].refusedTenants += 1 }
            rows[r].total = ExactDecimal.adding(rows[r].total, tenantTotal) ?? rows[r].total
            if byMonth {
                try feed.forEach(index) { invoice in
                    guard let m = monthIndex[invoice.month] else { return }
                    rows[r].monthTotals[m] = ExactDecimal.adding(rows[r].monthTotals[m], invoice.total) ?? rows[r].monthTotals[m]
                }
            }
        }
        self.tiers = rows
    }

    /// Revenue per month over every tier.
    public var monthTotals: [ExactDecimal] {
        months.indices.map { m in tiers.reduce(ExactDecimal.zero) { ExactDecimal.adding($0, $1.monthTotals[m]) ?? $0 } }
    }
}

extension InvoiceFeed {
    /// `YYYY-MM` of every month from the first to the last invoice's.
    var monthList: [String] {
        guard let months else { return [] }
        func index(_ text: String) -> Int64? {
            let parts = text.split(separator: "-")
            guard parts.count == 2, let year = Int64(parts[0]), let month = Int64(parts[1]) else { return nil }
            return year * 12 + month - 1
        }
        guard let first = index(months.first), let last = index(months.last), first <= last else { return [] }
        return (first...last).map(UTCCalendar.monthText)
    }
}

extension SimulationReport {
    /// The rollup of the report's own invoices.
    public func rollup(byMonth: Bool = true) -> ReportRollup {
        (try? ReportRollup(self, feed: .materialized(self), byMonth: byMonth))!
    }

    /// The rollup with the invoices of `invoices`.
    public func rollup(invoices: InvoiceSchedule, byMonth: Bool = true) -> ReportRollup {
        (try? ReportRollup(self, feed: .scheduled(invoices, tenantCount: tenants.count), byMonth: byMonth))!
    }
}
