public import PolicyCheck

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
/// `subject` names what changed in the policy's own terms, typed (the locator switches on it); `path` is its one
/// text, e.g. `tiers.starter.limits.api_calls.hour`, which every output shows (docs/diff.md). `old` and `new` are
/// the values as text (`nil` when the thing did not exist on that side).
public struct PolicyChange: Sendable, Hashable {
    /// What changed, e.g. `.tier("starter", .limit(meter: "api_calls", window: .hour))`.
    public var subject: PolicyPath
    /// The tier concerned, or nil for a policy-wide change.
    public var tier: String?
    public var kind: ChangeKind
    public var impact: ChangeImpact
    public var old: String?
    public var new: String?
    /// One line for people; wording may change, `kind` does not.
    public var message: String

    public init(_ subject: PolicyPath, tier: String? = nil, kind: ChangeKind, impact: ChangeImpact,
                old: String?, new: String?, message: String) {
        self.subject = subject
        self.tier = tier
        self.kind = kind
        self.impact = impact
        self.old = old
        self.new = new
        self.message = message
    }

    /// The dotted path, e.g. `tiers.starter.limits.api_calls.hour`: ``PolicyPath/text``.
    public var path: String { subject.text }
}
