import PolicyModel
import PolicyRuntime
import SeededRandom

/// Invoice cases for ``GeneratedInvoiceTests`` on the policies of `PricingPolicyGenerator` (SeededRandom, shared
/// with the PostgreSQL tests): every usage price form, `free` on counters and gauges, tier minimums, subscription
/// dates and discounts, in USD, JPY or KWD with either rounding.
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
            let subscription = Self.subscription(PricingPolicyGenerator.subscription(&random, around: Int(index)))
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

    /// The generator's subscription as the model's.
    static func subscription(_ generated: GeneratedSubscription) -> Subscription {
        func date(_ day: GeneratedSubscription.Day?) -> CalendarDate? {
            day.flatMap { CalendarDate(year: Int64($0.year), month: Int64($0.month), day: Int64($0.day)) }
        }
        return Subscription(since: date(generated.since), until: date(generated.until), discounts: generated.discounts.map {
            Discount(percent: ExactDecimal($0.percent)!, from: Int64($0.from), months: Int64($0.months))
        })
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
