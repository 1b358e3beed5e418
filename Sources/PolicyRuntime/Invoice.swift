public import PolicyModel

/// One line of a month's invoice (docs/log-format.md#invoices): the tier's base price, or one meter's usage.
public struct InvoiceLine: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable { case base, usage }
    public var kind: Kind
    /// The meter of a usage line.
    public var meter: String?
    /// The usage quantity (nil for the base line).
    public var quantity: ExactDecimal?
    /// Rounded to the currency's minor units.
    public var amount: ExactDecimal

    public init(kind: Kind, meter: String? = nil, quantity: ExactDecimal? = nil, amount: ExactDecimal) {
        self.kind = kind
        self.meter = meter
        self.quantity = quantity
        self.amount = amount
    }
}

/// A tenant's invoice for one UTC month (docs/log-format.md#invoices): the base line, one usage line per meter the
/// tier prices, in the policy's meter order, and their exact sum. The simulator and the server build it here, so
/// they bill alike.
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

    /// The invoice of `tier` for `month` (a month index, `year × 12 + month − 1`). `quantity(meterIndex)` is the
    /// month's usage of each priced meter of `policy.meters`: the allowed cost of a counter, the highest reading of
    /// a gauge (zero without one); nil when a counter saturated, which is refused as too large to bill exactly.
    public static func assemble(policy: Policy, tier: Tier, month: Int64,
                                quantity: (Int) -> ExactDecimal?) throws(AmountError) -> Invoice {
        let minor = policy.currency.minorUnits
        var lines = [InvoiceLine(kind: .base, amount: tier.price.rounded(toScale: minor, rule: policy.rounding))]
        for (meterIndex, meter) in policy.meters.enumerated() {
            guard let price = tier.usagePrices[meter.id] else { continue }
            guard let used = quantity(meterIndex) else { throw .overflow }
            let amount = try price.amount(for: used, minorUnits: minor, rule: policy.rounding)
            lines.append(InvoiceLine(kind: .usage, meter: meter.id, quantity: used, amount: amount))
        }
        var total = ExactDecimal.zero
        for line in lines {
            guard let sum = ExactDecimal.adding(total, line.amount) else { throw .overflow }
            total = sum
        }
        return Invoice(month: UTCCalendar.monthText(month), lines: lines, total: total)
    }
}

extension QuotaState {
    /// A meter's usage in a month as an invoice quantity: the allowed cost of a counter, the highest reading of a
    /// gauge (zero without one); nil when a counter saturated at `Int64.max`.
    public func monthQuantity(tenant: Int, meter: Int, kind: MeterKind, month: Int64) -> ExactDecimal? {
        switch kind {
        case .counter:
            let used = windows[(tenant * meterCount + meter) * 4 + 3].used(inWindowStarting: UTCCalendar.monthStart(month))
            return used < Int64.max ? ExactDecimal(significand: Int128(used), scale: 0) : nil
        case .gauge:
            return gauges[tenant * meterCount + meter].monthlyMaximum[month] ?? .zero
        }
    }
}
