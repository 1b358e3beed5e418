public import PolicySource

/// Where a resolved value was written: its range in the policy file and the tier that wrote it (nil for a
/// policy-wide value such as a top-level usage price). See docs/policy-format.md#inheritance-with-extends.
public struct ValueOrigin: Sendable, Hashable {
    public var range: SourceRange
    public var tier: String?

    public init(range: SourceRange, tier: String?) {
        self.range = range
        self.tier = tier
    }
}
