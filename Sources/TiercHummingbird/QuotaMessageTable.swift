internal import PolicyModel

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
