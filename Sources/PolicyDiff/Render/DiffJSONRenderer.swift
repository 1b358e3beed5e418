public import PolicyCheck

/// The diff as one JSON object, keys in exactly this order (docs/diff.md):
///
/// ```json
/// {"changes": [{"path", "tier", "kind", "impact", "old", "new", "message"}], "breaking": N, "safe": N, "cosmetic": N}
/// ```
///
/// `tier`, `old` and `new` are strings or null. Pretty-printed, two-space indentation, a final newline.
public struct DiffJSONRenderer: Sendable {
    public init() {}

    public func render(_ report: PolicyDiffReport, extra: [(key: String, value: JSONValue)] = []) -> String {
        value(report, extra: extra).serialized() + "\n"
    }

    /// The report as a value; `extra` keys (the replay) follow the counts.
    public func value(_ report: PolicyDiffReport, extra: [(key: String, value: JSONValue)] = []) -> JSONValue {
        .object([
            ("changes", .array(report.changes.map(value(of:)))),
            ("breaking", .int(report.count(.breaking))),
            ("safe", .int(report.count(.safe))),
            ("cosmetic", .int(report.count(.cosmetic))),
        ] + extra)
    }

    func value(of change: PolicyChange) -> JSONValue {
        func optional(_ text: String?) -> JSONValue { text.map(JSONValue.string) ?? .null }
        return .object([
            ("path", .string(change.path)),
            ("tier", optional(change.tier)),
            ("kind", .string(change.kind.rawValue)),
            ("impact", .string(change.impact.rawValue)),
            ("old", optional(change.old)),
            ("new", optional(change.new)),
            ("message", .string(change.message)),
        ])
    }
}
