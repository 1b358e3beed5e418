public import PolicyCheck
import PolicyModel
public import PolicySource
public import SnapshotCodec

/// The pipeline's front end (docs/pipeline.md#the-front-end): a policy from YAML text or snapshot bytes, with its
/// tenants file, checked in memory into a ``LoadedPolicy`` or a ``PolicyLoadError``. It reads no file and prints
/// nothing; the caller reads the bytes (``readLimit(prefix:)`` says how many) and shows the diagnostics.
public struct PolicyFrontEnd: Sendable {
    /// The largest snapshot accepted (256 MiB), as `tierc inspect` (docs/cli.md, "Input budgets").
    public static let maxSnapshotBytes = 256 * 1_048_576

    /// The YAML budget of the policy and tenants texts.
    public var budget: YAMLBudget
    /// What is asked of a snapshot's signature (a tiers.yaml has none).
    public var signature: SignatureRequirement

    public init(budget: YAMLBudget = .default, signature: SignatureRequirement = .ignore) {
        self.budget = budget
        self.signature = signature
    }

    /// Whether the bytes are a compiled snapshot (its magic) rather than YAML text.
    public static func isSnapshot(_ bytes: some Collection<UInt8>) -> Bool { Snapshot.hasMagic(bytes) }

    /// How many bytes to read of a policy file that starts with `prefix` (its first ``SnapshotFormat/magic``
    /// count bytes): the snapshot budget for a snapshot, else the YAML budget; one byte more, so that the
    /// budget's check reports a larger file as too large rather than reading it cut short.
    public func readLimit(prefix: some Collection<UInt8>) -> Int {
        (Self.isSnapshot(prefix) ? Self.maxSnapshotBytes : budget.maxInputBytes) + 1
    }

    /// How many bytes to read of a tenants file (YAML only), one more than the budget.
    public var tenantsReadLimit: Int { budget.maxInputBytes + 1 }

    /// Loads a policy, YAML or snapshot (recognised by its magic), with an optional tenants file. A snapshot's
    /// tenants are those of `tenants` checked against its policy, or else its own.
    public func load(policy: SourceFile, tenants: SourceFile? = nil) throws(PolicyLoadError) -> LoadedPolicy {
        if Self.isSnapshot(policy.bytes) { return try loadSnapshot(policy, tenants: tenants) }
        return try loadYAML(policy: policy, tenants: tenants)
    }

    /// Loads a tiers.yaml (never a snapshot: its bytes are read as YAML) with an optional tenants file, as
    /// `tierc check` checks them with `options`.
    public func loadYAML(policy: SourceFile, tenants: SourceFile? = nil,
                         options: CheckOptions = CheckOptions()) throws(PolicyLoadError) -> LoadedPolicy {
        var loaded = try accept(PolicyChecker.check(policy: policy, tenants: tenants, options: options, budget: budget),
                                source: policy)
        loaded.tenantsSource = tenants
        return loaded
    }

    /// The loaded policy of a check already made (e.g. of a tiers.yaml that `tierc diff --set` edited), or its
    /// diagnostics as the error when the policy has errors.
    public func accept(_ result: CheckResult, source: SourceFile) throws(PolicyLoadError) -> LoadedPolicy {
        guard let policy = result.policy else { throw .rejected(result, notices: []) }
        return LoadedPolicy(policy: policy, document: result.document, provenance: result.provenance, source: source,
                            file: source.name, tenants: result.tenants, checks: [result])
    }

    /// Loads a snapshot: size, checksum and signature as ``signature`` asks; then the tenants file, if any,
    /// checked against the snapshot's policy in place of the snapshot's own tenants.
    public func loadSnapshot(_ policy: SourceFile, tenants: SourceFile? = nil) throws(PolicyLoadError) -> LoadedPolicy {
        guard policy.bytes.count <= Self.maxSnapshotBytes else {
            throw .snapshotTooLarge(file: policy.name, limit: Self.maxSnapshotBytes)
        }
        let snapshot: Snapshot
        do {
            snapshot = try Snapshot.load(policy.bytes, signature: signature)
        } catch {
            throw .invalidSnapshot(file: policy.name, error)
        }
        var loaded = LoadedPolicy(policy: snapshot.policy, file: policy.name, tenants: snapshot.tenants,
                                  revision: snapshot.header.revision, isSnapshot: true)
        if snapshot.signature == .notVerified { loaded.notices.append(.unverifiedSignature(file: policy.name)) }
        if let tenants {
            let result = PolicyChecker.check(tenants: tenants, against: snapshot.policy, budget: budget)
            guard result.policy != nil else { throw .rejected(result, notices: loaded.notices) }
            loaded.tenants = result.tenants
            loaded.tenantsSource = tenants
            loaded.checks.append(result)
        }
        return loaded
    }
}
