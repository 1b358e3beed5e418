public import PolicyCheck
import PolicyModel
import PolicyRuntime
import PolicySimulator
import ReportKit

extension ReplayComparison {
    /// The `"replay"` object of `tierc diff --format json` (docs/diff.md): tenants by id, amounts as strings
    /// with their currency's digits, differences null when the currency changed, `first_new_429` as RFC 3339
    /// or null.
    public func jsonValue() -> JSONValue {
        func difference(_ value: ExactDecimal?) -> JSONValue { value.map { .string(amount($0)) } ?? .null }
        return .object([
            ("currency", .string(currency.code)),
            ("old_currency", .string(oldCurrency.code)),
            ("tenants", .array(tenants.map { tenant in
                .object([
                    ("tenant", .string(tenant.tenant)),
                    ("tier", .string(tenant.tier)),
                    ("old_429", .int(tenant.old429)),
                    ("new_429", .int(tenant.new429)),
                    ("delta_429", .int(tenant.delta429)),
                    ("first_new_429", tenant.firstNew429.map { .string(UTCCalendar.rfc3339($0)) } ?? .null),
                    ("old_total", .string(oldAmount(tenant.oldTotal))),
                    ("new_total", .string(amount(tenant.newTotal))),
                    ("delta_total", difference(tenant.deltaTotal)),
                    ("months", .array(tenant.months.map { month in
                        .object([
                            ("month", .string(month.month)),
                            ("old_total", .string(oldAmount(month.old))),
                            ("new_total", .string(amount(month.new))),
                            ("delta_total", difference(month.delta)),
                        ])
                    })),
                ])
            })),
            ("old_total", .string(oldAmount(oldTotal))),
            ("new_total", .string(amount(newTotal))),
            ("total_delta", difference(totalDelta)),
        ])
    }

    /// Rows for people (human and Markdown): tenant, tier, 429s before and after, first new 429, totals; numbers
    /// with thousands separators.
    func rows() -> [[String]] {
        tenantsNewlyRefusedFirst.map { tenant in
            [tenant.tenant, tenant.tier, Grouping.int(tenant.old429), Grouping.int(tenant.new429),
             tenant.delta429 > 0 ? "+\(Grouping.int(tenant.delta429))" : Grouping.int(tenant.delta429),
             tenant.firstNew429.map(UTCCalendar.rfc3339) ?? "-",
             Grouping.decimal(oldAmount(tenant.oldTotal)), Grouping.decimal(amount(tenant.newTotal)),
             Grouping.decimal(signed(tenant.deltaTotal))]
        }
    }

    static let columns = ["tenant", "tier", "429 before", "429 after", "Δ 429", "first new 429", "total before",
                          "total after", "Δ total"]

    /// A plain table, newly refused tenants first, then the totals line.
    public func humanText() -> String {
        let all = [Self.columns] + rows()
        var widths = Array(repeating: 0, count: Self.columns.count)
        for row in all { for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) } }
        var text = "Replay (\(currencies); invoice totals over every month of the log):\n"
        for row in all {
            let cells = row.enumerated().map { index, cell in
                let pad = String(repeating: " ", count: widths[index] - cell.count)
                return index < 2 || index == 5 ? cell + pad : pad + cell
            }
            var line = "  " + cells.joined(separator: "  ")
            while line.hasSuffix(" ") { line.removeLast() }
            text += line + "\n"
        }
        let newlyRefused = tenants.count { $0.firstNew429 != nil }
        text += "  total: \(Grouping.decimal(oldAmount(oldTotal))) → \(Grouping.decimal(amount(newTotal))) (\(totalDeltaText)); "
            + "\(newlyRefused) tenant\(newlyRefused == 1 ? "" : "s") newly refused\n"
        return text
    }

    /// The currency of the amounts: `USD`, or `USD before, EUR after` when it changed.
    var currencies: String {
        comparable ? currency.code : "\(oldCurrency.code) before, \(currency.code) after"
    }

    /// The total difference with its currency, or why there is none.
    var totalDeltaText: String {
        comparable ? "\(Grouping.decimal(signed(totalDelta))) \(currency.code)" : "no difference: the currency changed"
    }

    /// A Markdown section for the pull-request comment.
    public func markdown() -> String {
        var lines = ["", "#### Impact on the replayed traffic (\(currencies))", ""]
        lines.append("| " + Self.columns.joined(separator: " | ") + " |")
        lines.append("| " + Self.columns.enumerated().map { $0.offset < 2 || $0.offset == 5 ? "---" : "---:" }.joined(separator: " | ") + " |")
        for row in rows() {
            lines.append("| " + row.map { $0.replacing("|", with: "\\|") }.joined(separator: " | ") + " |")
        }
        lines.append("| **total** | | \(Grouping.int(oldReport.status429)) | \(Grouping.int(newReport.status429)) | | | "
                     + "\(Grouping.decimal(oldAmount(oldTotal))) | \(Grouping.decimal(amount(newTotal))) | **\(Grouping.decimal(signed(totalDelta)))** |")
        return lines.joined(separator: "\n") + "\n"
    }

    /// The columns of ``csv()``, documented in docs/diff.md.
    public static let csvHeader = ["tenant", "tier", "month", "line", "meter", "old_quantity", "old_amount",
                                   "new_quantity", "new_amount", "delta_amount", "currency", "old_currency"]

    /// One row per tenant, month and invoice line of either policy (lines matched by kind and meter: the base
    /// line, then usage lines in NEW's order, then lines only OLD has); amounts with the currency's digits.
    public func csv() throws(Overflow) -> String {
        var table = CSVTable(header: Self.csvHeader)
        let oldByID = Dictionary(oldReport.tenants.map { ($0.tenant, $0) }, uniquingKeysWith: { first, _ in first })
        for summary in newReport.tenants {
            let oldInvoices = oldByID[summary.tenant]?.invoices ?? []
            let months = Set(oldInvoices.map(\.month)).union(summary.invoices.map(\.month)).sorted()
            for month in months {
                let before = oldInvoices.first { $0.month == month }?.lines ?? []
                let after = summary.invoices.first { $0.month == month }?.lines ?? []
                var keys: [String] = []
                for line in after + before {
                    let key = line.kind.rawValue + ":" + (line.meter ?? "")
                    if !keys.contains(key) { keys.append(key) }
                }
                for key in keys {
                    let a = before.first { $0.kind.rawValue + ":" + ($0.meter ?? "") == key }
                    let b = after.first { $0.kind.rawValue + ":" + ($0.meter ?? "") == key }
                    let oldValue = a?.amount ?? .zero
                    let newValue = b?.amount ?? .zero
                    var delta = ""
                    if comparable {
                        guard let value = ExactDecimal.adding(newValue, ExactDecimal(significand: -oldValue.significand, scale: oldValue.scale)) else {
                            throw Overflow()
                        }
                        delta = amount(value)
                    }
                    let line = b ?? a
                    table.rows.append([summary.tenant, summary.tier, month, line?.kind.rawValue ?? "", line?.meter ?? "",
                                       a?.quantity?.description ?? "", a.map { oldAmount($0.amount) } ?? "",
                                       b?.quantity?.description ?? "", b.map { amount($0.amount) } ?? "",
                                       delta, currency.code, oldCurrency.code])
                }
            }
        }
        return table.serialized()
    }
}
