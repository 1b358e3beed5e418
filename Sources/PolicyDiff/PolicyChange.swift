/// What a change does to an existing customer (docs/diff.md "Impact").
public enum ChangeImpact: String, Sendable, Hashable, CaseIterable, Comparable {
    /// It takes something from an existing customer: a higher price, a lower limit, a withdrawn feature, a
    /// removed tier, a stricter identification.
    case breaking
    /// It gives, or takes nothing.
    case safe
    /// Names and descriptions: nothing a request or an invoice can see.
    case cosmetic

    private var rank: Int {
        switch self {
        case .breaking: 2
        case .safe: 1
        case .cosmetic: 0
        }
    }

    public static func < (lhs: ChangeImpact, rhs: ChangeImpact) -> Bool { lhs.rank < rhs.rank }
}

/// One semantic difference between two resolved policies.
///
/// `path` names what changed in the policy's own terms, e.g. `tiers.starter.limits.api_calls.hour`; its
/// components are kept for the locator. `old` and `new` are the values as text (`nil` when the thing did not
/// exist on that side).
public struct PolicyChange: Sendable, Hashable {
    /// The components of the path, e.g. `["tiers", "starter", "limits", "api_calls", "hour"]`.
    public var components: [String]
    /// The tier concerned, or nil for a policy-wide change.
    public var tier: String?
    public var kind: ChangeKind
    public var impact: ChangeImpact
    public var old: String?
    public var new: String?
    /// One line for people; wording may change, `kind` does not.
    public var message: String

    public init(_ components: [String], tier: String? = nil, kind: ChangeKind, impact: ChangeImpact,
                old: String?, new: String?, message: String) {
        self.components = components
        self.tier = tier
        self.kind = kind
        self.impact = impact
        self.old = old
        self.new = new
        self.message = message
    }

    /// The dotted path, e.g. `tiers.starter.limits.api_calls.hour`.
    public var path: String { components.joined(separator: ".") }
}
