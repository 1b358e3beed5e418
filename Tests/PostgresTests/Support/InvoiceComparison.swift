/// What `ReplayTests.compareInvoices` held against the simulator, so that a test can tell that its inputs reached
/// every line kind and months outside a subscription.
struct InvoiceComparison: Sendable {
    /// Invoices compared.
    var invoices = 0
    /// Invoice lines compared, by kind (`base`, `usage`, `minimum`, `discount`).
    var linesByKind: [String: Int] = [:]
    /// (tenant, month) pairs outside a subscription for which `tierc.invoice` had to return no rows.
    var monthsOutside = 0

    /// Adds up two comparisons.
    static func + (lhs: InvoiceComparison, rhs: InvoiceComparison) -> InvoiceComparison {
        InvoiceComparison(invoices: lhs.invoices + rhs.invoices,
                          linesByKind: lhs.linesByKind.merging(rhs.linesByKind, uniquingKeysWith: +),
                          monthsOutside: lhs.monthsOutside + rhs.monthsOutside)
    }
}
