/// A percentage off a tenant's invoices for some months (docs/policy-format.md#tenantsyaml-key-by-key,
/// docs/simulation.md, fine point 7.31): active in months `from` … `from + months − 1`.
public struct Discount: Sendable, Hashable, Codable {
    /// In (0, 100], exact.
    public var percent: ExactDecimal
    /// The first month, as a month index (`year × 12 + month − 1`).
    public var from: Int64
    /// How many months, at least 1.
    public var months: Int64

    public init(percent: ExactDecimal, from: Int64, months: Int64) {
        self.percent = percent
        self.from = from
        self.months = months
    }

    /// Whether the discount applies to the month index `month`.
    public func isActive(in month: Int64) -> Bool {
        month >= from && month - from < months
    }
}

/// A tenant's billing data from tenants.yaml: the subscription's first and last day (inclusive, UTC) and its
/// discounts in file order. It changes invoices, never decisions (docs/simulation.md, fine points 7.29–7.31).
public struct Subscription: Sendable, Hashable, Codable {
    public var since: CalendarDate?
    public var until: CalendarDate?
    public var discounts: [Discount]

    /// No dates, no discounts: every month is invoiced in full.
    public static let always = Subscription()

    public init(since: CalendarDate? = nil, until: CalendarDate? = nil, discounts: [Discount] = []) {
        self.since = since
        self.until = until
        self.discounts = discounts
    }

    /// The days of the month index `month` that the subscription covers, and the month's days: (D, D) for a
    /// month covered in full, (0, D) for a month outside it.
    public func coveredDays(of month: Int64) -> (covered: Int64, days: Int64) {
        let days = CalendarDate.daysInMonth(index: month)
        var first: Int64 = 1
        var last = days
        if let since {
            if since.monthIndex > month { return (0, days) }
            if since.monthIndex == month { first = since.day }
        }
        if let until {
            if until.monthIndex < month { return (0, days) }
            if until.monthIndex == month { last = until.day }
        }
        return (max(0, last - first + 1), days)
    }

    /// Whether the month index `month` gets an invoice: the subscription covers at least one of its days.
    public func covers(_ month: Int64) -> Bool { coveredDays(of: month).covered > 0 }
}
