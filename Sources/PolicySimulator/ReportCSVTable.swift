/// Which table `tierc simulate --format csv` writes (`--csv-table`, docs/simulation.md "--format csv").
public enum ReportCSVTable: String, Sendable, CaseIterable {
    /// One row per tenant, month and invoice line (the default; ``SimulationReport/csvHeader``).
    case invoices
    /// One row per tenant: requests, statuses, the first 429 and its window, the total of each month.
    case tenants
    /// One row per tier: the rollup of its tenants.
    case tiers
}
