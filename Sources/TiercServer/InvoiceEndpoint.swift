internal import HTTPTypes
internal import PolicyModel
internal import PolicyRuntime
internal import TiercHummingbird

/// `GET /api/v1/billing/invoice?month=YYYY-MM` (docs/serve.md): the identified tenant's invoice for that month
/// from the traffic this server decided, assembled by the runtime exactly as `tierc simulate` assembles it
/// (docs/log-format.md#invoices). Amounts are decimal strings with the currency's minor-unit digits.
enum InvoiceEndpoint {
    static let path = "/api/v1/billing/invoice"

    static func respond(tenant: IdentifiedTenant, policy: ActivePolicy, target: String) async throws -> TiercAnswer {
        guard let text = QueryParameters.value("month", inTarget: target), let month = monthIndex(text) else {
            return RefusalResponse.badRequest("The query must name a month: ?month=YYYY-MM.")
        }
        let rules = policy.rules
        guard let tierIndex = rules.tier(ofTenant: tenant.index) else {
            return RefusalResponse.unauthorized(.tierNotInPolicy, policy: rules.policy)
        }
        var quantities: [ExactDecimal?] = []
        for (index, meter) in rules.policy.meters.enumerated() {
            quantities.append(try await policy.store.monthQuantity(tenant: tenant.index, meter: index, kind: meter.kind, month: month))
        }
        // The tenant's subscription dates and discounts (docs/simulation.md, fine points 7.29–7.31): a month that
        // the subscription does not cover has no invoice.
        let subscription = rules.tenants.tenants[tenant.index].subscription
        guard subscription.covers(month) else {
            var body = JSONObjectWriter()
            body.string("error", "No invoice")
            body.string("message", "The tenant's subscription does not cover this month.")
            return RefusalResponse.json(.notFound, body)
        }
        let invoice: Invoice
        do {
            invoice = try Invoice.assemble(policy: rules.policy, tier: rules.policy.tiers[tierIndex], month: month,
                                           subscription: subscription) { quantities[$0] }
        } catch {
            var body = JSONObjectWriter()
            body.string("error", "Invoice too large")
            body.string("message", "An amount does not fit the exact arithmetic; it is not billed approximately.")
            return RefusalResponse.json(.unprocessableContent, body)
        }
        return RefusalResponse.json(.ok, json(invoice, tenant: tenant, currency: rules.policy.currency))
    }

    static func json(_ invoice: Invoice, tenant: IdentifiedTenant, currency: Currency) -> JSONObjectWriter {
        let digits = currency.minorUnits
        var body = JSONObjectWriter()
        body.string("tenant_id", tenant.id)
        body.string("tier", tenant.tier)
        body.string("month", invoice.month)
        body.string("currency", currency.code)
        let lines = invoice.lines.map { line in
            var object = JSONObjectWriter()
            object.string("kind", line.kind.rawValue)
            if let meter = line.meter { object.string("meter", meter) }
            if let quantity = line.quantity { object.string("quantity", quantity.description) }
            object.string("amount", line.amount.formatted(fractionDigits: digits))
            return object.json
        }
        body.raw("lines", "[" + lines.joined(separator: ",") + "]")
        body.string("total", invoice.total.formatted(fractionDigits: digits))
        return body
    }

    /// `YYYY-MM` (years 0001–9999) as a month index, nil otherwise.
    static func monthIndex(_ text: String) -> Int64? {
        let bytes = Array(text.utf8)
        guard bytes.count == 7, bytes[4] == UInt8(ascii: "-"),
              bytes.enumerated().allSatisfy({ $0.offset == 4 || ($0.element >= 48 && $0.element <= 57) }),
              let year = Int64(text.prefix(4)), let month = Int64(text.suffix(2)),
              year >= 1, (1...12).contains(month) else { return nil }
        return year * 12 + month - 1
    }
}
