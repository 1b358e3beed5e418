internal import NIOCore
internal import PolicyModel
internal import PolicyRuntime

/// The parts of a 429's `message` (``QuotaMessage``, docs/serve.md, "Refusals") that depend only on the policy,
/// written once when a policy is loaded (``ActivePolicy``) instead of on every 429: `<Quota type> <meter> limit
/// exceeded (` per meter and window, and each meter's unit in the singular and the plural. The message of a
/// refusal is then those parts and its limit, the same text as ``QuotaMessage/text(window:limit:meter:)``.
struct QuotaMessageTable: Sendable {
    /// `Hourly API call limit exceeded (` by `Window.slot(window, inGroup: meter)`.
    private let prefixes: [String]
    /// ` call/hour)` (a limit of 1) and ` calls/hour)` by the same slot.
    private let singularEnds: [String]
    private let pluralEnds: [String]
    /// The plain 429 body (docs/log-format.md#what-a-runtime-sends) up to the limit in its message,
    /// `{"error":"Quota exceeded","message":"Hourly API call limit exceeded (`, by the same slot; and from after
    /// that limit up to the `limit` value, ` calls/hour)","quota_type":"hourly","limit":`, in the singular and the
    /// plural. The message's parts are JSON-escaped as ``JSONObjectWriter`` escapes the whole message (an escape
    /// never spans the limit's digits).
    private let bodyStarts: [String]
    private let bodySingularEnds: [String]
    private let bodyPluralEnds: [String]

    init(policy: Policy) {
        var prefixes: [String] = []
        var singularEnds: [String] = []
        var pluralEnds: [String] = []
        for meter in policy.meters {
            let unit = meter.unit ?? "unit"
            for window in Window.allCases {
                prefixes.append("\(QuotaMessage.quotaType(window)) \(QuotaMessage.name(of: meter.id)) limit exceeded (")
                singularEnds.append(" \(unit)/\(window.rawValue))")
                pluralEnds.append(" \(unit)s/\(window.rawValue))")
            }
        }
        self.prefixes = prefixes
        self.singularEnds = singularEnds
        self.pluralEnds = pluralEnds
        bodyStarts = prefixes.map { #"{"error":"Quota exceeded","message":"# + "\"" + Self.escaped($0) }
        let quotaTypes = prefixes.indices.map { #"","quota_type":""# + Window(slot: $0 % Window.slotCount).quotaType + #"","limit":"# }
        bodySingularEnds = singularEnds.indices.map { Self.escaped(singularEnds[$0]) + quotaTypes[$0] }
        bodyPluralEnds = pluralEnds.indices.map { Self.escaped(pluralEnds[$0]) + quotaTypes[$0] }
    }

    /// `text` JSON-escaped as inside a quoted string (without the quotes).
    private static func escaped(_ text: String) -> String {
        var quoted = ""
        JSONObjectWriter.writeString(text, to: &quoted)
        return String(quoted.dropFirst().dropLast())
    }

    /// The plain JSON body of the 429 of `refusal` by meter `meter`: the bytes of
    /// ``RefusalResponse/quotaExceeded(_:meter:rules:fields:problem:)`` without `problem`.
    func body(_ refusal: QuotaExceeded, meter: Int) -> ByteBuffer {
        let slot = Window.slot(refusal.window, inGroup: meter)
        let start = bodyStarts[slot]
        var buffer = ByteBuffer()
        buffer.reserveCapacity(start.utf8.count + 128)
        buffer.writeString(start)
        DecimalBytes.write(refusal.limit, to: &buffer)
        buffer.writeString(refusal.limit == 1 ? bodySingularEnds[slot] : bodyPluralEnds[slot])
        DecimalBytes.write(refusal.limit, to: &buffer)
        buffer.writeStaticString(#","current":"#)
        DecimalBytes.write(refusal.used, to: &buffer)
        buffer.writeStaticString(#","reset_at":""#)
        RFC3339Bytes.write(refusal.resetAt, to: &buffer)
        buffer.writeStaticString(#""}"#)
        return buffer
    }

    /// The message of a refusal by `window` of meter `meter` with `limit`.
    func text(window: Window, limit: Int64, meter: Int) -> String {
        let slot = Window.slot(window, inGroup: meter)
        var text = prefixes[slot]
        text += String(limit)
        text += limit == 1 ? singularEnds[slot] : pluralEnds[slot]
        return text
    }
}
