import PolicyModel
import PolicyRuntime
import SeededRandom

/// Generated policies and invoice cases for ``GeneratedInvoiceTests``: every usage price form (unit price with
/// `per`, graduated and volume bands with flat fees, packages), `free` on counters and gauges, tier minimums,
/// subscription dates and discounts, in USD, JPY or KWD with either rounding.
enum InvoiceFixture {
    /// One invoice to compute: a tier, a month, the usage of each meter and the subscription.
    struct Case {
        var tier: String
        var year: Int64
        var month: Int64
        /// By meter id, in the policy's meter order.
        var usage: [(meter: String, quantity: ExactDecimal)]
        var subscription: Subscription

        var monthIndex: Int64 { year * 12 + month - 1 }
    }

    static let meters: [(id: String, kind: MeterKind)] = [
        ("calls", .counter), ("exports", .counter), ("storage", .gauge), ("seats", .gauge),
    ]

    /// A policy of four tiers over ``meters``; each tier prices every meter, the forms rotating so that every form
    /// prices every meter kind in some tier.
    static func policyYAML(_ random: inout SplitMix64, name: String) -> String {
        let currencies = [("USD", 2), ("JPY", 0), ("KWD", 3)]
        let (currency, minor) = currencies[random.below(currencies.count)]
        var yaml = """
            format: 1
            policy: \(name)
            currency: \(currency)
            rounding: \(random.chance(1, in: 2) ? "half_up" : "half_even")
            default_meter: calls
            meters:

            """
        for meter in meters { yaml += "  \(meter.id): { kind: \(meter.kind.rawValue) }\n" }
        yaml += "tiers:\n"
        for tier in 0..<4 {
            yaml += "  t\(tier):\n"
            yaml += "    price: \(money(&random, scale: minor, below: 100_000))\n"
            // Tier t0 always has a minimum, high enough to bind for most usage.
            if tier == 0 || random.chance(2, in: 3) {
                yaml += "    minimum: \(money(&random, scale: minor, below: tier == 0 ? 100_000_000 : 400_000))\n"
            }
            yaml += "    usage_prices:\n"
            for (index, meter) in meters.enumerated() {
                yaml += "      \(meter.id):\n"
                yaml += form((tier + index) % 4, &random, gauge: meter.kind == .gauge).map { "        " + $0 + "\n" }.joined()
            }
        }
        return yaml
    }

    /// The lines of one usage price of form `form` (0 unit, 1 graduated, 2 volume, 3 package).
    private static func form(_ form: Int, _ random: inout SplitMix64, gauge: Bool) -> [String] {
        var lines: [String] = []
        if random.chance(2, in: 3) { lines.append("free: \(quantity(&random, gauge: gauge, below: 2_000))") }
        let per = [1, 1, 10, 1000][random.below(4)]
        switch form {
        case 0:
            if per > 1 { lines.append("per: \(per)") }
            lines.append("price: \(money(&random, scales: 6, below: 50_000))")
        case 1, 2:
            if per > 1 { lines.append("per: \(per)") }
            lines.append(form == 1 ? "graduated:" : "volume:")
            var bound = ExactDecimal.zero
            for band in 0..<(1 + random.below(4)) {
                let width = [50, 2_000, 100_000][random.below(3)]
                let step = quantity(&random, gauge: gauge, below: width)
                bound = ExactDecimal.adding(bound, step.isZero ? ExactDecimal(1) : step)!
                var row = "  - { up_to: \(band == 3 ? "unlimited" : bound.description), "
                row += "price: \(money(&random, scales: 5, below: 10_000))"
                if random.chance(1, in: 2) { row += ", flat: \(money(&random, scales: 4, below: 5_000))" }
                lines.append(row + " }")
            }
            if !lines.last!.contains("unlimited") {
                lines.append("  - { up_to: unlimited, price: \(money(&random, scales: 5, below: 10_000))"
                             + (random.chance(1, in: 2) ? ", flat: \(money(&random, scale: 2, below: 5_000))" : "") + " }")
            }
        default:
            lines.append("package: \([1, 7, 100, 250][random.below(4)])")
            lines.append("price: \(money(&random, scales: 4, below: 10_000))")
        }
        return lines
    }

    /// A non-negative amount below `below` × 10^-scale with a scale below `scales`, in plain decimal notation.
    private static func money(_ random: inout SplitMix64, scales: Int, below: Int) -> String {
        let scale = random.below(scales)
        return money(&random, scale: scale, below: below)
    }

    /// A non-negative amount below `below` × 10^-scale, in plain decimal notation.
    private static func money(_ random: inout SplitMix64, scale: Int, below: Int) -> String {
        ExactDecimal(significand: Int128(random.below(below)), scale: scale).description
    }

    /// A quantity below `below`: whole for a counter, with up to three decimals for a gauge.
    private static func quantity(_ random: inout SplitMix64, gauge: Bool, below: Int) -> ExactDecimal {
        guard gauge else { return ExactDecimal(random.below(below)) }
        let scale = random.below(4)
        let unit = Int(ExactDecimal.powerOfTen(scale)!)
        return ExactDecimal(significand: Int128(random.below(below) * unit + random.below(unit)), scale: scale)
    }

    /// `count` cases on `policy`: usage from 0 to 10^9 (at band bounds and `free` allowances too), months from
    /// 2024 (a leap February) to 2026, subscriptions that start or end in, before or after the month, and up to two
    /// discounts around it.
    static func cases(_ policy: Policy, _ random: inout SplitMix64, count: Int) -> [Case] {
        (0..<count).map { _ in
            let tier = policy.tiers[random.below(policy.tiers.count)]
            let year = Int64(2024 + random.below(3))
            let month = Int64(1 + random.below(12))
            var usage: [(meter: String, quantity: ExactDecimal)] = []
            for meter in policy.meters {
                usage.append((meter.id, usageQuantity(&random, price: tier.usagePrices[meter.id], gauge: meter.kind == .gauge)))
            }
            let index = year * 12 + month - 1
            var subscription = Subscription()
            if random.chance(1, in: 2) { subscription.since = date(&random, around: index) }
            if random.chance(1, in: 3) {
                let until = date(&random, around: index)
                subscription.until = subscription.since.map { until < $0 ? $0 : until } ?? until
            }
            for _ in 0..<random.below(3) {
                let percents = ["100", "50", "20", "12.5", "33.333", "0.01", "99.99", "7"]
                subscription.discounts.append(Discount(percent: ExactDecimal(percents[random.below(percents.count)])!,
                                                       from: index - 2 + Int64(random.below(4)), months: Int64(1 + random.below(3))))
            }
            return Case(tier: tier.id, year: year, month: month, usage: usage, subscription: subscription)
        }
    }

    /// A quantity near something the price depends on (its `free`, a band bound, a package multiple) or at random.
    private static func usageQuantity(_ random: inout SplitMix64, price: UsagePrice?, gauge: Bool) -> ExactDecimal {
        var marks: [ExactDecimal] = [.zero]
        if let price {
            marks.append(price.free)
            switch price.scheme {
            case .graduated(let bands), .volume(let bands):
                for band in bands { if case .upTo(let bound) = band.upTo { marks.append(ExactDecimal.adding(bound, price.free)!) } }
            case .package(let size, _): marks.append(ExactDecimal.adding(ExactDecimal(significand: Int128(size) * 3, scale: 0), price.free)!)
            case .flat: break
            }
        }
        switch random.below(5) {
        case 0:
            return marks[random.below(marks.count)]
        case 1:
            let mark = marks[random.below(marks.count)]
            let step = gauge && random.chance(1, in: 2) ? ExactDecimal(significand: 1, scale: 3) : ExactDecimal(1)
            let moved = random.chance(1, in: 2) ? ExactDecimal.adding(mark, step)! : ExactDecimal.adding(mark, ExactDecimal(significand: -step.significand, scale: step.scale))!
            return moved.isNegative ? .zero : moved
        default:
            let magnitude = [300, 100_000, 1_000_000_000][random.below(3)]
            return gauge ? ExactDecimal(significand: Int128(random.below(magnitude)), scale: random.below(4))
                : ExactDecimal(random.below(magnitude))
        }
    }

    /// A day from the month before `month` to the month after it.
    private static func date(_ random: inout SplitMix64, around month: Int64) -> CalendarDate {
        let index = month - 1 + Int64(random.below(3))
        let year = index / 12
        let number = index - year * 12 + 1
        let day = Int64(1 + random.below(Int(CalendarDate.daysInMonth(year: year, month: number))))
        return CalendarDate(year: year, month: number, day: day)!
    }

    /// What tierc bills: `Invoice.assemble` for a month the subscription covers, one line per case in the format of
    /// ``program(_:policy:)``'s output.
    static func expected(_ cases: [Case], policy: Policy) throws -> [String] {
        let minor = policy.currency.minorUnits
        return try cases.enumerated().map { (number, item) throws -> String in
            guard item.subscription.covers(item.monthIndex) else { return "\(number) not subscribed" }
            guard let tier = policy.tiers.first(where: { $0.id == item.tier }) else {
                throw EmitterSupport.Failure(description: "no tier \(item.tier)")
            }
            let invoice: Invoice
            do {
                invoice = try Invoice.assemble(policy: policy, tier: tier, month: item.monthIndex, subscription: item.subscription) {
                    item.usage[$0].quantity
                }
            } catch {
                return "\(number) too large"
            }
            let lines = invoice.lines.map { line in
                "\(line.kind.rawValue) \(line.meter ?? "-") \(line.quantity?.description ?? "-") \(line.amount.significand(atScale: minor)!)"
            }
            return "\(number) \(invoice.month) \(lines.joined(separator: " | ")) = \(invoice.total.significand(atScale: minor)!)"
        }
    }

    /// A `main.swift` that asks the generated `Tier.invoice(month:usage:subscription:)` for every case and prints
    /// one line per case.
    static func program(_ cases: [Case]) -> String {
        var text = """
            import GeneratedPolicy

            func describe(_ error: any Error) -> String {
                switch error as? Invoice.Failure {
                case .notSubscribed?: return "not subscribed"
                case .tooLarge?: return "too large"
                case .invalidArgument(let text)?: return "invalid argument: " + text
                case nil: return "unexpected error: \\(error)"
                }
            }

            func show(_ number: Int, _ tier: String, _ month: Invoice.Month, _ usage: [(String, PolicyDecimal)],
                      _ subscription: Invoice.Subscription) {
                var quantities: [Meter: PolicyDecimal] = [:]
                for (meter, quantity) in usage { quantities[Meter(rawValue: meter)!] = quantity }
                do {
                    let invoice = try Tier(rawValue: tier)!.invoice(month: month, usage: quantities, subscription: subscription)
                    let lines = invoice.lines.map { line in
                        "\\(line.kind.rawValue) \\(line.meter?.rawValue ?? "-") \\(line.quantity.map { "\\($0)" } ?? "-") \\(line.amountMinorUnits)"
                    }
                    print("\\(number) \\(invoice.month) \\(lines.joined(separator: " | ")) = \\(invoice.totalMinorUnits)")
                } catch {
                    print("\\(number) \\(describe(error))")
                }
            }


            """
        func decimal(_ value: ExactDecimal) -> String { "PolicyDecimal(\(value.significand), scale: \(value.scale))" }
        func date(_ value: CalendarDate?) -> String {
            value.map { "Invoice.Day(year: \($0.year), month: \($0.month), day: \($0.day))" } ?? "nil"
        }
        func month(_ index: Int64) -> String { "Invoice.Month(year: \(index / 12), month: \(index % 12 + 1))" }
        for (number, item) in cases.enumerated() {
            let usage = item.usage.map { "(\"\($0.meter)\", \(decimal($0.quantity)))" }.joined(separator: ", ")
            let discounts = item.subscription.discounts.map {
                "Invoice.Discount(percent: \(decimal($0.percent)), from: \(month($0.from)), months: \($0.months))"
            }.joined(separator: ", ")
            text += "show(\(number), \"\(item.tier)\", \(month(item.monthIndex)), [\(usage)], "
                + "Invoice.Subscription(since: \(date(item.subscription.since)), until: \(date(item.subscription.until)), discounts: [\(discounts)]))\n"
        }
        return text
    }
}
