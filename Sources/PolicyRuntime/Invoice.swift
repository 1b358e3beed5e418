public import PolicyModel

/// One line of a month's invoice (docs/log-format.md#invoices): the tier's base price, one meter's usage, the
/// top-up to the tier's minimum, or a discount (a negative amount).
public struct InvoiceLine: Sendable, Hashable {
    /// The kinds, in the order an invoice lists them.
    public enum Kind: String, Sendable, Hashable { case base, usage, minimum, discount }
    public var kind: Kind
    /// The meter of a usage line.
    public var meter: String?
    /// The usage quantity (nil for the base line).
    public var quantity: ExactDecimal?
    /// Rounded to the currency's minor units; negative for a discount.
    public var amount: ExactDecimal

    public init(kind: Kind, meter: String? = nil, quantity: ExactDecimal? = nil, amount: ExactDecimal) {
        self.kind = kind
        self.meter = meter
        self.quantity = quantity
        self.amount = amount
    }
}

/// A tenant's invoice for one UTC month (docs/log-format.md#invoices, docs/simulation.md, fine points 7.19–7.31):
/// the base line (prorated by the subscription's days), one usage line per meter the tier prices, in the policy's
/// meter order, a `minimum` line when the rounded lines fall short of the tier's minimum, one `discount` line per
/// active discount, and their exact sum. The simulator, the server and the tests against the generated SQL and
/// Swift all build it here, so they bill alike.
public struct Invoice: Sendable, Hashable {
    /// `YYYY-MM`.
    public var month: String
    public var lines: [InvoiceLine]
    public var total: ExactDecimal

    public init(month: String, lines: [InvoiceLine], total: ExactDecimal) {
        self.month = month
        self.lines = lines
        self.total = total
    }

    /// The invoice of `tier` for `month` (a month index, `year × 12 + month − 1`) under `subscription`.
    /// `quantity(meterIndex)` is the month's usage of each priced meter of `policy.meters`: the allowed cost of a
    /// counter, the highest reading of a gauge (zero without one); nil when a counter saturated, which is refused
    /// as too large to bill exactly. Callers invoice only the months that `subscription.covers(_:)`; for another
    /// month the base and minimum prorate to zero.
    public static func assemble(policy: Policy, tier: Tier, month: Int64, subscription: Subscription = .always,
                                quantity: (Int) -> ExactDecimal?) throws(AmountError) -> Invoice {
        let minor = policy.currency.minorUnits
        let rule = policy.rounding
        let (covered, days) = subscription.coveredDays(of: month)
        var lines = [InvoiceLine(kind: .base, amount: try prorated(tier.price, covered, of: days, minor: minor, rule: rule))]
        for (meterIndex, meter) in policy.meters.enumerated() {
            guard let price = tier.usagePrices[meter.id] else { continue }
            guard let used = quantity(meterIndex) else { throw .overflow }
            let amount = try price.amount(for: used, minorUnits: minor, rule: rule)
            lines.append(InvoiceLine(kind: .usage, meter: meter.id, quantity: used, amount: amount))
        }
        // §7.30: the rounded lines so far against the prorated, rounded minimum.
        var subtotal = try sum(lines)
        if let minimum = tier.minimum {
            let floor = try prorated(minimum, covered, of: days, minor: minor, rule: rule)
            if subtotal < floor {
                lines.append(InvoiceLine(kind: .minimum, amount: try difference(floor, subtotal)))
                subtotal = floor
            }
        }
        // §7.31: each active discount takes its percent of the same subtotal, cut to what is left of it.
        var left = subtotal
        for discount in subscription.discounts where discount.isActive(in: month) {
            var amount = try percent(discount.percent, of: subtotal, minor: minor, rule: rule)
            if left < amount { amount = left }
            left = try difference(left, amount)
            lines.append(InvoiceLine(kind: .discount, amount: ExactDecimal(significand: -amount.significand, scale: amount.scale)))
        }
        return Invoice(month: UTCCalendar.monthText(month), lines: lines, total: try sum(lines))
    }

    /// `amount × covered / days`, exact, rounded once to `minor` decimals (§7.29). `amount` has at most `minor`
    /// decimals (a tier price or minimum).
    static func prorated(_ amount: ExactDecimal, _ covered: Int64, of days: Int64, minor: Int,
                         rule: Rounding) throws(AmountError) -> ExactDecimal {
        if covered == days { return amount.rounded(toScale: minor, rule: rule) }
        guard days > 0, let units = amount.rounded(toScale: minor, rule: rule).significand(atScale: minor) else { throw .overflow }
        let (numerator, overflow) = units.multipliedReportingOverflow(by: Int128(covered))
        guard !overflow else { throw .overflow }
        return ExactDecimal(significand: ExactDecimal.divide(numerator, by: Int128(days), rule: rule), scale: minor)
    }

    /// `amount × percent / 100`, exact, rounded once to `minor` decimals (§7.31).
    static func percent(_ percent: ExactDecimal, of amount: ExactDecimal, minor: Int, rule: Rounding) throws(AmountError) -> ExactDecimal {
        guard let units = amount.significand(atScale: max(minor, amount.scale)),
              let denominator = ExactDecimal.powerOfTen(percent.scale + 2 + max(minor, amount.scale) - minor) else { throw .overflow }
        let (numerator, overflow) = units.multipliedReportingOverflow(by: percent.significand)
        guard !overflow else { throw .overflow }
        return ExactDecimal(significand: ExactDecimal.divide(numerator, by: denominator, rule: rule), scale: minor)
    }

    private static func sum(_ lines: [InvoiceLine]) throws(AmountError) -> ExactDecimal {
        var total = ExactDecimal.zero
        for line in lines {
            guard let sum = ExactDecimal.adding(total, line.amount) else { throw .overflow }
            total = sum
        }
        return total
    }

    private static func difference(_ a: ExactDecimal, _ b: ExactDecimal) throws(AmountError) -> ExactDecimal {
        guard let value = ExactDecimal.adding(a, ExactDecimal(significand: -b.significand, scale: b.scale)) else { throw .overflow }
        return value
    }
}

extension QuotaState {
    /// A meter's usage in a month as an invoice quantity: the allowed cost of a counter, the highest reading of a
    /// gauge (zero without one); nil when a counter saturated at `Int64.max`.
    public func monthQuantity(tenant: Int, meter: Int, kind: MeterKind, month: Int64) -> ExactDecimal? {
        switch kind {
        case .counter:
            let counter = windows[Window.slot(.month, inGroup: tenant * meterCount + meter)]
            let used = counter.used(inWindowStarting: UTCCalendar.monthStart(month))
            return used < Int64.max ? ExactDecimal(significand: Int128(used), scale: 0) : nil
        case .gauge:
            return gauges[tenant * meterCount + meter].monthlyMaximum[month] ?? .zero
        }
    }
}
