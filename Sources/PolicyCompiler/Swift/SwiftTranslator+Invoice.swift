/// The invoice procedure of `Policy.swift` (docs/generated-swift.md#invoices): `Tier.invoice(month:usage:subscription:)`
/// and the value types it takes and returns. Its text is the same for every policy; the policy enters only through
/// the generated `Tier.priceMinorUnits`, `Tier.minimumMinorUnits`, `Tier.usagePrice(for:)`, `Meter.allCases`,
/// `PolicyInfo.currencyMinorUnits` and `PolicyInfo.rounding`. It is the procedure of PolicyRuntime's
/// `Invoice.assemble` and `UsagePrice.amount(for:minorUnits:rule:)` (docs/simulation.md, fine points 7.19–7.31),
/// step for step on the same 128-bit exact decimals, so it bills the same lines and refuses the same overflows;
/// SwiftEmitterTests' GeneratedInvoiceTests hold the two together on generated policies.
extension SwiftTranslator {
    func invoiceDeclarations() -> [SwiftDeclaration] {
        Self.invoiceSource.map { text in
            SwiftDeclaration(.source(text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)))
        }
    }

    /// Int128 arrived with Swift 6.0's standard library: on Apple platforms from the 2024 releases.
    static let availability = "@available(macOS 15.0, iOS 18.0, watchOS 11.0, tvOS 18.0, visionOS 2.0, *)"

    /// One text per top-level declaration (the renderer separates them with a blank line).
    static let invoiceSource: [String] = [
        #"""
        /// A tenant's invoice for one month: the lines in order and their total, every amount in minor units of
        /// `PolicyInfo.currencyCode`.
        public struct Invoice: Sendable, Hashable, Codable {
            /// What a line bills, in the order an invoice lists them.
            public enum Kind: String, CaseIterable, Sendable, Hashable, Codable {
                /// The tier's base price, prorated by the days the subscription covers.
                case base
                /// One priced meter's usage.
                case usage
                /// The top-up to the tier's (prorated) minimum.
                case minimum
                /// One active discount, a negative amount.
                case discount
            }

            /// One line of an invoice.
            public struct Line: Sendable, Hashable, Codable {
                public let kind: Kind
                /// The meter of a usage line; nil for the other kinds.
                public let meter: Meter?
                /// The usage quantity of a usage line; nil for the other kinds.
                public let quantity: PolicyDecimal?
                /// Rounded to minor units; negative for a discount.
                public let amountMinorUnits: Int64

                public init(kind: Kind, meter: Meter?, quantity: PolicyDecimal?, amountMinorUnits: Int64) {
                    self.kind = kind
                    self.meter = meter
                    self.quantity = quantity
                    self.amountMinorUnits = amountMinorUnits
                }
            }

            public let month: Month
            public let lines: [Line]
            /// The exact sum of the lines.
            public let totalMinorUnits: Int64

            public init(month: Month, lines: [Line], totalMinorUnits: Int64) {
                self.month = month
                self.lines = lines
                self.totalMinorUnits = totalMinorUnits
            }
        }
        """#,
        #"""
        extension Invoice {
            /// A day of the UTC calendar: a subscription's first or last day (`since` and `until` in tenants.yaml).
            public struct Day: Sendable, Hashable, Codable {
                /// 1 to 9999.
                public let year: Int
                /// 1 to 12.
                public let month: Int
                /// 1 to the month's last day.
                public let day: Int

                public init(year: Int, month: Int, day: Int) {
                    self.year = year
                    self.month = month
                    self.day = day
                }
            }
        }
        """#,
        #"""
        extension Invoice {
            /// A UTC calendar month, the period of one invoice.
            public struct Month: Sendable, Hashable, Codable, CustomStringConvertible {
                /// 1 to 9999.
                public let year: Int
                /// 1 to 12.
                public let month: Int

                public init(year: Int, month: Int) {
                    self.year = year
                    self.month = month
                }

                /// `YYYY-MM`, as in tenants.yaml and the simulator's reports.
                public var description: String {
                    let year = String(self.year)
                    let month = String(self.month)
                    return String(repeating: "0", count: max(0, 4 - year.count)) + year + "-"
                        + String(repeating: "0", count: max(0, 2 - month.count)) + month
                }
            }
        }
        """#,
        #"""
        extension Invoice {
            /// A percentage off a tenant's invoices for `months` months from `from` (`discounts:` in tenants.yaml).
            public struct Discount: Sendable, Hashable, Codable {
                /// More than 0, at most 100.
                public let percent: PolicyDecimal
                /// The first month the discount applies to.
                public let from: Month
                /// How many months it applies to, at least 1.
                public let months: Int

                public init(percent: PolicyDecimal, from: Month, months: Int) {
                    self.percent = percent
                    self.from = from
                    self.months = months
                }
            }
        }
        """#,
        #"""
        extension Invoice {
            /// A tenant's subscription (tenants.yaml): its first and last day, both included and optional, and its discounts
            /// in file order. It changes invoices, never decisions.
            public struct Subscription: Sendable, Hashable, Codable {
                public let since: Day?
                public let until: Day?
                public let discounts: [Discount]

                /// No dates, no discounts: every month is invoiced in full.
                public static let always = Subscription()

                public init(since: Day? = nil, until: Day? = nil, discounts: [Discount] = []) {
                    self.since = since
                    self.until = until
                    self.discounts = discounts
                }
            }
        }
        """#,
        #"""
        extension Invoice {
            /// Why `Tier.invoice(month:usage:subscription:)` gives no invoice.
            public enum Failure: Error, Sendable, Hashable, CustomStringConvertible {
                /// The subscription covers no day of the month: it has no invoice.
                case notSubscribed
                /// An argument is outside its documented range; the text says which and what is allowed.
                case invalidArgument(String)
                /// An exact intermediate value passes 128 bits, or an amount passes `Int64` minor units.
                case tooLarge

                public var description: String {
                    switch self {
                    case .notSubscribed: return "the subscription covers no day of the month, so it has no invoice"
                    case .invalidArgument(let text): return text
                    case .tooLarge: return "the amount is too large to compute exactly"
                    }
                }
            }
        }
        """#,
        #"""
        extension Tier {
            /// The tier's invoice for `month` (docs/simulation.md, fine points 7.19–7.31): the base price prorated by the
            /// subscription's days of the month, one usage line per meter the tier prices (in `Meter.allCases` order; a
            /// meter missing from `usage` used 0), a `minimum` line when those rounded lines fall short of the prorated
            /// minimum, one negative `discount` line per active discount, each taking its percent of that subtotal cut
            /// to what is left of it, and the total. `usage` is the month's allowed cost of a counter and the highest
            /// reading of a gauge. Every amount is exact and rounded once to minor units with `PolicyInfo.rounding`.
            /// Throws `Invoice.Failure`: `notSubscribed` for a month the subscription does not touch,
            /// `invalidArgument` for an impossible date, `since` after `until`, a percent outside (0, 100], `months` < 1,
            /// a negative quantity or a scale outside 0…18, and `tooLarge` where tierc's own invoice refuses too (an
            /// exact value beyond 128 bits, or an amount beyond `Int64` minor units).
            \#(availability)
            public func invoice(month: Invoice.Month, usage: [Meter: PolicyDecimal] = [:],
                                subscription: Invoice.Subscription = .always) throws(Invoice.Failure) -> Invoice {
                try Invoice.Procedure.invoice(tier: self, month: month, usage: usage, subscription: subscription)
            }
        }
        """#,
        amountProcedure(prefix: #"""
        extension Invoice {
            /// The steps of `Tier.invoice(month:usage:subscription:)`, on exact decimals.
            \#(availability)
            enum Procedure {
                static func invoice(tier: Tier, month: Month, usage: [Meter: PolicyDecimal],
                                    subscription: Subscription) throws(Failure) -> Invoice {
                    let minor = PolicyInfo.currencyMinorUnits
                    let rule = PolicyInfo.rounding
                    let index = try monthIndex(month, "month")
                    let (covered, days) = try coveredDays(subscription, index)
                    guard covered > 0 else { throw .notSubscribed }
                    var amounts: [(kind: Kind, meter: Meter?, quantity: PolicyDecimal?, amount: Exact)] = []
                    let base = try prorated(Exact(Int128(tier.priceMinorUnits), scale: minor), covered, days, minor, rule)
                    amounts.append((.base, nil, nil, base))
                    for meter in Meter.allCases {
                        guard let price = tier.usagePrice(for: meter) else { continue }
                        let quantity = usage[meter] ?? PolicyDecimal(0, scale: 0)
                        let exact = try Exact(quantity, "the usage of `\(meter.rawValue)`")
                        guard !exact.isNegative else {
                            throw .invalidArgument("the usage of `\(meter.rawValue)` is \(quantity), it must be 0 or more")
                        }
                        amounts.append((.usage, meter, quantity, try amount(price, exact, minor, rule)))
                    }
                    var subtotal = try sum(amounts.map { $0.amount })
                    if let minimumUnits = tier.minimumMinorUnits {
                        let floor = try prorated(Exact(Int128(minimumUnits), scale: minor), covered, days, minor, rule)
                        if subtotal < floor {
                            amounts.append((.minimum, nil, nil, try Exact.sum(floor, subtotal.negated)))
                            subtotal = floor
                        }
                    }
                    var left = subtotal
                    for discount in subscription.discounts {
                        let percent = try Exact(discount.percent, "a discount's percent")
                        guard !percent.isNegative, !percent.isZero, !(Exact(100, scale: 0) < percent) else {
                            throw .invalidArgument("a discount's percent is \(discount.percent), it must be in (0, 100]")
                        }
                        guard discount.months >= 1 else {
                            throw .invalidArgument("a discount's months is \(discount.months), it must be 1 or more")
                        }
                        let from = try monthIndex(discount.from, "a discount's from")
                        guard index >= from, index - from < Int64(discount.months) else { continue }
                        var cut = try share(percent, of: subtotal, minor, rule)
                        if left < cut { cut = left }
                        left = try Exact.sum(left, cut.negated)
                        amounts.append((.discount, nil, nil, cut.negated))
                    }
                    let total = try sum(amounts.map { $0.amount })
                    var lines: [Line] = []
                    for line in amounts {
                        lines.append(Line(kind: line.kind, meter: line.meter, quantity: line.quantity,
                                                  amountMinorUnits: try minorUnits(line.amount, minor)))
                    }
                    return Invoice(month: month, lines: lines, totalMinorUnits: try minorUnits(total, minor))
                }

                /// `year × 12 + month − 1`, for a year 1…9999 and a month 1…12.
                static func monthIndex(_ month: Month, _ what: String) throws(Failure) -> Int64 {
                    guard (1...9999).contains(month.year), (1...12).contains(month.month) else {
                        throw .invalidArgument("\(what) is \(month.year)-\(month.month): year 1…9999, month 1…12")
                    }
                    return Int64(month.year) * 12 + Int64(month.month) - 1
                }

                static func daysInMonth(_ index: Int64) -> Int64 {
                    let year = index / 12
                    switch index - year * 12 + 1 {
                    case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
                    case 4, 6, 9, 11: return 30
                    default: return 31
                    }
                }

                /// The month index and day of a date that exists.
                static func day(_ date: Day, _ what: String) throws(Failure) -> (month: Int64, day: Int64) {
                    let month = try monthIndex(Month(year: date.year, month: date.month), what)
                    guard date.day >= 1, Int64(date.day) <= daysInMonth(month) else {
                        throw .invalidArgument("\(what) has day \(date.day), which its month does not have")
                    }
                    return (month, Int64(date.day))
                }

                /// The days of the month the subscription covers, and the month's days.
                static func coveredDays(_ subscription: Subscription, _ month: Int64) throws(Failure) -> (Int64, Int64) {
                    let days = daysInMonth(month)
                    var since: (month: Int64, day: Int64)?
                    var until: (month: Int64, day: Int64)?
                    if let date = subscription.since { since = try day(date, "since") }
                    if let date = subscription.until { until = try day(date, "until") }
                    if let since, let until, (since.month, since.day) > (until.month, until.day) {
                        throw .invalidArgument("since is after until; the subscription must start on or before its last day")
                    }
                    var first: Int64 = 1
                    var last = days
                    if let since {
                        if since.month > month { return (0, days) }
                        if since.month == month { first = since.day }
                    }
                    if let until {
                        if until.month < month { return (0, days) }
                        if until.month == month { last = until.day }
                    }
                    return (max(0, last - first + 1), days)
                }

                /// `amount × covered / days`, rounded once to minor units.
                static func prorated(_ amount: Exact, _ covered: Int64, _ days: Int64, _ minor: Int,
                                     _ rule: PolicyInfo.Rounding) throws(Failure) -> Exact {
                    let whole = amount.rounded(toScale: minor, rule)
                    if covered == days { return whole }
                    guard days > 0, let units = whole.significand(atScale: minor) else { throw .tooLarge }
                    let (numerator, overflow) = units.multipliedReportingOverflow(by: Int128(covered))
                    guard !overflow else { throw .tooLarge }
                    return Exact(Exact.divide(numerator, by: Int128(days), rule), scale: minor)
                }

                /// `amount × percent / 100`, rounded once to minor units.
                static func share(_ percent: Exact, of amount: Exact, _ minor: Int,
                                  _ rule: PolicyInfo.Rounding) throws(Failure) -> Exact {
                    let scale = max(minor, amount.scale)
                    guard let units = amount.significand(atScale: scale),
                          let denominator = Exact.powerOfTen(percent.scale + 2 + scale - minor) else { throw .tooLarge }
                    let (numerator, overflow) = units.multipliedReportingOverflow(by: percent.significand)
                    guard !overflow else { throw .tooLarge }
                    return Exact(Exact.divide(numerator, by: denominator, rule), scale: minor)
                }

                /// The usage line's amount: the form prices max(0, quantity − free); pro rata `billed / per × price`;
                /// graduated bands bill their own units; volume bills every unit at the price of the first band whose upper
                /// bound is at least the billed quantity; a package form bills whole packages, a started one in full; band
                /// flat fees are added undivided by `per`; one rounding at the end.
                static func amount(_ price: Tier.UsagePrice, _ used: Exact, _ minor: Int,
                                   _ rule: PolicyInfo.Rounding) throws(Failure) -> Exact {
                    var quantity = used
                    if let free = price.free, free.significand != 0 {
                        let rest = try Exact.sum(used, try Exact(free, "free").negated)
                        quantity = rest.isNegative ? .zero : rest
                    }
                    var total = Exact.zero
                    var flats = Exact.zero
                    var per = Int128(price.per)
                    switch price.scheme {
        """#, suffix: #"""
                    }
                    if !flats.isZero {
                        total = try Exact.sum(total, try Exact.product(flats, Exact(per, scale: 0)))
                    }
                    guard per > 0 else { throw .tooLarge }
                    let shift = total.scale - minor
                    if shift <= 0 {
                        guard let factor = Exact.powerOfTen(-shift) else { throw .tooLarge }
                        let (numerator, overflow) = total.significand.multipliedReportingOverflow(by: factor)
                        guard !overflow else { throw .tooLarge }
                        return Exact(Exact.divide(numerator, by: per, rule), scale: minor)
                    }
                    // total / per with total = q + f, 0 ≤ f < 1: the rounding depends on f only through its class
                    // (0, below ½, ½, above ½), so f becomes 0, ¼, ½ or ¾ and per × 10^scale never has to fit 128 bits.
                    guard let power = Exact.powerOfTen(shift) else { throw .tooLarge }
                    let (quotient, remainder) = total.significand.magnitude.quotientAndRemainder(dividingBy: UInt128(power))
                    let rest = UInt128(power) - remainder
                    let quarter: Int128 = remainder == 0 ? 0 : remainder < rest ? 1 : remainder == rest ? 2 : 3
                    let (scaled, overflow) = Int128(quotient).multipliedReportingOverflow(by: 4)
                    guard !overflow else { throw .tooLarge }
                    let (quarters, overflowPer) = per.multipliedReportingOverflow(by: 4)
                    guard !overflowPer else { throw .tooLarge }
                    let rounded = Exact.divide(scaled + quarter, by: quarters, rule)
                    return Exact(total.isNegative ? -rounded : rounded, scale: minor)
                }

                static func sum(_ amounts: [Exact]) throws(Failure) -> Exact {
                    var total = Exact.zero
                    for amount in amounts { total = try Exact.sum(total, amount) }
                    return total
                }

                static func minorUnits(_ amount: Exact, _ minor: Int) throws(Failure) -> Int64 {
                    guard let units = amount.significand(atScale: minor), let value = Int64(exactly: units) else {
                        throw .tooLarge
                    }
                    return value
                }
            }
        }
        """#),
        #"""
        extension Invoice {
            /// An exact decimal `significand × 10^-scale` on 128 bits, kept without trailing fractional zeros; arithmetic
            /// that would overflow throws `tooLarge` instead of trapping.
            \#(availability)
            struct Exact {
                let significand: Int128
                let scale: Int

                static let zero = Exact(0, scale: 0)

                init(_ significand: Int128, scale: Int) {
                    var digits = significand
                    var places = scale
                    while places > 0, digits % 10 == 0 {
                        digits /= 10
                        places -= 1
                    }
                    self.significand = digits
                    self.scale = places
                }

                /// A policy or argument value; `what` names it in the error for a scale outside 0…18.
                init(_ value: PolicyDecimal, _ what: @autoclosure () -> String) throws(Failure) {
                    guard (0...18).contains(value.scale) else {
                        throw .invalidArgument("\(what()) has scale \(value.scale), it must be 0…18")
                    }
                    self.init(Int128(value.significand), scale: value.scale)
                }

                var isNegative: Bool { significand < 0 }
                var isZero: Bool { significand == 0 }
                var negated: Exact { Exact(-significand, scale: scale) }

                static func powerOfTen(_ n: Int) -> Int128? {
                    guard n >= 0, n <= 38 else { return nil }
                    var result: Int128 = 1
                    for _ in 0..<n { result *= 10 }
                    return result
                }

                /// The significand at `target` (at least `scale`) decimals, or nil on overflow.
                func significand(atScale target: Int) -> Int128? {
                    guard target >= scale, let factor = Self.powerOfTen(target - scale) else { return nil }
                    let (product, overflow) = significand.multipliedReportingOverflow(by: factor)
                    return overflow ? nil : product
                }

                static func < (lhs: Exact, rhs: Exact) -> Bool {
                    let scale = max(lhs.scale, rhs.scale)
                    if let l = lhs.significand(atScale: scale), let r = rhs.significand(atScale: scale) { return l < r }
                    // Only for huge magnitudes: by sign, then integer part, then the fraction's digits.
                    let (ls, rs) = (lhs.significand.signum(), rhs.significand.signum())
                    if ls != rs { return ls < rs }
                    let (li, lf) = lhs.magnitudeParts(scale)
                    let (ri, rf) = rhs.magnitudeParts(scale)
                    if li == ri && lf == rf { return false }
                    let less = li != ri ? li < ri : lf < rf
                    return lhs.significand < 0 ? !less : less
                }

                /// The integer part and the fraction scaled to `common` digits, of the magnitude.
                private func magnitudeParts(_ common: Int) -> (UInt128, UInt128) {
                    let divisor = UInt128(Self.powerOfTen(scale) ?? 1)
                    let fraction = significand.magnitude % divisor
                    // fraction < 10^scale and common ≤ 38, so fraction × 10^(common − scale) < 10^38 fits.
                    return (significand.magnitude / divisor, fraction * UInt128(Self.powerOfTen(common - scale) ?? 1))
                }

                static func sum(_ lhs: Exact, _ rhs: Exact) throws(Failure) -> Exact {
                    let scale = max(lhs.scale, rhs.scale)
                    guard let l = lhs.significand(atScale: scale), let r = rhs.significand(atScale: scale) else {
                        throw .tooLarge
                    }
                    let (value, overflow) = l.addingReportingOverflow(r)
                    guard !overflow else { throw .tooLarge }
                    return Exact(value, scale: scale)
                }

                static func product(_ lhs: Exact, _ rhs: Exact) throws(Failure) -> Exact {
                    let scale = lhs.scale + rhs.scale
                    guard scale <= 38 else { throw .tooLarge }
                    let (value, overflow) = lhs.significand.multipliedReportingOverflow(by: rhs.significand)
                    guard !overflow else { throw .tooLarge }
                    return Exact(value, scale: scale)
                }

                func rounded(toScale target: Int, _ rule: PolicyInfo.Rounding) -> Exact {
                    guard scale > target, let divisor = Self.powerOfTen(scale - target) else { return self }
                    return Exact(Self.divide(significand, by: divisor, rule), scale: target)
                }

                /// `numerator / denominator` (positive) rounded to an integer: ties away from zero or to even by `rule`.
                static func divide(_ numerator: Int128, by denominator: Int128, _ rule: PolicyInfo.Rounding) -> Int128 {
                    var quotient = numerator / denominator
                    let remainder = numerator % denominator
                    guard remainder != 0 else { return quotient }
                    let twice = remainder.magnitude * 2
                    let up: Bool
                    if twice > denominator.magnitude {
                        up = true
                    } else if twice < denominator.magnitude {
                        up = false
                    } else {
                        up = rule == .halfUp || quotient % 2 != 0
                    }
                    if up { quotient += numerator < 0 ? -1 : 1 }
                    return quotient
                }
            }
        }
        """#,
    ]
}
