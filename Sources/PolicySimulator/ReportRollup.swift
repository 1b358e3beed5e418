public import PolicyModel
import PolicyRuntime

/// The per-tier rollup and the monthly revenue of a report, computed from its invoices in one pass (they are
/// computed tenant by tenant, never all held): what the human report leads with, the CSV `tiers` table and
/// the HTML report show.
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
        /// Invoice totals per month of ``ReportRollup/months``.
        public var monthTotals: [ExactDecimal]
        public var total = ExactDecimal.zero
    }

    /// `YYYY-MM` of every month of the span, in order.
    public var months: [String]
    /// The policy's tiers in its order, then tiers of tenants the policy lacks, by id.
    public var tiers: [TierRow]
    /// Each tenant's invoice total per month (by tenant index, then month index).
    public var tenantMonthTotals: [[ExactDecimal]]
    /// Each tenant's total over the span.
    public var tenantTotals: [ExactDecimal]
    public var total = ExactDecimal.zero
    /// Tenants with at least one 429.
    public var refusedTenants = 0

    init(_ report: SimulationReport, feed: InvoiceFeed) throws {
        var months: [String] = []
        var monthIndex: [String: Int] = [:]
        var perTenant: [[(String, ExactDecimal)]] = []
        for index in report.tenants.indices {
            var invoices: [(String, ExactDecimal)] = []
            try feed.forEach(index) { invoice in
                invoices.append((invoice.month, invoice.total))
                if monthIndex[invoice.month] == nil {
                    monthIndex[invoice.month] = months.count
                    months.append(invoice.month)
                }
            }
            perTenant.append(invoices)
        }
        // Months are the span's, the same for every tenant with invoices; sorted for safety.
        months.sort()
        for (index, month) in months.enumerated() { monthIndex[month] = index }
        let known = Set(report.tierOrder)
        let order = report.tierOrder + Set(report.tenants.map(\.tier)).subtracting(known).sorted()
        var rows = order.map { TierRow(tier: $0, monthTotals: Array(repeating: .zero, count: months.count)) }
        let rowIndex = Dictionary(order.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        var tenantMonthTotals: [[ExactDecimal]] = []
        var tenantTotals: [ExactDecimal] = []
        var grand = ExactDecimal.zero
        var refused = 0
        for (index, tenant) in report.tenants.enumerated() {
            var monthly = Array(repeating: ExactDecimal.zero, count: months.count)
            for (month, total) in perTenant[index] { monthly[monthIndex[month]!] = total }
            let total = feed.total(index)
            tenantMonthTotals.append(monthly)
            tenantTotals.append(total)
            grand = ExactDecimal.adding(grand, total) ?? grand
            if tenant.status429 > 0 { refused += 1 }
            guard let r = rowIndex[tenant.tier] else { continue }
            rows[r].tenants += 1
            rows[r].requests += tenant.requests
            rows[r].status200 += tenant.status200
            rows[r].status403 += tenant.status403
            rows[r].status429 += tenant.status429
            if tenant.status429 > 0 { rows[r].refusedTenants += 1 }
            for m in monthly.indices { rows[r].monthTotals[m] = ExactDecimal.adding(rows[r].monthTotals[m], monthly[m]) ?? rows[r].monthTotals[m] }
            rows[r].total = ExactDecimal.adding(rows[r].total, total) ?? rows[r].total
        }
        self.months = months
        self.tiers = rows
        self.tenantMonthTotals = tenantMonthTotals
        self.tenantTotals = tenantTotals
        self.total = grand
        self.refusedTenants = refused
    }

    /// Revenue per month over every tier.
    public var monthTotals: [ExactDecimal] {
        months.indices.map { m in tiers.reduce(ExactDecimal.zero) { ExactDecimal.adding($0, $1.monthTotals[m]) ?? $0 } }
    }
}

extension SimulationReport {
    /// The rollup of the report's own invoices.
    public func rollup() -> ReportRollup {
        (try? ReportRollup(self, feed: .materialized(self)))!
    }

    /// The rollup with the invoices of `invoices`.
    public func rollup(invoices: InvoiceSchedule) -> ReportRollup {
        (try? ReportRollup(self, feed: .scheduled(invoices, tenantCount: tenants.count)))!
    }
}
