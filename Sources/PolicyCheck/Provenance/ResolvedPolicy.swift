public import PolicyModel

/// A resolved policy with the provenance of each of its values (docs/policy-format.md#inheritance-with-extends).
public struct ResolvedPolicy: Sendable {
    public var policy: Policy
    public var provenance: PolicyProvenance

    public init(policy: Policy, provenance: PolicyProvenance) {
        self.policy = policy
        self.provenance = provenance
    }
}
