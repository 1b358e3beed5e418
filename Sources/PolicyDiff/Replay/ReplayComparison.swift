public import PolicyModel
public import PolicySimulator
import PolicyRuntime

/// What the same traffic costs and is refused under OLD and under NEW, per tenant and in total; built from the
/// two simulation reports of a ``DiffReplay``.
public struct ReplayComparison: Sendable {
    public struct Month: Sendable, Hashable {
        /// `YYYY-MM`.
        public var month: String
        public var old: ExactDecimal
        public var new: ExactDecimal
        /// `new - old`; nil when the currency changed (``comparable``).
        public var delta: ExactDecimal?
    }

    public struct Tenant: Sendable, Hashable {
        public var tenant: String
        public var tier: String
        public var old429: Int
        public var new429: Int
        public var delta429: Int { new429 - old429 }
        /// The first request NEW refuses with 429 and OLD did not (epoch seconds).
        public var firstNew429: Int64?
        public var oldTotal: ExactDecimal
        public var newTotal: ExactDecimal
        /// `newTotal - oldTotal`; nil when the currency changed (``comparable``).
        public var deltaTotal: ExactDecimal?
        public var months: [Month]
    }

    /// Why totals cannot be compared: an amount beyond the exact range.
    public struct Overflow: Error, CustomStringConvertible {
        public var description: String { "an invoice total is too large to compare exactly" }
    }

    /// By tenant id.
    public var tenants: [Tenant]
    public var oldTotal: ExactDecimal
    public var newTotal: ExactDecimal
    /// `newTotal - oldTotal`; nil when the currency changed (``comparable``).
    public var totalDelta: ExactDecimal?
    /// NEW's currency.
    public var currency: Currency
    /// OLD's currency: OLD's amounts are in it.
    public var oldCurrency: Currency
    /// Whether OLD and NEW bill in the same currency. When they do not, no amount of one is subtracted from
    /// one of the other: a difference of dollars and euros means nothing.
    public var comparable: Bool { oldCurrency.code == currency.code }
    public var oldReport: SimulationReport
    public var newReport: SimulationReport

    public init(old: SimulationReport, new: SimulationReport, firstNew429: [String: Int64]) throws(Overflow) {
        func sum(_ values: [ExactDecimal]) throws(Overflow) -> ExactDecimal {
            var total = ExactDecimal.zero
            for value in values {
                guard let next = ExactDecimal.adding(total, value) else { throw Overflow() }
                total = next
            }
            return total
        }
        let comparable = old.currency.code == new.currency.code
        func minus(_ a: ExactDecimal, _ b: ExactDecimal) throws(Overflow) -> ExactDecimal? {
            guard comparable else { return nil }
            guard let result = ExactDecimal.adding(a, ExactDecimal(significand: -b.significand, scale: b.scale)) else { throw Overflow() }
            return result
        }
        let oldByID = Dictionary(old.tenants.map { ($0.tenant, $0) }, uniquingKeysWith: { first, _ in first })
        var tenants: [Tenant] = []
        for summary in new.tenants {
            let before = oldByID[summary.tenant]
            let oldInvoices = Dictionary((before?.invoices ?? []).map { ($0.month, $0.total) }, uniquingKeysWith: { first, _ in first })
            let newInvoices = Dictionary(summary.invoices.map { ($0.month, $0.total) }, uniquingKeysWith: { first, _ in first })
            var months: [Month] = []
            for month in Set(oldInvoices.keys).union(newInvoices.keys).sorted() {
                let a = oldInvoices[month] ?? .zero
                let b = newInvoices[month] ?? .zero
                months.append(Month(month: month, old: a, new: b, delta: try minus(b, a)))
            }
            let oldTotal = try sum(months.map(\.old))
            let newTotal = try sum(months.map(\.new))
            tenants.append(Tenant(tenant: summary.tenant, tier: summary.tier, old429: before?.status429 ?? 0,
                                  new429: summary.status429, firstNew429: firstNew429[summary.tenant], oldTotal: oldTotal,
                                  newTotal: newTotal, deltaTotal: try minus(newTotal, oldTotal), months: months))
        }
        self.tenants = tenants
        self.oldTotal = try sum(tenants.map(\.oldTotal))
        self.newTotal = try sum(tenants.map(\.newTotal))
        self.totalDelta = try minus(newTotal, oldTotal)
        self.currency = new.currency
        self.oldCurrency = old.currency
        self.oldReport = old
        self.newReport = new
    }

    /// Tenants newly refused first (earliest first new 429 first), then the others by id.
    public var tenantsNewlyRefusedFirst: [Tenant] {
        let refused = tenants.filter { $0.firstNew429 != nil }.sorted { ($0.firstNew429 ?? 0, $0.tenant) < ($1.firstNew429 ?? 0, $1.tenant) }
        return refused + tenants.filter { $0.firstNew429 == nil }
    }

    /// An amount of NEW (or a difference) with NEW's currency's digits.
    public func amount(_ value: ExactDecimal) -> String {
        value.formatted(fractionDigits: currency.minorUnits)
    }

    /// An amount of OLD with OLD's currency's digits.
    public func oldAmount(_ value: ExactDecimal) -> String {
        value.formatted(fractionDigits: oldCurrency.minorUnits)
    }

    /// A signed difference: `+10.00`, `-5.00`, `0.00`; `n/a` when there is none (the currency changed).
    public func signed(_ value: ExactDecimal?) -> String {
        guard let value else { return "n/a" }
        return (value.isNegative || value.isZero ? "" : "+") + amount(value)
    }
}
