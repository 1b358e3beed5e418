import PolicyModel
import PolicyRuntime

extension SimulationReport {
    /// The report of docs/simulation.md#--format-json: keys in the order listed there, amounts with the currency's
    /// digits, quantities in plain decimal, 2-space indentation, a final newline. Same report, same bytes.
    public func json() -> String {
        var text = ""
        try? writeJSON(feed: .materialized(self)) { text += $0 }
        return text
    }

    /// The same bytes as ``json()`` with the invoices of `invoices`, handed to `sink` in pieces as they are
    /// made (docs/simulation.md "Long spans"); stops at the first error `sink` throws.
    public func writeJSON(invoices: InvoiceSchedule, to sink: (String) throws -> Void) throws {
        try writeJSON(feed: .scheduled(invoices, tenantCount: tenants.count), to: sink)
    }

    func writeJSON(feed: InvoiceFeed, to sink: (String) throws -> Void) throws {
        var w = ReportJSONWriter()
        let digits = currency.minorUnits
        w.open("{")
        w.key("policy"); w.string(policy)
        w.key("fingerprint"); w.string(fingerprint)
        w.key("currency"); w.string(currency.code)
        w.key("records"); w.open("{")
        w.key("requests"); w.number(records.requests)
        w.key("gauge_readings"); w.number(records.gaugeReadings)
        w.key("invalid"); w.number(records.invalid)
        w.key("invalid_lines"); w.inlineArray(records.invalidLines.map(String.init))
        w.close("}")
        w.key("status"); w.open("{")
        w.key("200"); w.number(status200)
        w.key("401"); w.number(status401)
        w.key("403"); w.number(status403)
        w.key("429"); w.number(status429)
        w.close("}")
        w.key("anonymous"); w.number(anonymous)
        w.key("tenants"); w.open("[")
        for (index, tenant) in tenants.enumerated() {
            w.element(); w.open("{")
            w.key("tenant"); w.string(tenant.tenant)
            w.key("tier"); w.string(tenant.tier)
            w.key("requests"); w.number(tenant.requests)
            w.key("status"); w.open("{")
            w.key("200"); w.number(tenant.status200)
            w.key("403"); w.number(tenant.status403)
            w.key("429"); w.number(tenant.status429)
            w.close("}")
            w.key("rejected_by_window"); w.open("{")
            for window in Window.allCases {
                guard let count = tenant.rejectedByWindow[window], count > 0 else { continue }
                w.key(window.rawValue); w.number(count)
            }
            w.close("}")
            w.key("first_429")
            if let first = tenant.first429 { w.string(UTCCalendar.rfc3339(first)) } else { w.raw("null") }
            w.key("gauge_over_limit"); w.number(tenant.gaugeOverLimit)
            w.key("invoices"); w.open("[")
            try feed.forEach(index) { invoice in
                try w.drain(into: sink)
                w.element(); w.open("{")
                w.key("month"); w.string(invoice.month)
                w.key("lines"); w.open("[")
                for line in invoice.lines {
                    w.element(); w.open("{", inline: true)
                    w.key("kind"); w.string(line.kind.rawValue)
                    if let meter = line.meter { w.key("meter"); w.string(meter) }
                    if let quantity = line.quantity { w.key("quantity"); w.string(quantity.description) }
                    w.key("amount"); w.string(line.amount.formatted(fractionDigits: digits))
                    w.close("}")
                }
                w.close("]")
                w.key("total"); w.string(invoice.total.formatted(fractionDigits: digits))
                w.close("}")
            }
            w.close("]")
            w.close("}")
        }
        w.close("]")
        w.close("}")
        try sink(w.text + "\n")
    }
}

/// A small pretty-printing JSON writer with fixed key order. Objects marked `inline` print on one line
/// (`{ "kind": "base", "amount": "0.00" }`), like the invoice lines of docs/simulation.md#--format-json. Writes
/// UTF-8 bytes, handed on as text in pieces: appending to a byte array costs a fraction of appending to a String
/// (BENCHMARKS.md, "Quiet measurements at `31ae3bf`").
struct ReportJSONWriter {
    private var bytes: [UInt8] = []
    private var stack: [(first: Bool, inline: Bool)] = []
    private var afterKey = false

    init() {
        bytes.reserveCapacity(Self.pieceBytes + 4096)
    }

    /// The size of the pieces handed to a sink.
    static let pieceBytes = 1 << 16

    /// What is written so far, as text.
    var text: String { String(decoding: bytes, as: UTF8.self) }

    /// Hands what is written so far to `sink` once it reaches 64 KiB (the pending separators and indentation
    /// live in the stack, not in the text, so the bytes are those of one piece).
    mutating func drain(into sink: (String) throws -> Void) throws {
        guard bytes.count >= Self.pieceBytes else { return }
        try sink(text)
        bytes.removeAll(keepingCapacity: true)
    }

    /// A newline and the indentation of each depth, made once (a report has a line per value).
    private static let newlines: [[UInt8]] = (0..<16).map { Array(("\n" + String(repeating: "  ", count: $0)).utf8) }

    /// A newline and the indentation of the current depth.
    private mutating func newline() {
        if stack.count < Self.newlines.count {
            bytes.append(contentsOf: Self.newlines[stack.count])
        } else {
            append("\n" + String(repeating: "  ", count: stack.count))
        }
    }

    private mutating func append(_ text: String) {
        bytes.append(contentsOf: text.utf8)
    }

    private mutating func separate() {
        if afterKey {
            afterKey = false
            return
        }
        guard !stack.isEmpty else { return }
        if stack[stack.count - 1].first { stack[stack.count - 1].first = false } else { bytes.append(UInt8(ascii: ",")) }
        if stack[stack.count - 1].inline { bytes.append(UInt8(ascii: " ")) } else { newline() }
    }

    mutating func open(_ bracket: String, inline: Bool = false) {
        separate()
        append(bracket)
        stack.append((true, inline || (stack.last?.inline ?? false)))
    }

    mutating func close(_ bracket: String) {
        let frame = stack.removeLast()
        if !frame.first {
            if frame.inline { bytes.append(UInt8(ascii: " ")) } else { newline() }
        }
        append(bracket)
    }

    /// Marks the start of an array element (the next value separates itself).
    mutating func element() {}

    mutating func key(_ name: String) {
        separate()
        JSONText.writeString(name, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
        bytes.append(UInt8(ascii: " "))
        afterKey = true
    }

    mutating func string(_ value: String) {
        separate()
        JSONText.writeString(value, to: &bytes)
    }

    mutating func number(_ value: Int) {
        separate()
        append(String(value))
    }

    mutating func raw(_ value: String) {
        separate()
        append(value)
    }

    mutating func inlineArray(_ items: [String]) {
        separate()
        append("[" + items.joined(separator: ", ") + "]")
    }
}
