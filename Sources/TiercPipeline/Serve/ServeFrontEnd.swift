public import PolicyModel
public import PolicySource
public import SnapshotCodec

/// `tierc serve`'s loading (docs/pipeline.md#serving-a-policy): a policy and the tenants it decides for, at start
/// and on every reload, over ``PolicyFrontEnd`` (the same signature requirement, the same checks). It reads no file
/// and prints nothing: a failure is a ``ServeLoadError``, whose description is the one line a reload logs.
public struct ServeFrontEnd: Sendable {
    /// The front end every load goes through.
    public var frontEnd: PolicyFrontEnd

    public init(budget: YAMLBudget = .default, signature: SignatureRequirement = .ignore) {
        frontEnd = PolicyFrontEnd(budget: budget, signature: signature)
    }

    /// Whether only a signed snapshot is accepted (`--require-signature`); a tiers.yaml carries no signature.
    public var requiresSignature: Bool {
        if case .require = frontEnd.signature { true } else { false }
    }

    /// How many bytes a reload reads of a policy file, whatever it starts with: the larger budget (a snapshot's)
    /// plus one, so that a tiers.yaml over the YAML budget is reported with its whole size.
    public var reloadReadLimit: Int { max(frontEnd.budget.maxInputBytes, PolicyFrontEnd.maxSnapshotBytes) + 1 }

    /// Refuses a tiers.yaml when a signature is required. ``load(policy:tenants:liveTenants:)`` asks it first; at
    /// start it is asked on its own, before the tenants file is read.
    public func admit(_ policy: SourceFile) throws(ServeLoadError) {
        if requiresSignature, !PolicyFrontEnd.isSnapshot(policy.bytes) { throw .unsignedPolicy(file: policy.name) }
    }

    /// Loads a policy (YAML or snapshot) with an optional tenants file, and picks the tenants it decides for: the
    /// tenants file's (checked against the policy), else `liveTenants`, else a snapshot's own. `liveTenants` are a
    /// `--shadow` candidate's: the live policy's, so that the candidate decides for the same tenants, never for
    /// those a candidate snapshot carries.
    public func load(policy: SourceFile, tenants: SourceFile? = nil,
                     liveTenants: TenantDirectory? = nil) throws(ServeLoadError) -> ServedPolicy {
        try admit(policy)
        let loaded: LoadedPolicy
        do {
            loaded = try frontEnd.load(policy: policy, tenants: tenants)
        } catch {
            throw .rejected(error)
        }
        // With a tenants file, `loaded.tenants` are the file's; without one, a snapshot's own (or none).
        let chosen = tenants != nil ? (loaded.tenants ?? liveTenants) : (liveTenants ?? loaded.tenants)
        guard let chosen else { throw .noTenants(loaded) }
        return ServedPolicy(loaded: loaded, tenants: chosen)
    }
}
