/// Seeded pricing-v2 policies and tenants as YAML text (docs/policy-format.md#usage-price-forms-and-minimums,
/// docs/policy-format.md#tenantsyaml-key-by-key): every usage price form (unit price with `per`, graduated and volume
/// bands with flat fees, packages), `free` on counters and gauges, tier minimums, USD, JPY or KWD with either
/// rounding, and subscriptions with dates and discounts. The tests of the generated Swift and of the generated SQL
/// share this one generator; only integer arithmetic is used, so the same seed gives the same text everywhere.
public enum PricingPolicyGenerator {
    /// The meters of every generated policy, in order: two counters, then two gauges.
    public static let meters: [(id: String, gauge: Bool)] = [
        ("calls", false), ("exports", false), ("storage", true), ("seats", true),
    ]

    /// The tier ids of every generated policy.
    public static let tiers = ["t0", "t1", "t2", "t3"]

    /// A policy of four tiers over ``meters`` (default meter `calls`, no routes, no limits); each tier prices every
    /// meter, the forms rotating so that every form prices every meter kind in some tier. Tier `t0` always has a
    /// minimum, high enough to bind for most usage.
    public static func policyYAML(_ random: inout SplitMix64, name: String) -> String {
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
        for meter in meters { yaml += "  \(meter.id): { kind: \(meter.gauge ? "gauge" : "counter") }\n" }
        yaml += "tiers:\n"
        for (tier, id) in tiers.enumerated() {
            yaml += "  \(id):\n"
            yaml += "    price: \(money(&random, scale: minor, below: 100_000))\n"
            if tier == 0 || random.chance(2, in: 3) {
                yaml += "    minimum: \(money(&random, scale: minor, below: tier == 0 ? 100_000_000 : 400_000))\n"
            }
            yaml += "    usage_prices:\n"
            for (index, meter) in meters.enumerated() {
                yaml += "      \(meter.id):\n"
                yaml += form((tier + index) % 4, &random, gauge: meter.gauge).map { "        " + $0 + "\n" }.joined()
            }
        }
        return yaml
    }

    /// A tenants.yaml of `count` tenants (``tenantIDs(count:)``) on the tiers in turn (so every tier has tenants
    /// when `count` ≥ 4); three in four have a
    /// ``subscription(_:around:)`` around a month of `months` (month indexes, `year × 12 + month − 1`), the others
    /// none (every month invoiced in full).
    public static func tenantsYAML(_ random: inout SplitMix64, count: Int, months: ClosedRange<Int>) -> String {
        var yaml = "tenants:\n"
        for (index, id) in tenantIDs(count: count).enumerated() {
            yaml += "  \(id):\n    tier: \(tiers[index % tiers.count])\n"
            if random.chance(3, in: 4) {
                let month = months.lowerBound + random.below(months.count)
                yaml += subscription(&random, around: month).yaml(indent: "    ")
            }
        }
        return yaml
    }

    /// The ids of the tenants of ``tenantsYAML(_:count:months:)``.
    public static func tenantIDs(count: Int) -> [String] { (0..<count).map { "c\($0)" } }

    /// A subscription around the month index `month`: half the time a first day, a third of the time a last day
    /// (never before the first), each from the month before `month` to the month after it; up to two discounts
    /// starting from two months before `month` to the month after it, for one to three months.
    public static func subscription(_ random: inout SplitMix64, around month: Int) -> GeneratedSubscription {
        var subscription = GeneratedSubscription()
        if random.chance(1, in: 2) { subscription.since = day(&random, around: month) }
        if random.chance(1, in: 3) {
            let until = day(&random, around: month)
            subscription.until = subscription.since.map { until < $0 ? $0 : until } ?? until
        }
        for _ in 0..<random.below(3) {
            let percents = ["100", "50", "20", "12.5", "33.333", "0.01", "99.99", "7"]
            let percent = percents[random.below(percents.count)]
            let from = month - 2 + random.below(4)
            subscription.discounts.append(.init(percent: percent, from: from, months: 1 + random.below(3)))
        }
        return subscription
    }

    /// A day from the month before the month index `month` to the month after it.
    private static func day(_ random: inout SplitMix64, around month: Int) -> GeneratedSubscription.Day {
        let index = month - 1 + random.below(3)
        let year = index / 12
        let number = index - year * 12 + 1
        return GeneratedSubscription.Day(year: year, month: number, day: 1 + random.below(daysInMonth(year: year, month: number)))
    }

    /// The days of a month of the proleptic Gregorian calendar.
    static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
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
            var bound = DecimalText(significand: 0, scale: 0)
            for band in 0..<(1 + random.below(4)) {
                let width = [50, 2_000, 100_000][random.below(3)]
                let step = quantity(&random, gauge: gauge, below: width)
                bound = bound.adding(step.significand == 0 ? DecimalText(significand: 1, scale: 0) : step)
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
        DecimalText(significand: random.below(below), scale: scale).description
    }

    /// A quantity below `below`: whole for a counter, with up to three decimals for a gauge.
    private static func quantity(_ random: inout SplitMix64, gauge: Bool, below: Int) -> DecimalText {
        guard gauge else { return DecimalText(significand: random.below(below), scale: 0) }
        let scale = random.below(4)
        var unit = 1
        for _ in 0..<scale { unit *= 10 }
        return DecimalText(significand: random.below(below) * unit + random.below(unit), scale: scale)
    }
}

/// A subscription of ``PricingPolicyGenerator``, as tenants.yaml writes it: dates, and discounts whose `from` is a
/// month index (`year × 12 + month − 1`).
public struct GeneratedSubscription: Sendable, Equatable {
    /// A calendar day.
    public struct Day: Sendable, Equatable, Comparable, CustomStringConvertible {
        public var year: Int
        public var month: Int
        public var day: Int

        public static func < (lhs: Day, rhs: Day) -> Bool {
            (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
        }

        /// `YYYY-MM-DD`.
        public var description: String { "\(digits(year, 4))-\(digits(month, 2))-\(digits(day, 2))" }
    }

    /// A percentage off for `months` months from the month index `from`.
    public struct Discount: Sendable, Equatable {
        /// In (0, 100], plain decimal notation.
        public var percent: String
        public var from: Int
        public var months: Int
    }

    public var since: Day?
    public var until: Day?
    public var discounts: [Discount] = []

    /// The keys of a tenant in tenants.yaml, each line starting with `indent`.
    public func yaml(indent: String) -> String {
        var text = ""
        if let since { text += "\(indent)since: \(since)\n" }
        if let until { text += "\(indent)until: \(until)\n" }
        if !discounts.isEmpty {
            text += "\(indent)discounts:\n"
            for discount in discounts {
                let month = "\(digits(discount.from / 12, 4))-\(digits(discount.from % 12 + 1, 2))"
                text += "\(indent)  - { percent: \(discount.percent), from: \(month), months: \(discount.months) }\n"
            }
        }
        return text
    }
}

/// `value` in decimal with at least `count` digits (leading zeros).
private func digits(_ value: Int, _ count: Int) -> String {
    let text = String(value)
    return String(repeating: "0", count: max(0, count - text.count)) + text
}

/// A non-negative decimal `significand × 10^-scale`, normalized and written like PolicyModel's `ExactDecimal` (no
/// trailing zeros after the point), so that generated texts do not depend on PolicyModel.
struct DecimalText: CustomStringConvertible {
    private(set) var significand: Int
    private(set) var scale: Int

    init(significand: Int, scale: Int) {
        var significand = significand
        var scale = scale
        while scale > 0, significand % 10 == 0 {
            significand /= 10
            scale -= 1
        }
        self.significand = significand
        self.scale = scale
    }

    /// The sum at the larger of the two scales.
    func adding(_ other: DecimalText) -> DecimalText {
        let scale = max(self.scale, other.scale)
        return DecimalText(significand: significand * power(scale - self.scale) + other.significand * power(scale - other.scale),
                           scale: scale)
    }

    private func power(_ exponent: Int) -> Int {
        var result = 1
        for _ in 0..<exponent { result *= 10 }
        return result
    }

    var description: String {
        var text = String(significand)
        guard scale > 0 else { return text }
        if text.count <= scale { text = String(repeating: "0", count: scale - text.count + 1) + text }
        text.insert(".", at: text.index(text.endIndex, offsetBy: -scale))
        return text
    }
}
