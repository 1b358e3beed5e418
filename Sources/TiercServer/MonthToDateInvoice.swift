internal import PolicyModel
internal import PolicyRuntime

/// A tenant's invoice total for one month from the counters a server holds, assembled by the runtime exactly as
/// `GET /api/v1/billing/invoice` and `tierc simulate` assemble it (docs/log-format.md#invoices). Used at scrape
/// time for `tierc_invoice_amount_minor` and for the shadow policy's projected invoice difference
/// (docs/serve.md, "Metrics" and "Shadow policy").
enum MonthToDateInvoice {
    /// What a tenant owes for a month.
    enum Total: Sendable, Hashable {
        /// The exact total, with the currency's minor-unit digits.
        case amount(ExactDecimal)
        /// No invoice: the tenant's tier is not in the policy, or its subscription does not cover the month.
        case none
        /// An amount too large for the exact arithmetic (never billed approximately).
        case tooLarge
    }

    /// The total of tenant `tenant` (an index in `rules.tenants`) for `month` (`year × 12 + month − 1`), reading
    /// the month's quantities from `store`.
    static func total(rules: PolicyRules, store: any QuotaStore, tenant: Int, month: Int64) async throws -> Total {
        guard let tierIndex = rules.tier(ofTenant: tenant) else { return .none }
        let subscription = rules.tenants.tenants[tenant].subscription
        guard subscription.covers(month) else { return .none }
        var quantities: [ExactDecimal?] = []
        for (index, meter) in rules.policy.meters.enumerated() {
            quantities.append(try await store.monthQuantity(tenant: tenant, meter: index, kind: meter.kind, month: month))
        }
        do {
            let invoice = try Invoice.assemble(policy: rules.policy, tier: rules.policy.tiers[tierIndex], month: month,
                                               subscription: subscription) { quantities[$0] }
            return .amount(invoice.total)
        } catch {
            return .tooLarge
        }
    }

    /// `amount` in integer minor units of a currency with `digits` minor-unit digits; nil when it does not fit.
    static func minorUnits(_ amount: ExactDecimal, digits: Int) -> Int64? {
        amount.significand(atScale: digits).flatMap { Int64(exactly: $0) }
    }
}
