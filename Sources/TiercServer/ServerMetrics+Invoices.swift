internal import PolicyModel
internal import Synchronization
internal import PolicyRuntime
internal import Prometheus
internal import TiercHummingbird

extension ServerMetrics {
    static var invoiceAmount: MetricNameDescriptor { name(.invoiceAmount) }

    /// Sets `tierc_invoice_amount_minor{tier,currency}` for a scrape (docs/serve.md, "Metrics"): per tier of the
    /// policy in force, the sum of its tenants' invoice totals for `month` so far, assembled by the runtime
    /// (``Invoice/assemble(policy:tier:month:subscription:quantity:)``) from the counters, in integer minor units.
    /// The sum is exact; only the final integer becomes the sample's value. A tenant without an invoice that
    /// month (its subscription does not cover it) adds nothing, as does one whose total is too large for the
    /// exact arithmetic. When the store cannot be read, the series of the previous scrape stay.
    func refreshInvoices(policy: ActivePolicy, month: Int64) async {
        let rules = policy.rules
        let digits = rules.policy.currency.minorUnits
        var sums: [String: Int64] = [:]
        for tier in rules.policy.tiers { sums[tier.id] = 0 }
        do {
            for index in rules.tenants.tenants.indices {
                guard case .amount(let total) = try await MonthToDateInvoice.total(rules: rules, store: policy.store,
                                                                                   tenant: index, month: month),
                      let minor = MonthToDateInvoice.minorUnits(total, digits: digits),
                      let tier = rules.tier(ofTenant: index).map({ rules.policy.tiers[$0].id }) else { continue }
                let (sum, overflow) = sums[tier, default: 0].addingReportingOverflow(minor)
                if !overflow { sums[tier] = sum }
            }
        } catch {
            return
        }
        let currency = rules.policy.currency.code
        invoiceGauges.withLock { gauges in
            for gauge in gauges { registry.unregisterGauge(gauge) }
            gauges = rules.policy.tiers.map { tier in
                let gauge = registry.makeGauge(descriptor: Self.invoiceAmount, labels: [("tier", tier.id), ("currency", currency)])
                gauge.set(to: Double(sums[tier.id] ?? 0))
                return gauge
            }
        }
    }
}
