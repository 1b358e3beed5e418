import PolicyModel
import PolicyRuntime
import ReportKit

extension SimulationReport {
    /// The self-contained HTML report (docs/simulation.md "--format html"): headline figures, requests per day
    /// by outcome, revenue per month by tier, the tenants with the most 429s, the distribution of invoice totals
    /// per tier, and every tenant with its invoice lines on demand. No external resource; same report, same
    /// bytes.
    public func html() -> String {
        var text = ""
        try? writeHTML(feed: .materialized(self)) { text += $0 }
        return text
    }

    /// The same bytes as ``html()`` with the invoices of `invoices`, handed to `sink` in pieces (the tenant
    /// table row by row).
    public func writeHTML(invoices: InvoiceSchedule, to sink: (String) throws -> Void) throws {
        try writeHTML(feed: .scheduled(invoices, tenantCount: tenants.count), to: sink)
    }

    /// The most tenants the "most 429s" section lists.
    public static let htmlTopRefused = 10

    func writeHTML(feed: InvoiceFeed, to sink: (String) throws -> Void) throws {
        let digits = currency.minorUnits
        let rollup = try ReportRollup(self, feed: feed, byMonth: true)
        func exact(_ value: ExactDecimal) -> String { value.formatted(fractionDigits: digits) }
        func money(_ value: ExactDecimal, key: String? = nil) -> HTMLNode {
            var attributes = [("class", "num"), ("data-value", exact(value))]
            if let key { attributes.append(("data-key", key)) }
            return el("td", attributes: attributes, children: [text(Grouping.decimal(exact(value)))])
        }
        func number(_ value: Int, key: String? = nil) -> HTMLNode {
            var attributes = [("class", "num"), ("data-value", String(value))]
            if let key { attributes.append(("data-key", key)) }
            return el("td", attributes: attributes, children: [text(Grouping.int(value))])
        }
        func units(_ value: ExactDecimal) -> Int128 { value.significand(atScale: digits) ?? 0 }
        func card(_ label: String, _ shown: String, key: String, value: String) -> HTMLNode {
            el("div", ["class": "card"],
               el("div", ["class": "label"], text(label)),
               el("div", attributes: [("class", "value"), ("data-key", key), ("data-value", value)], children: [text(shown)]))
        }
        let span = feed.months.map { $0.first == $0.last ? $0.first : "\($0.first) to \($0.last)" } ?? "no months"
        let page = HTMLPage(title: "tierc simulate: \(policy)", body: [])
        var out = ChunkedText()
        try out.append(page.head(), to: sink)
        func emit(_ node: HTMLNode) throws { try out.append(node.rendered() + "\n", to: sink) }

        try emit(el("header", [:],
                    el("h1", [:], text("Simulation of policy \(policy)")),
                    el("p", ["class": "sub"], text("\(fingerprint) · amounts in \(currency.code) · \(span) · "
                        + "\(Grouping.int(records.requests)) requests, \(Grouping.int(records.gaugeReadings)) gauge readings, "
                        + "\(Grouping.int(records.invalid)) invalid lines"))))

        // 1. Headline figures.
        try emit(el("section", ["id": "headline"],
                    el("h2", [:], text("Headline figures")),
                    el("div", ["class": "cards"], children: [
                        card("requests", Grouping.int(records.requests), key: "requests", value: String(records.requests)),
                        card("200 allowed", Grouping.int(status200), key: "200", value: String(status200)),
                        card("401 unknown tenant", Grouping.int(status401), key: "401", value: String(status401)),
                        card("403 feature not in tier", Grouping.int(status403), key: "403", value: String(status403)),
                        card("429 over a quota", Grouping.int(status429), key: "429", value: String(status429)),
                        card("tenants refused at least once", "\(Grouping.int(rollup.refusedTenants)) of \(Grouping.int(tenants.count))",
                             key: "refused_tenants", value: String(rollup.refusedTenants)),
                        card("invoiced, \(currency.code)", Grouping.decimal(exact(rollup.total)), key: "total", value: exact(rollup.total)),
                    ]),
                    el("table", ["id": "revenue-by-month"],
                       el("caption", [:], text("Revenue by month (\(currency.code))")),
                       el("thead", [:], el("tr", [:], el("th", ["scope": "col"], text("month")),
                                           el("th", ["scope": "col", "class": "num"], text("invoiced")))),
                       el("tbody", [:], children: zip(rollup.months, rollup.monthTotals).map { month, total in
                           el("tr", attributes: [("data-month", month)], children: [el("th", ["scope": "row"], text(month)),
                                                                                 money(total, key: "month_total")])
                       }))))

        // 2. Requests per day by outcome (per month when the span is longer than 400 days).
        let dayKeys = days.keys.sorted()
        var categories: [String] = []
        var counts: [[Int128]] = []
        var axis = "day (UTC)"
        if let first = dayKeys.first, let last = dayKeys.last {
            if last - first < 400 {
                for day in first...last {
                    let (y, m, d) = UTCCalendar.civil(days: day)
                    categories.append(UTCCalendar.monthText(y * 12 + m - 1) + "-" + (d < 10 ? "0" : "") + String(d))
                    let c = days[day] ?? StatusCounts()
                    counts.append([Int128(c.status200), Int128(c.status401), Int128(c.status403), Int128(c.status429)])
                }
            } else {
                axis = "month (UTC)"
                var byMonth: [String: [Int128]] = [:]
                for day in dayKeys {
                    let (y, m, _) = UTCCalendar.civil(days: day)
                    let c = days[day]!
                    let key = UTCCalendar.monthText(y * 12 + m - 1)
                    let add = [Int128(c.status200), Int128(c.status401), Int128(c.status403), Int128(c.status429)]
                    byMonth[key] = zip(byMonth[key] ?? [0, 0, 0, 0], add).map { $0 + $1 }
                }
                for key in byMonth.keys.sorted() { categories.append(key); counts.append(byMonth[key]!) }
            }
        }
        try emit(el("section", ["id": "requests-per-day"],
                    el("h2", [:], text("Requests per \(axis.hasPrefix("day") ? "day" : "month") by outcome")),
                    BarChart(id: "chart-requests", title: "Requests per \(axis.hasPrefix("day") ? "day" : "month"), stacked by status",
                             categories: categories, series: ["200", "401", "403", "429"], values: counts,
                             xTitle: axis, yTitle: "requests", colors: [2, 1, 4, 3]).node()))

        // 3. Revenue per month by tier.
        try emit(el("section", ["id": "revenue-per-month"],
                    el("h2", [:], text("Revenue per month by tier")),
                    BarChart(id: "chart-revenue", title: "Revenue per month (\(currency.code)), stacked by tier",
                             categories: rollup.months, series: rollup.tiers.map(\.tier),
                             values: rollup.months.indices.map { m in rollup.tiers.map { units($0.monthTotals[m]) } },
                             fractionDigits: digits, xTitle: "month", yTitle: currency.code).node()))

        // 4. The tenants with the most 429s and the windows that refused them.
        let top = tenants.indices.filter { tenants[$0].status429 > 0 }
            .sorted { (-tenants[$0].status429, tenants[$0].tenant) < (-tenants[$1].status429, tenants[$1].tenant) }
            .prefix(Self.htmlTopRefused)
        try emit(el("section", ["id": "most-refused"],
                    el("h2", [:], text("Tenants with the most 429s")),
                    top.isEmpty ? el("p", [:], text("No request was refused with 429.")) :
                    el("table", ["id": "most-refused-table"],
                       el("thead", [:], el("tr", [:], children: ["tenant", "tier", "429", "first 429", "window of the first",
                                                                  "429 by window"].enumerated().map { index, name in
                           el("th", attributes: [("scope", "col")] + (index == 2 ? [("class", "num")] : []), children: [text(name)])
                       })),
                       el("tbody", [:], children: top.map { index in
                           let tenant = tenants[index]
                           return el("tr", attributes: [("data-tenant", tenant.tenant)], children: [
                               el("td", [:], text(tenant.tenant)), el("td", [:], text(tenant.tier)),
                               number(tenant.status429, key: "429"),
                               el("td", ["data-key": "first_429"], text(tenant.first429.map(UTCCalendar.rfc3339) ?? "-")),
                               el("td", [:], text(tenant.first429Window?.rawValue ?? "-")),
                               el("td", [:], text(Window.allCases.compactMap { window in
                                   tenant.rejectedByWindow[window].map { "\(window.rawValue) \(Grouping.int($0))" }
                               }.joined(separator: ", "))),
                           ])
                       }))))

        // 5. The distribution of invoice totals per tier.
        let totals = rollup.tenantTotals.map(units)
        let highest = max(totals.max() ?? 0, 1)
        var step: Int128 = 1
        while step * 8 < highest {
            if step * 2 * 8 >= highest { step *= 2 } else if step * 5 * 8 >= highest { step *= 5 } else { step *= 10 }
        }
        let buckets = Int((highest / step) + 1)
        func bucketLabel(_ b: Int) -> String {
            let low = ExactDecimal(significand: Int128(b) * step, scale: digits)
            let high = ExactDecimal(significand: Int128(b + 1) * step - 1, scale: digits)
            return Grouping.decimal(exact(low)) + (step > 1 ? "–" + Grouping.decimal(exact(high)) : "")
        }
        let tierIndex = Dictionary(rollup.tiers.enumerated().map { ($1.tier, $0) }, uniquingKeysWith: { first, _ in first })
        var histogram = Array(repeating: Array(repeating: Int128(0), count: rollup.tiers.count), count: buckets)
        var perTier = Array(repeating: [Int128](), count: rollup.tiers.count)
        for (index, tenant) in tenants.enumerated() {
            guard let t = tierIndex[tenant.tier] else { continue }
            histogram[Int(max(totals[index], 0) / step)][t] += 1
            perTier[t].append(totals[index])
        }
        func decimal(_ v: Int128) -> ExactDecimal { ExactDecimal(significand: v, scale: digits) }
        try emit(el("section", ["id": "distribution"],
                    el("h2", [:], text("Invoice totals per tier")),
                    BarChart(id: "chart-distribution", title: "Tenants by invoice total over the span (\(currency.code)), stacked by tier",
                             categories: (0..<buckets).map(bucketLabel), series: rollup.tiers.map(\.tier), values: histogram,
                             xTitle: "invoice total (\(currency.code))", yTitle: "tenants").node(),
                    el("table", ["id": "distribution-table"],
                       el("thead", [:], el("tr", [:], children: ["tier", "tenants", "lowest", "median", "highest", "total"].map {
                           el("th", attributes: [("scope", "col")] + ($0 == "tier" ? [] : [("class", "num")]), children: [text($0)])
                       })),
                       el("tbody", [:], children: rollup.tiers.enumerated().map { t, row in
                           let sorted = perTier[t].sorted()
                           // The median of an even count is the lower middle value: always an amount some tenant pays.
                           let median = sorted.isEmpty ? nil : sorted[(sorted.count - 1) / 2]
                           func cell(_ v: Int128?) -> HTMLNode { v.map { money(decimal($0)) } ?? el("td", ["class": "num"], text("-")) }
                           return el("tr", attributes: [("data-tier", row.tier)], children: [
                               el("th", ["scope": "row"], text(row.tier)), number(row.tenants, key: "tenants"),
                               cell(sorted.first), cell(median), cell(sorted.last), money(row.total, key: "tier_total"),
                           ])
                       }))))

        // 6. Every tenant, sortable and searchable, with its invoice lines on demand.
        let headers: [(String, String?)] = [("tenant", "text"), ("tier", "text"), ("requests", "num"), ("200", "num"), ("403", "num"),
                                            ("429", "num"), ("first 429", "text"), ("invoiced", "num"), ("invoices", nil)]
        try out.append(HTMLNode.startTag("section", [("id", "tenants")])
                       + el("h2", [:], text("Tenants")).rendered()
                       + el("input", ["type": "search", "data-filter": "tenant-table", "placeholder": "Search tenants",
                                      "aria-label": "Search tenants", "hidden": "hidden"]).rendered()
                       + HTMLNode.startTag("table", [("id", "tenant-table")])
                       + el("thead", [:], el("tr", [:], children: headers.map { name, sort in
                           el("th", attributes: [("scope", "col")] + (sort.map { [("data-sort", $0)] } ?? [])
                              + (sort == "num" ? [("class", "num")] : []), children: [text(name)])
                       })).rendered() + HTMLNode.startTag("tbody") + "\n", to: sink)
        for (index, tenant) in tenants.enumerated() {
            var invoices: [HTMLNode] = []
            try feed.forEach(index) { invoice in
                invoices.append(el("tr", attributes: [("data-month", invoice.month)], children: [
                    el("th", ["scope": "row"], text(invoice.month)),
                    el("td", [:], children: invoice.lines.map { line in
                        let label = switch line.kind {
                        case .base, .minimum, .discount: line.kind.rawValue
                        case .usage: "\(line.meter ?? "") \(Grouping.decimal(line.quantity?.description ?? "0"))"
                        }
                        return el("span", attributes: [("class", "line"), ("data-kind", line.kind.rawValue), ("data-meter", line.meter ?? ""),
                                                       ("data-value", exact(line.amount))],
                                  children: [text("\(label) → \(Grouping.decimal(exact(line.amount))); ")])
                    }),
                    money(invoice.total, key: "invoice_total"),
                ]))
            }
            let details: HTMLNode = invoices.isEmpty ? el("td", [:], text("-")) :
                el("td", [:], el("details", [:], el("summary", [:], text("\(invoices.count) month\(invoices.count == 1 ? "" : "s")")),
                                 el("table", ["class": "invoices"], el("tbody", [:], children: invoices))))
            try out.append(el("tr", attributes: [("data-tenant", tenant.tenant)], children: [
                el("td", [:], text(tenant.tenant)), el("td", [:], text(tenant.tier)),
                number(tenant.requests, key: "requests"), number(tenant.status200, key: "200"), number(tenant.status403, key: "403"),
                number(tenant.status429, key: "429"),
                el("td", attributes: [("data-key", "first_429"), ("data-value", tenant.first429.map(UTCCalendar.rfc3339) ?? "")],
                   children: [text(tenant.first429.map(UTCCalendar.rfc3339) ?? "-")]),
                money(rollup.tenantTotals[index], key: "total"), details,
            ]).rendered() + "\n", to: sink)
        }
        try out.append(HTMLNode.endTag("tbody") + HTMLNode.endTag("table") + HTMLNode.endTag("section") + "\n"
                       + el("footer", [:], el("p", ["class": "sub"], text(
                           "Written by tierc simulate. Amounts are exact; each amount's data-value holds it as the JSON report writes it."))).rendered()
                       + "\n" + page.tail(), to: sink)
        try out.flush(to: sink)
    }
}
