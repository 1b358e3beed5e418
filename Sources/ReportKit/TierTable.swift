public import PolicyModel
import Reporting

/// The tier comparison of `tierc table` (docs/cli.md "tierc table"), from the resolved policy: one row per tier
/// (the orientation of a pricing guide), in three tables: limits and price (every window of every counter
/// meter that some tier limits, every gauge meter, the base price), features (✓ or —), and usage prices. The
/// first table of the bundled policy is the guide's table, cell for cell.
public struct TierTable: Sendable {
    public struct Table: Sendable, Hashable {
        public var title: String
        public var columns: [String]
        /// Cells for people: thousands separators, currency symbols, units, ✓ and —.
        public var rows: [[String]]
        /// The same cells for machines (JSON and CSV): plain numbers, `unlimited`, `true`/`false`.
        public var values: [[String]]
    }

    public var policy: String
    public var currency: Currency
    public var tables: [Table]

    public init(policy: Policy) {
        self.policy = policy.name
        self.currency = policy.currency
        let tiers = policy.tiers
        let symbol = Self.symbols[policy.currency.code]
        func money(_ value: ExactDecimal, minimumDigits: Int = 0) -> String {
            let digits = value.isInteger && minimumDigits == 0 ? 0 : max(minimumDigits, Self.fractionDigits(value), policy.currency.minorUnits)
            let number = Grouping.decimal(value.formatted(fractionDigits: digits))
            return symbol.map { $0 + number } ?? number + " " + policy.currency.code
        }

        // Limits and price.
        var columns = ["Tier"]
        var people = tiers.map { [$0.name] }
        var machine = tiers.map { [$0.id] }
        for meter in policy.meters {
            let title = Self.title(meter.id, unit: meter.unit)
            switch meter.kind {
            case .counter:
                for window in Window.allCases where tiers.contains(where: { $0.limit(meter: meter.id, window: window) != .unlimited }) {
                    columns.append("\(title)/\(window.rawValue.prefix(1).uppercased() + window.rawValue.dropFirst())")
                    for (index, tier) in tiers.enumerated() {
                        switch tier.limit(meter: meter.id, window: window) {
                        case .limited(let value):
                            people[index].append(Grouping.int(value)); machine[index].append(String(value))
                        case .unlimited:
                            people[index].append("Unlimited"); machine[index].append("unlimited")
                        }
                    }
                }
            case .gauge:
                guard tiers.contains(where: { $0.gaugeLimit(meter: meter.id) != .unlimited }) else { continue }
                columns.append(title)
                for (index, tier) in tiers.enumerated() {
                    switch tier.gaugeLimit(meter: meter.id) {
                    case .level(let value):
                        people[index].append(Grouping.decimal(value.description) + (meter.unit ?? ""))
                        machine[index].append(value.description)
                    case .unlimited:
                        people[index].append("Unlimited"); machine[index].append("unlimited")
                    }
                }
            }
        }
        columns.append("Price")
        for (index, tier) in tiers.enumerated() {
            people[index].append(tier.price.isZero ? money(tier.price) : money(tier.price) + "/mo")
            machine[index].append(tier.price.formatted(fractionDigits: policy.currency.minorUnits))
        }
        var tables = [Table(title: "Tiers", columns: columns, rows: people, values: machine)]

        // Features.
        if !policy.features.isEmpty {
            tables.append(Table(
                title: "Features", columns: ["Tier"] + policy.features.map { Self.title($0.id, unit: nil) },
                rows: tiers.map { tier in [tier.name] + policy.features.map { tier.features.contains($0.id) ? "✓" : "—" } },
                values: tiers.map { tier in [tier.id] + policy.features.map { tier.features.contains($0.id) ? "true" : "false" } }))
        }

        // Usage prices.
        let priced = policy.meters.filter { meter in tiers.contains { $0.usagePrices[meter.id] != nil } }
        if !priced.isEmpty {
            func describe(_ price: UsagePrice?, _ meter: Meter, people: Bool) -> String {
                guard let price else { return people ? "—" : "" }
                let perUnit: String
                if people {
                    let unit = meter.unit.map { price.per == 1 ? $0 : (($0.uppercased() == $0) ? $0 : $0 + "s") } ?? (price.per == 1 ? "unit" : "units")
                    perUnit = price.per == 1 ? "per \(unit)" : "per \(Grouping.int(price.per)) \(unit)"
                } else {
                    perUnit = "per \(price.per)"
                }
                func amount(_ value: ExactDecimal) -> String {
                    people ? money(value, minimumDigits: policy.currency.minorUnits) : value.description
                }
                func bands(_ list: [PriceBand]) -> String {
                    list.map { band in
                        switch band.upTo {
                        case .upTo(let bound): "\(amount(band.price)) up to \(people ? Grouping.decimal(bound.description) : bound.description)"
                            + (band.flat.isZero ? "" : " + \(amount(band.flat)) flat")
                        case .unlimited: "\(amount(band.price)) above" + (band.flat.isZero ? "" : " + \(amount(band.flat)) flat")
                        }
                    }.joined(separator: ", ")
                }
                let free = price.free.isZero ? "" : "; \(people ? Grouping.decimal(price.free.description) : price.free.description) free"
                let style = TierTablePriceStyle(perUnit: perUnit, amount: amount, count: { people ? Grouping.int($0) : String($0) },
                                                bands: bands)
                return Self.tableModel(price.scheme).tierTableText(style) + free
            }
            tables.append(Table(
                title: "Usage prices", columns: ["Tier"] + priced.map { Self.title($0.id, unit: $0.unit) },
                rows: tiers.map { tier in [tier.name] + priced.map { describe(tier.usagePrices[$0.id], $0, people: true) } },
                values: tiers.map { tier in [tier.id] + priced.map { describe(tier.usagePrices[$0.id], $0, people: false) } }))
        }
        self.tables = tables
    }

    static let symbols = ["USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "INR": "₹", "KRW": "₩"]

    /// Words kept in capitals when an id becomes a title.
    static let acronyms: Set<String> = ["api", "ai", "id", "url", "sms", "cpu", "gpu", "gb", "mb", "tb", "kb", "sso", "ip"]

    /// `api_calls` → `API Calls`; a last word equal to the unit is dropped (`storage_gb`, unit GB → `Storage`).
    public static func title(_ id: String, unit: String?) -> String {
        var words = id.split(whereSeparator: { $0 == "_" || $0 == "-" }).map(String.init)
        if words.count > 1, let unit, words.last?.lowercased() == unit.lowercased() { words.removeLast() }
        return words.map { acronyms.contains($0.lowercased()) ? $0.uppercased() : $0.prefix(1).uppercased() + $0.dropFirst() }
            .joined(separator: " ")
    }

    static func fractionDigits(_ value: ExactDecimal) -> Int {
        let text = value.description
        guard let dot = text.firstIndex(of: ".") else { return 0 }
        return text.distance(from: text.index(after: dot), to: text.endIndex)
    }

    /// GitHub-flavoured Markdown: the tables one after the other, separated by a blank line; the rule under a
    /// header has as many dashes as the header cell and its spaces.
    public func markdown() -> String {
        tables.map { table in
            func line(_ cells: [String]) -> String { "| " + cells.map { $0.replacing("|", with: "\\|") }.joined(separator: " | ") + " |" }
            return ([line(table.columns), "|" + table.columns.map { String(repeating: "-", count: $0.count + 2) }.joined(separator: "|") + "|"]
                    + table.rows.map(line)).joined(separator: "\n") + "\n"
        }.joined(separator: "\n")
    }

    /// One JSON object: the policy, its currency and each table with its columns and machine values.
    public func json() -> String {
        func array(_ items: [String]) -> String { "[" + items.map(JSONText.quoted).joined(separator: ", ") + "]" }
        var text = "{\n  \"policy\": \(JSONText.quoted(policy)),\n  \"currency\": \(JSONText.quoted(currency.code)),\n  \"tables\": ["
        for (index, table) in tables.enumerated() {
            text += (index == 0 ? "" : ",") + "\n    {\n      \"title\": \(JSONText.quoted(table.title)),\n"
            text += "      \"columns\": \(array(table.columns)),\n      \"rows\": ["
            text += table.values.map { "\n        " + array($0) }.joined(separator: ",") + "\n      ]\n    }"
        }
        return text + "\n  ]\n}\n"
    }

    /// RFC 4180 CSV: one row per tier with the columns of every table (the `Tier` column once), machine values;
    /// written by Reporting's `CSVTable` (docs/cli.md#csv).
    public func csv() -> String {
        var table = CSVTable(header: ["tier"], rows: tables.first.map { $0.values.map { [$0[0]] } } ?? [])
        for section in tables {
            table.header += section.columns.dropFirst()
            for index in table.rows.indices { table.rows[index] += section.values[index].dropFirst() }
        }
        return table.serialized()
    }

    /// A self-contained HTML page with the three tables.
    public func html() -> String {
        HTMLPage(title: "Tiers of \(policy)", body: [el("h1", [:], text("Tiers of \(policy)"))] + tables.map { table in
            el("table", [:],
               el("caption", [:], text(table.title)),
               el("thead", [:], el("tr", [:], children: table.columns.map { el("th", ["scope": "col"], text($0)) })),
               el("tbody", [:], children: table.rows.map { row in
                   el("tr", [:], children: row.enumerated().map { index, cell in
                       index == 0 ? el("th", ["scope": "row"], text(cell)) : el("td", [:], text(cell))
                   })
               }))
        }).rendered()
    }

    /// The table's one switch over the usage price models (docs/pricing-models.md#reports).
    static func tableModel(_ scheme: UsagePrice.Scheme) -> any TierTablePricedModel {
        switch scheme {
        case .flat(let price): UnitPrice(price: price)
        case .graduated(let bands): GraduatedPrice(bands: bands)
        case .volume(let bands): VolumePrice(bands: bands)
        case .package(let size, let price): PackagePrice(size: size, price: price)
        }
    }
}
