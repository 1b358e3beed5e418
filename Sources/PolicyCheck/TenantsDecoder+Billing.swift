import PolicySource
import PolicyModel

/// The billing keys of a tenant in tenants.yaml: `since`, `until` and `discounts` (docs/policy-format.md,
/// "tenants.yaml key by key"; docs/simulation.md, fine points 7.29 and 7.31). They change invoices, never decisions.
extension TenantsDecoder {
    /// The keys this file decodes, in documentation order.
    static let billingKeys = ["since", "until", "discounts"]

    /// The tenant's subscription from its fields; nil when one of them is invalid (each problem is reported).
    mutating func decodeSubscription(_ f: [String: YAMLPair], place: String) -> Subscription? {
        var ok = true
        var subscription = Subscription()
        if let pair = f["since"] {
            if let date = date(pair.value, "`since` of \(place)") { subscription.since = date.value } else { ok = false }
        }
        if let pair = f["until"] {
            if let date = date(pair.value, "`until` of \(place)") {
                subscription.until = date.value
                if let since = subscription.since, date.value < since, let sincePair = f["since"] {
                    error(.invalidDate, "`until` \(date.value) of \(place) is before its `since` \(since); the subscription's last day cannot precede its first",
                          at: date.range, notes: [note("`since` is given here", at: sincePair.value.range)])
                    ok = false
                }
            } else {
                ok = false
            }
        }
        if let pair = f["discounts"], !pair.value.isNull, let items = sequence(pair.value, "the `discounts` of \(place)") {
            for (index, item) in items.enumerated() {
                if let discount = decodeDiscount(item, place: "discount \(index + 1) of \(place)") {
                    subscription.discounts.append(discount)
                } else {
                    ok = false
                }
            }
        }
        return ok ? subscription : nil
    }

    /// `{ percent: 20, from: 2025-11, months: 3 }`: percent in (0, 100], `from` a month, `months` ≥ 1.
    private mutating func decodeDiscount(_ node: YAMLNode, place: String) -> Discount? {
        guard let body = mapping(node, place) else { return nil }
        let f = fields(body, allowed: ["percent", "from", "months"], in: place)
        var percent: ExactDecimal?
        if let pair = f["percent"] {
            if let value = quantity(pair.value, "`percent` of \(place)") {
                if value.value.isZero || ExactDecimal(100) < value.value {
                    error(.invalidDiscount, "`percent` of \(place) must be above 0 and at most 100, found `\(value.value)`",
                          at: value.range)
                } else {
                    percent = value.value
                }
            }
        } else {
            missing("percent", in: place, at: node.range, example: "percent: 20")
        }
        var from: Int64?
        if let pair = f["from"] {
            if let text = string(pair.value, "`from` of \(place)") {
                if let month = CalendarDate.monthIndex(text.value) {
                    from = month
                } else {
                    let fix = CalendarDate(text.value).map { CalendarDate.monthText($0.monthIndex) }
                    error(.invalidDate, "`from` of \(place) must be a month `YYYY-MM` like `2025-11`, found `\(text.value)`"
                          + (fix.map { "; write `\($0)`" } ?? ""), at: text.range,
                          fixIts: fix.map { [FixIt("replace with `\($0)`", range: text.range, replacement: $0)] } ?? [])
                }
            }
        } else {
            missing("from", in: place, at: node.range, example: "from: 2025-11")
        }
        var months: Int64?
        if let pair = f["months"] {
            if case .scalar(let text, _) = pair.value.content, case .value(let value) = ScalarSyntax.integer(text), value < 1 {
                error(.invalidDiscount, "`months` of \(place) must be 1 or more, found \(text)", at: pair.value.range)
            } else {
                months = integer(pair.value, "`months` of \(place)", minimum: 1)?.value
            }
        } else {
            missing("months", in: place, at: node.range, example: "months: 3")
        }
        guard let percent, let from, let months else { return nil }
        return Discount(percent: percent, from: from, months: months)
    }

    /// A UTC date `YYYY-MM-DD` that exists (subscription dates, keys' `created` and `revoked`); anything else is
    /// an `invalid-date` error.
    mutating func date(_ node: YAMLNode, _ what: String) -> Located<CalendarDate>? {
        guard let text = string(node, what) else { return nil }
        if let date = CalendarDate(text.value) { return Located(date, text.range) }
        let shaped = text.value.utf8.count == 10 && text.value.utf8.enumerated().allSatisfy { index, byte in
            index == 4 || index == 7 ? byte == UInt8(ascii: "-") : (byte >= 48 && byte <= 57)
        }
        error(.invalidDate, shaped ? "\(what) `\(text.value)` is not a date that exists (years 0001–9999, months 01–12, days of that month)"
              : "\(what) must be a UTC date `YYYY-MM-DD` like `2025-11-15`, found `\(text.value)`", at: text.range)
        return nil
    }
}
