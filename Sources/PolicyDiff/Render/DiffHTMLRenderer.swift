import PolicyModel
import PolicyRuntime
import PolicySimulator
import PolicySource
import ReportKit

/// `tierc diff --format html`: one self-contained page (docs/diff.md "HTML"): the policy changes with their
/// impact; with `--replay`, revenue before and after per tier and in total (a chart and its table), the tenants
/// newly refused and those no longer refused, and every tenant's deltas (sortable). Same inputs, same bytes.
public struct DiffHTMLRenderer: Sendable {
    public init() {}

    public func render(_ report: PolicyDiffReport, replay comparison: ReplayComparison? = nil) -> String {
        var body: [HTMLNode] = []
        body.append(el("header", [:],
                       el("h1", [:], text("Policy diff: \(report.oldFile) → \(report.newFile)")),
                       el("p", ["class": "sub"], text("\(Grouping.int(report.count(.breaking))) breaking, "
                           + "\(Grouping.int(report.count(.safe))) safe, \(Grouping.int(report.count(.cosmetic))) cosmetic"))))
        body.append(changes(report))
        if let comparison {
            body.append(revenue(comparison))
            body.append(refusals(comparison))
            body.append(tenants(comparison))
        }
        return HTMLPage(title: "tierc diff: \(report.oldFile) → \(report.newFile)", body: body).rendered()
    }

    func changes(_ report: PolicyDiffReport) -> HTMLNode {
        let ordered = ChangeImpact.allCases.flatMap { impact in report.entries.filter { $0.change.impact == impact } }
        guard !ordered.isEmpty else {
            return el("section", ["id": "changes"], el("h2", [:], text("Policy changes")), el("p", [:], text("No changes.")))
        }
        return el("section", ["id": "changes"],
                  el("h2", [:], text("Policy changes")),
                  el("table", ["id": "changes-table"],
                     el("thead", [:], el("tr", [:], children: ["impact", "kind", "path", "old", "new", "change"].map {
                         el("th", ["scope": "col"], text($0))
                     })),
                     el("tbody", [:], children: ordered.map { entry in
                         let change = entry.change
                         return el("tr", attributes: [("data-impact", change.impact.rawValue)], children: [
                             el("td", [:], change.impact == .breaking ? el("strong", [:], text("breaking")) : text(change.impact.rawValue)),
                             el("td", [:], el("code", [:], text(change.kind.rawValue))),
                             el("td", [:], el("code", [:], text(change.path)),
                                text(entry.range.map { " (line \($0.start.line))" } ?? "")),
                             el("td", [:], text(change.old.map(Grouping.prose) ?? "—")),
                             el("td", [:], text(change.new.map(Grouping.prose) ?? "—")),
                             el("td", [:], text(Grouping.prose(change.message))),
                         ])
                     })))
    }

    /// An amount cell: `data-value` as the JSON report writes it, the text with thousands separators.
    func money(_ value: String, key: String, shown: String? = nil) -> HTMLNode {
        el("td", attributes: [("class", "num"), ("data-key", key), ("data-value", value)],
           children: [.text(Grouping.decimal(shown ?? value))])
    }

    /// A difference: `data-value` as JSON writes it (empty when there is none), shown signed.
    func delta(_ c: ReplayComparison, _ value: ExactDecimal?, key: String) -> HTMLNode {
        money(value.map { c.amount($0) } ?? "", key: key, shown: c.signed(value))
    }

    func count(_ value: Int, key: String, signed: Bool = false) -> HTMLNode {
        el("td", attributes: [("class", "num"), ("data-key", key), ("data-value", String(value))],
           children: [text((signed && value > 0 ? "+" : "") + Grouping.int(value))])
    }

    /// Revenue before and after, per tier (the tenant's tier in NEW) and in total.
    func revenue(_ c: ReplayComparison) -> HTMLNode {
        var order = c.newReport.tierOrder
        for tenant in c.tenants where !order.contains(tenant.tier) { order.append(tenant.tier) }
        var rows: [(tier: String, tenants: Int, old: ExactDecimal, new: ExactDecimal)] = order.map { ($0, 0, .zero, .zero) }
        for tenant in c.tenants {
            guard let index = order.firstIndex(of: tenant.tier) else { continue }
            rows[index].tenants += 1
            rows[index].old = ExactDecimal.adding(rows[index].old, tenant.oldTotal) ?? rows[index].old
            rows[index].new = ExactDecimal.adding(rows[index].new, tenant.newTotal) ?? rows[index].new
        }
        func difference(_ old: ExactDecimal, _ new: ExactDecimal) -> ExactDecimal? {
            guard c.comparable else { return nil }
            return ExactDecimal.adding(new, ExactDecimal(significand: -old.significand, scale: old.scale))
        }
        var nodes: [HTMLNode] = [el("h2", [:], text("Revenue before and after (\(c.currencies))"))]
        if c.comparable {
            let digits = c.currency.minorUnits
            nodes.append(BarChart(id: "chart-revenue", title: "Invoiced over the log per tier (\(c.currency.code)), before and after",
                                  categories: rows.map(\.tier), series: ["before", "after"],
                                  values: rows.map { [$0.old.significand(atScale: digits) ?? 0, $0.new.significand(atScale: digits) ?? 0] },
                                  fractionDigits: digits, layout: .grouped, xTitle: "tier", yTitle: c.currency.code,
                                  colors: [5, 0]).node())
        }
        nodes.append(el("table", ["id": "revenue-table"],
                        el("thead", [:], el("tr", [:], children: ["tier", "tenants", "before", "after", "Δ"].map {
                            el("th", attributes: [("scope", "col")] + ($0 == "tier" ? [] : [("class", "num")]), children: [text($0)])
                        })),
                        el("tbody", [:], children: rows.map { row in
                            el("tr", attributes: [("data-tier", row.tier)], children: [
                                el("th", ["scope": "row"], text(row.tier)), count(row.tenants, key: "tenants"),
                                money(c.oldAmount(row.old), key: "old_total"), money(c.amount(row.new), key: "new_total"),
                                delta(c, difference(row.old, row.new), key: "delta_total"),
                            ])
                        }),
                        el("tfoot", [:], el("tr", ["data-tier": "total"],
                                            el("th", ["scope": "row"], text("total")), count(c.tenants.count, key: "tenants"),
                                            money(c.oldAmount(c.oldTotal), key: "old_total"), money(c.amount(c.newTotal), key: "new_total"),
                                            delta(c, c.totalDelta, key: "delta_total")))))
        return el("section", ["id": "revenue"], children: nodes)
    }

    /// The tenants NEW refuses that OLD did not, and those OLD refused that NEW no longer does.
    func refusals(_ c: ReplayComparison) -> HTMLNode {
        let newly = c.tenantsNewlyRefusedFirst.filter { $0.firstNew429 != nil }
        let noLonger = c.tenants.filter { $0.old429 > 0 && $0.new429 == 0 }
        func list(_ id: String, _ title: String, _ tenants: [ReplayComparison.Tenant], empty: String) -> HTMLNode {
            guard !tenants.isEmpty else { return el("div", ["id": id], el("h3", [:], text(title)), el("p", [:], text(empty))) }
            return el("div", ["id": id],
                      el("h3", [:], text("\(title) (\(Grouping.int(tenants.count)))")),
                      el("table", [:],
                         el("thead", [:], el("tr", [:], children: ["tenant", "tier", "429 before", "429 after", "first new 429"].map {
                             el("th", ["scope": "col"], text($0))
                         })),
                         el("tbody", [:], children: tenants.map { t in
                             el("tr", attributes: [("data-tenant", t.tenant)], children: [
                                 el("td", [:], text(t.tenant)), el("td", [:], text(t.tier)),
                                 count(t.old429, key: "old_429"), count(t.new429, key: "new_429"),
                                 el("td", [:], text(t.firstNew429.map(UTCCalendar.rfc3339) ?? "-")),
                             ])
                         })))
        }
        return el("section", ["id": "refusals"],
                  el("h2", [:], text("Refusals")),
                  list("newly-refused", "Newly refused", newly, empty: "No tenant is newly refused."),
                  list("no-longer-refused", "No longer refused", noLonger, empty: "No tenant stops being refused."))
    }

    /// Every tenant's deltas, sortable.
    func tenants(_ c: ReplayComparison) -> HTMLNode {
        let columns: [(String, String)] = [("tenant", "text"), ("tier", "text"), ("429 before", "num"), ("429 after", "num"),
                                           ("Δ 429", "num"), ("first new 429", "text"), ("total before", "num"),
                                           ("total after", "num"), ("Δ total", "num")]
        return el("section", ["id": "tenants"],
                  el("h2", [:], text("Per-tenant deltas")),
                  el("input", ["type": "search", "data-filter": "tenant-table", "placeholder": "Search tenants",
                               "aria-label": "Search tenants", "hidden": "hidden"]),
                  el("table", ["id": "tenant-table"],
                     el("thead", [:], el("tr", [:], children: columns.map { name, sort in
                         el("th", attributes: [("scope", "col"), ("data-sort", sort)] + (sort == "num" ? [("class", "num")] : []),
                            children: [text(name)])
                     })),
                     el("tbody", [:], children: c.tenantsNewlyRefusedFirst.map { t in
                         el("tr", attributes: [("data-tenant", t.tenant)], children: [
                             el("td", [:], text(t.tenant)), el("td", [:], text(t.tier)),
                             count(t.old429, key: "old_429"), count(t.new429, key: "new_429"),
                             count(t.delta429, key: "delta_429", signed: true),
                             el("td", attributes: [("data-key", "first_new_429"),
                                                   ("data-value", t.firstNew429.map(UTCCalendar.rfc3339) ?? "")],
                                children: [text(t.firstNew429.map(UTCCalendar.rfc3339) ?? "-")]),
                             money(c.oldAmount(t.oldTotal), key: "old_total"), money(c.amount(t.newTotal), key: "new_total"),
                             delta(c, t.deltaTotal, key: "delta_total"),
                         ])
                     })))
    }
}
