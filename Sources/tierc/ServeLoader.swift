import PolicyCheck
import PolicyModel
import PolicyRuntime
import PolicySource
import TiercServer

/// Loads `tierc serve`'s files again for a reload, quietly: the policy and tenants exactly as at start (a
/// snapshot verified with the same signature requirement, or a tiers.yaml checked), or one line saying why not.
/// At start the command prints full diagnostics instead (``PolicyInput``).
struct ServeLoader: Sendable {
    var policyPath: String
    var tenantsPath: String?
    var signature: SignatureRequirement
    var requireSignature: Bool

    /// `liveTenants`: for a `--shadow` candidate, the live policy's tenants, used when no `--tenants` file is
    /// given (the candidate decides for the same tenants, never for the ones a candidate snapshot carries).
    func load(liveTenants: TenantDirectory? = nil) -> Result<LoadedServePolicy, ReloadFailure> {
        let budget = YAMLBudget.default
        let source: SourceFile
        var tenants: SourceFile?
        do throws(UnreadableInput) {
            source = try InputFile.read(policyPath, limit: max(budget.maxInputBytes, Inspect.maxSnapshotBytes) + 1)
            if let tenantsPath { tenants = try InputFile.read(tenantsPath, limit: budget.maxInputBytes + 1) }
        } catch {
            return .failure(ReloadFailure(reason: error.description))
        }
        if Snapshot.hasMagic(source.bytes) {
            let snapshot: Snapshot
            do {
                snapshot = try Snapshot.load(source.bytes, signature: signature)
            } catch {
                return .failure(ReloadFailure(reason: "\(source.name): \(SnapshotReport.safe(error.description))"))
            }
            var directory = liveTenants ?? snapshot.tenants
            if let tenants {
                let result = PolicyChecker.check(tenants: tenants, against: snapshot.policy, budget: budget)
                guard !result.hasErrors, let checked = result.tenants else { return .failure(Self.failure(result, tenants.name)) }
                directory = checked
            }
            guard let directory else {
                return .failure(ReloadFailure(reason: "\(source.name): compiled without tenants and no --tenants given"))
            }
            return .success(LoadedServePolicy(policy: snapshot.policy, tenants: directory, revision: snapshot.header.revision))
        }
        if requireSignature {
            return .failure(ReloadFailure(reason: "\(source.name): --require-signature needs a signed snapshot; a tiers.yaml carries no signature"))
        }
        let result = PolicyChecker.check(policy: source, tenants: tenants, budget: budget)
        guard !result.hasErrors, let policy = result.policy, let directory = result.tenants ?? liveTenants else {
            return .failure(Self.failure(result, source.name))
        }
        return .success(LoadedServePolicy(policy: policy, tenants: directory, revision: 0))
    }

    /// `tiers.yaml:55:5: unknown-key: … (and 1 more error)`.
    static func failure(_ result: CheckResult, _ file: String) -> ReloadFailure {
        guard let first = result.diagnostics.first(where: { $0.severity == .error }) else {
            return ReloadFailure(reason: "\(file): not a valid input")
        }
        let more = result.errorCount - 1
        let suffix = more > 0 ? " (and \(more) more error\(more == 1 ? "" : "s"))" : ""
        return ReloadFailure(reason: SnapshotReport.safe("\(first.file):\(first.range.start.line):\(first.range.start.column): \(first.code): \(first.message)\(suffix)"))
    }
}
