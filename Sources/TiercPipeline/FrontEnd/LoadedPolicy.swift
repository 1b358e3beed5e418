public import PolicyCheck
public import PolicyModel
public import PolicySource

/// What the front end made of a policy and its tenants (docs/pipeline.md#the-front-end): the resolved policy, the
/// tenants, the diagnostics to show and the files read. A value: nothing was printed and nothing touched the disk.
public struct LoadedPolicy: Sendable {
    /// The resolved policy (after `extends`), or the policy a snapshot carries.
    public var policy: Policy
    /// The located document of a tiers.yaml (nil for a snapshot).
    public var document: PolicyDocument?
    /// Where each value of a tiers.yaml's policy was written (nil for a snapshot).
    public var provenance: PolicyProvenance?
    /// The tiers.yaml's source (nil for a snapshot, which has no lines to point at).
    public var source: SourceFile?
    /// The policy's name as shown to the user (the path as given).
    public var file: String
    /// The tenants: those of the tenants file checked against this policy, else a snapshot's own; nil when
    /// there are none.
    public var tenants: TenantDirectory?
    /// The tenants file read with the policy, if any (tenants.sql takes the keys' prefixes and labels from it).
    public var tenantsSource: SourceFile?
    /// The snapshot's revision (0 for a tiers.yaml).
    public var revision: UInt64
    /// Whether the policy came from a compiled snapshot rather than YAML text.
    public var isSnapshot: Bool
    /// The checks whose diagnostics (warnings only, since the load succeeded) are to be shown, in order.
    public var checks: [CheckResult]
    /// What is said before the diagnostics, e.g. that a snapshot's signature was not verified.
    public var notices: [LoadNotice]

    public init(policy: Policy, document: PolicyDocument? = nil, provenance: PolicyProvenance? = nil,
                source: SourceFile? = nil, file: String, tenants: TenantDirectory? = nil, tenantsSource: SourceFile? = nil,
                revision: UInt64 = 0, isSnapshot: Bool = false, checks: [CheckResult] = [], notices: [LoadNotice] = []) {
        self.policy = policy
        self.document = document
        self.provenance = provenance
        self.source = source
        self.file = file
        self.tenants = tenants
        self.tenantsSource = tenantsSource
        self.revision = revision
        self.isSnapshot = isSnapshot
        self.checks = checks
        self.notices = notices
    }

    /// Every diagnostic of the load, in the order of ``checks``.
    public var diagnostics: [Diagnostic] { checks.flatMap(\.diagnostics) }

    /// The files read: the tiers.yaml (not a snapshot, which has no lines) and the tenants file.
    public var sources: [SourceFile] { [source, tenantsSource].compactMap { $0 } }
}
