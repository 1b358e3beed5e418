import PolicyCheck
import PolicyModel
import PolicyRuntime
import PolicySource

/// Reads the policy a command works on: a tiers.yaml (checked, its diagnostics printed as `check` prints them,
/// on standard error) or a snapshot written by `tierc compile` (recognised by its magic bytes, verified), and
/// the tenants: a tenants.yaml checked against that policy, or the snapshot's own tenants section.
struct PolicyLoader {
    /// The policy, and the tenants when a tenants file was given or the snapshot carries them.
    struct Loaded {
        var policy: Policy
        var tenants: TenantDirectory?
        /// The snapshot the policy came from, if it did.
        var snapshot: Snapshot?
    }

    var budget: YAMLBudget = .default
    /// Verifies snapshots' signatures (`--public-key`, `--require-signature`); YAML policies ignore it.
    var signature: SignatureRequirement = .ignore

    /// Loads `policyPath` and, when given, `tenantsPath`. Throws an exit status after reporting why.
    func load(policy policyPath: String, tenants tenantsPath: String?) throws -> Loaded {
        let limit = max(budget.maxInputBytes, Inspect.maxSnapshotBytes) + 1
        let policyFile: SourceFile
        do {
            policyFile = try InputFile.read(policyPath, limit: limit)
        } catch {
            Terminal.reportError(error.description)
            throw ExitStatus.unreadableInput
        }
        guard Snapshot.hasMagic(policyFile.bytes) else {
            let tenantsFile = try tenantsPath.map { try read($0) }
            let result = PolicyChecker.check(policy: policyFile, tenants: tenantsFile, budget: budget)
            report(result)
            guard let policy = result.policy, result.tenants != nil || tenantsPath == nil else {
                throw ExitStatus.inputHasErrors
            }
            return Loaded(policy: policy, tenants: result.tenants)
        }

        guard policyFile.bytes.count <= Inspect.maxSnapshotBytes else {
            Terminal.reportError("\(policyFile.name): larger than \(Inspect.maxSnapshotBytes / 1_048_576) MiB, not a snapshot tierc wrote")
            throw ExitStatus.inputHasErrors
        }
        let snapshot: Snapshot
        do {
            snapshot = try Snapshot.load(policyFile.bytes, signature: signature)
        } catch {
            Terminal.reportError("\(policyFile.name): \(SnapshotReport.safe(error.description))")
            throw ExitStatus.inputHasErrors
        }
        guard let tenantsPath else { return Loaded(policy: snapshot.policy, tenants: snapshot.tenants, snapshot: snapshot) }
        let result = PolicyChecker.check(tenants: try read(tenantsPath), against: snapshot.policy, budget: budget)
        report(result)
        guard let tenants = result.tenants else { throw ExitStatus.inputHasErrors }
        return Loaded(policy: snapshot.policy, tenants: tenants, snapshot: snapshot)
    }

    private func read(_ path: String) throws -> SourceFile {
        do {
            return try InputFile.read(path, limit: budget.maxInputBytes + 1)
        } catch {
            Terminal.reportError(error.description)
            throw ExitStatus.unreadableInput
        }
    }

    private func report(_ result: CheckResult) {
        if !result.diagnostics.isEmpty {
            Terminal.writeStderr(HumanRenderer(colors: Terminal.stderrSupportsColor()).render(result))
        }
    }
}
