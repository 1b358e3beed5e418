public import PolicyModel

/// A policy `tierc serve` can decide by (docs/pipeline.md#serving-a-policy): the front end's load, with the
/// tenants chosen for it.
public struct ServedPolicy: Sendable {
    /// The load as the front end made it: its notices and warnings are shown at start, never on a reload.
    public var loaded: LoadedPolicy
    /// The tenants the policy decides for (``ServeFrontEnd/load(policy:tenants:liveTenants:)`` says which).
    public var tenants: TenantDirectory

    public init(loaded: LoadedPolicy, tenants: TenantDirectory) {
        self.loaded = loaded
        self.tenants = tenants
    }

    /// The resolved policy, or a snapshot's.
    public var policy: Policy { loaded.policy }
    /// The snapshot's revision (0 for a tiers.yaml).
    public var revision: UInt64 { loaded.revision }
}
