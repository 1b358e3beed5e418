import PolicyModel
import PolicySource
import TiercPipeline
import TiercServer

/// Loads `tierc serve`'s files again for a reload, quietly (docs/serve.md#reload): reads the policy and tenants
/// files and hands the bytes to ``ServeFrontEnd``, which loads them exactly as at start; a failure is its one line
/// (an unreadable file: `cannot read '…': …`). At start the command shows full diagnostics instead.
struct ServeLoader: Sendable {
    var policyPath: String
    var tenantsPath: String?
    var frontEnd: ServeFrontEnd

    /// `liveTenants`: for a `--shadow` candidate, the live policy's tenants, used when no `--tenants` file is
    /// given (the candidate decides for the same tenants, never for the ones a candidate snapshot carries).
    func load(liveTenants: TenantDirectory? = nil) -> Result<LoadedServePolicy, ReloadFailure> {
        let policy: SourceFile
        var tenants: SourceFile?
        do throws(UnreadableInput) {
            policy = try InputFile.read(policyPath, limit: frontEnd.reloadReadLimit)
            if let tenantsPath { tenants = try InputFile.read(tenantsPath, limit: frontEnd.frontEnd.tenantsReadLimit) }
        } catch {
            return .failure(ReloadFailure(reason: error.description))
        }
        do throws(ServeLoadError) {
            return .success(LoadedServePolicy(try frontEnd.load(policy: policy, tenants: tenants, liveTenants: liveTenants)))
        } catch {
            return .failure(ReloadFailure(reason: error.description))
        }
    }
}
