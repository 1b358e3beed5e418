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

    /// Loads OLD with its tenants and NEW (or OLD again, edited by `inputs.edits`) without them, side by side on two
    /// threads (each is a function of its own bytes; docs/pipeline.md#diff-inputs), and compares them. Errors come
    /// in the same order as if they were loaded one after the other: OLD's, then NEW's or the edits'. The gain is a
    /// few milliseconds of a `diff --replay` (the smaller of the two checks), not measured apart.
    public func load(_ inputs: DiffInputs) throws(DiffLoadError) -> LoadedDiff {
        let policies = policies
        let (oldResult, newResult) = ParallelWork.run(
            { () -> Result<LoadedPolicy, PolicyLoadError> in
                do throws(PolicyLoadError) {
                    return .success(try policies.load(policy: inputs.old, tenants: inputs.tenants))
                } catch {
                    return .failure(error)
                }
            },
            { Self.loadNew(inputs, policies: policies) })
        let old: LoadedPolicy
        switch oldResult {
        case .success(let loaded): old = loaded
        case .failure(let error): throw .old(error)
        }
        let new: LoadedPolicy
        let sources: [SourceFile]
        switch newResult {
        case .loaded(let loaded, let newSources): (new, sources) = (loaded, newSources)
        case .failed(let error): throw .new(error, old: old)
        case .editedSnapshot(let file): throw .editedSnapshot(file: file, old: old)
        }
        let report = PolicyDiffReport(old: Self.side(old, tenants: old.tenants), new: Self.side(new), sources: sources)
        return LoadedDiff(old: old, new: new, report: report, tenantsFile: inputs.tenants)
    }

    /// What loading NEW gave, before OLD is known.
    private enum NewSide: Sendable {
        /// NEW and the sources the report names: NEW's file, and the `--set` arguments when there are edits.
        case loaded(LoadedPolicy, sources: [SourceFile])
        case failed(PolicyLoadError)
        /// `--set` with a snapshot as NEW (the file's name).
        case editedSnapshot(String)
    }

    /// NEW, or OLD edited by `inputs.edits`, without tenants.
    private static func loadNew(_ inputs: DiffInputs, policies: PolicyFrontEnd) -> NewSide {
        let newSource = inputs.new ?? inputs.old
        if inputs.edits.isEmpty {
            do { return .loaded(try policies.load(policy: newSource), sources: [newSource]) } catch { return .failed(error) }
        }
        guard !PolicyFrontEnd.isSnapshot(newSource.bytes) else { return .editedSnapshot(newSource.name) }
        let editor = PolicyEditor(arguments: inputs.edits)
        do {
            let new = try policies.accept(editor.check(policy: newSource, tenants: nil, budget: policies.budget), source: newSource)
            return .loaded(new, sources: [newSource, editor.arguments])
        } catch {
            return .failed(error)
        }
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
