import PolicyCheck
import PolicyDiff
import PolicyModel
public import PolicySource
public import SnapshotCodec

/// `tierc diff`'s front end (docs/pipeline.md#diff-inputs): OLD and NEW from YAML or snapshot bytes, NEW edited by
/// `--set`, checked and compared in memory into a ``LoadedDiff``, or a ``DiffLoadError``; then a replay's tenants
/// checked against NEW. It reads no file and prints nothing.
public struct DiffFrontEnd: Sendable {
    /// The front end that loads each side.
    public var policies: PolicyFrontEnd

    public init(budget: YAMLBudget = .default, signature: SignatureRequirement = .ignore) {
        policies = PolicyFrontEnd(budget: budget, signature: signature)
    }

    /// Loads OLD with its tenants, then NEW (or OLD again, edited by `inputs.edits`) without them, and compares
    /// them. Errors come in that order: OLD's, then NEW's or the edits'.
    public func load(_ inputs: DiffInputs) throws(DiffLoadError) -> LoadedDiff {
        let old: LoadedPolicy
        do { old = try policies.load(policy: inputs.old, tenants: inputs.tenants) } catch { throw .old(error) }
        let newSource = inputs.new ?? inputs.old
        let new: LoadedPolicy
        var sources = [newSource]
        if inputs.edits.isEmpty {
            do { new = try policies.load(policy: newSource) } catch { throw .new(error, old: old) }
        } else {
            guard !PolicyFrontEnd.isSnapshot(newSource.bytes) else { throw .editedSnapshot(file: newSource.name, old: old) }
            let editor = PolicyEditor(arguments: inputs.edits)
            do {
                new = try policies.accept(editor.check(policy: newSource, tenants: nil, budget: policies.budget), source: newSource)
            } catch {
                throw .new(error, old: old)
            }
            sources.append(editor.arguments)
        }
        let report = PolicyDiffReport(old: Self.side(old, tenants: old.tenants), new: Self.side(new), sources: sources)
        return LoadedDiff(old: old, new: new, report: report, tenantsFile: inputs.tenants)
    }

    /// One side of the comparison, as the differ sees it.
    private static func side(_ loaded: LoadedPolicy, tenants: TenantDirectory? = nil) -> DiffSide {
        DiffSide(policy: loaded.policy, document: loaded.document, provenance: loaded.provenance, file: loaded.file,
                 tenants: tenants)
    }

    /// For a replay: NEW's tenants, those of `newTenants` (`--new-tenants`) or else OLD's tenants file, checked
    /// against NEW and set on ``LoadedDiff/new``. Without either file nothing changes. Tenants on tiers NEW lacks
    /// throw ``ReplayTenantsRejected``.
    public func checkReplayTenants(_ newTenants: SourceFile?, of diff: inout LoadedDiff) throws(ReplayTenantsRejected) {
        guard let source = newTenants ?? diff.tenantsFile else { return }
        let result = PolicyChecker.check(tenants: source, against: diff.new.policy, budget: policies.budget)
        guard let tenants = result.tenants else { throw ReplayTenantsRejected(result: result, newFile: diff.new.file) }
        diff.new.tenants = tenants
    }
}
