internal import Hummingbird
internal import PolicyModel
internal import PolicyRuntime
internal import TiercHummingbird

/// `GET /admin/v1/shadow` on the admin listener (docs/serve.md, "Shadow policy"): the candidate of `--shadow`,
/// its disagreements with the live policy by kind, tier and tenant, and the projected invoice difference for the
/// month so far (`?month=YYYY-MM` for another month), per tenant and in total: the candidate's invoice minus the
/// live one, each assembled by the runtime from its own counters. Amounts are exact decimal strings with the
/// currency's minor-unit digits, as in the invoice endpoint. 404 without `--shadow`.
enum ShadowEndpoint {
    static let path = "/admin/v1/shadow"
    /// Tenants listed at most, in each list; the rest are counted in `tenants_omitted`.
    static let maxTenants = 100

    static func respond(_ request: Request, state: ServerState, observers: ServerObservers) async throws -> Response {
        guard let shadow = observers.shadow else {
            var body = JSONObjectWriter()
            body.string("error", "No shadow policy")
            body.string("message", "tierc serve was started without --shadow CANDIDATE.")
            return RefusalResponse.json(.notFound, body).response
        }
        var month = observers.clock.month
        if let text = QueryParameters.value("month", inTarget: request.head.path ?? "") {
            guard let index = InvoiceEndpoint.monthIndex(text) else {
                return RefusalResponse.badRequest("The month must be YYYY-MM: ?month=2025-11.").response
            }
            month = index
        }
        let live = state.holder.current
        let candidate = shadow.candidate
        let tally = shadow.tally
        var body = JSONObjectWriter()
        body.string("policy", live.policy.name)
        body.string("fingerprint", live.fingerprint)
        body.integer("revision", Int64(clamping: live.revision))
        body.object("candidate") { object in
            object.string("policy", candidate.rules.policy.name)
            object.string("fingerprint", candidate.fingerprint)
            object.integer("revision", Int64(clamping: candidate.revision))
            object.string("loaded_at", UTCCalendar.rfc3339(candidate.loadedAt))
        }
        body.string("since", UTCCalendar.rfc3339(tally.since))
        body.integer("compared", Int64(tally.compared))
        var total: [ShadowDisagreement: Int] = [:]
        for counts in tally.byTier.values { total.merge(counts, uniquingKeysWith: +) }
        body.object("disagreements") { kinds(&$0, total) }
        body.object("by_tier") { object in
            for tier in tally.byTier.keys.sorted() { object.object(tier) { kinds(&$0, tally.byTier[tier] ?? [:]) } }
        }
        let tenants = tally.byTenant.keys.sorted()
        body.raw("tenants", "[" + tenants.prefix(maxTenants).map { id in
            var object = JSONObjectWriter()
            object.string("tenant", id)
            object.string("tier", tally.byTenant[id]?.tier ?? "")
            kinds(&object, tally.byTenant[id]?.counts ?? [:])
            return object.json
        }.joined(separator: ",") + "]")
        body.integer("tenants_omitted", Int64(max(0, tenants.count - maxTenants)))
        body.raw("invoices", try await invoices(live: live, candidate: candidate, month: month).json)
        return RefusalResponse.json(.ok, body).response
    }

    /// Every kind with its count, zeros included, in the order of ``ShadowDisagreement``.
    private static func kinds(_ object: inout JSONObjectWriter, _ counts: [ShadowDisagreement: Int]) {
        for kind in ShadowDisagreement.allCases { object.integer(kind.rawValue, Int64(counts[kind] ?? 0)) }
    }

    /// `{"month":…,"currency":…,"candidate_currency":…,"live":…,"candidate":…,"difference":…,"tenants":[…],
    /// "tenants_omitted":…,"not_computed":[…]}`: month-to-date totals under both policies, for every tenant of
    /// the live directory (a tenant without an invoice under a policy counts as zero there). `tenants` lists
    /// those whose two totals differ; `not_computed` those with an amount too large for exact arithmetic, left
    /// out of the totals. `difference` is null when the two policies bill in different currencies.
    static func invoices(live: ActivePolicy, candidate: ShadowPolicy.Candidate, month: Int64) async throws -> JSONObjectWriter {
        let liveCurrency = live.policy.currency
        let candidateCurrency = candidate.rules.policy.currency
        let comparable = liveCurrency.code == candidateCurrency.code
        var liveTotal = ExactDecimal.zero
        var candidateTotal = ExactDecimal.zero
        var differing: [(id: String, tier: String, live: ExactDecimal, candidate: ExactDecimal)] = []
        var notComputed: [String] = []
        for (index, tenant) in live.rules.tenants.tenants.enumerated() {
            let liveAmount = try await MonthToDateInvoice.total(rules: live.rules, store: live.store, tenant: index, month: month)
            var candidateAmount = MonthToDateInvoice.Total.none
            if let other = candidate.rules.tenants.tenant(id: tenant.id) {
                candidateAmount = try await MonthToDateInvoice.total(rules: candidate.rules, store: candidate.store,
                                                                     tenant: other, month: month)
            }
            guard let a = amount(liveAmount), let b = amount(candidateAmount),
                  let newLive = ExactDecimal.adding(liveTotal, a), let newCandidate = ExactDecimal.adding(candidateTotal, b) else {
                notComputed.append(tenant.id)
                continue
            }
            liveTotal = newLive
            candidateTotal = newCandidate
            if a < b || b < a { differing.append((tenant.id, tenant.tier, a, b)) }
        }
        differing.sort { $0.id < $1.id }
        notComputed.sort()
        var object = JSONObjectWriter()
        object.string("month", UTCCalendar.monthText(month))
        object.string("currency", liveCurrency.code)
        object.string("candidate_currency", candidateCurrency.code)
        object.string("live", liveTotal.formatted(fractionDigits: liveCurrency.minorUnits))
        object.string("candidate", candidateTotal.formatted(fractionDigits: candidateCurrency.minorUnits))
        difference(&object, candidateTotal, minus: liveTotal, comparable: comparable, digits: liveCurrency.minorUnits)
        object.raw("tenants", "[" + differing.prefix(maxTenants).map { row in
            var line = JSONObjectWriter()
            line.string("tenant", row.id)
            line.string("tier", row.tier)
            line.string("live", row.live.formatted(fractionDigits: liveCurrency.minorUnits))
            line.string("candidate", row.candidate.formatted(fractionDigits: candidateCurrency.minorUnits))
            difference(&line, row.candidate, minus: row.live, comparable: comparable, digits: liveCurrency.minorUnits)
            return line.json
        }.joined(separator: ",") + "]")
        object.integer("tenants_omitted", Int64(max(0, differing.count - maxTenants)))
        object.strings("not_computed", Array(notComputed.prefix(maxTenants)))
        return object
    }

    /// A total as an amount (zero without an invoice), nil when too large.
    private static func amount(_ total: MonthToDateInvoice.Total) -> ExactDecimal? {
        switch total {
        case .amount(let value): return value
        case .none: return .zero
        case .tooLarge: return nil
        }
    }

    /// `"difference":"<b − a>"`, or null when the currencies differ or the subtraction does not fit.
    private static func difference(_ object: inout JSONObjectWriter, _ b: ExactDecimal, minus a: ExactDecimal,
                                   comparable: Bool, digits: Int) {
        let negated = ExactDecimal(significand: -a.significand, scale: a.scale)
        if comparable, let value = ExactDecimal.adding(b, negated) {
            object.string("difference", value.formatted(fractionDigits: digits))
        } else {
            object.null("difference")
        }
    }
}
