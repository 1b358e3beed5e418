import PolicyModel
import PolicySource
import TiercPipeline
import TiercServer

/// `tierc serve`'s loading at start (docs/pipeline.md#serving-a-policy): the files read here, loaded by
/// ``ServeFrontEnd`` and shown as every command shows a load.
extension Serve {
    /// `--shadow CANDIDATE`: loaded and checked exactly like the policy (diagnostics on standard error, the same
    /// signature requirement), for the same tenants: the --tenants file checked against the candidate, or
    /// without one the live policy's own tenants. Reloads load it again the same way (docs/serve.md).
    func candidate(_ path: String, tenants: SourceFile?, live: TenantDirectory, frontEnd: ServeFrontEnd) throws -> ShadowSetup {
        let source = try PolicyInput.read(path, budget: frontEnd.frontEnd.budget)
        try Self.admit(source, frontEnd)
        let loaded = try Self.show { () throws(ServeLoadError) in
            try frontEnd.load(policy: source, tenants: tenants, liveTenants: live)
        }
        let loader = ServeLoader(policyPath: path, tenantsPath: self.tenants, frontEnd: frontEnd)
        return ShadowSetup(candidate: LoadedServePolicy(loaded), reload: { loader.load(liveTenants: $0) })
    }

    /// Refuses a tiers.yaml under `--require-signature` (status 1), before the tenants file is read.
    static func admit(_ source: SourceFile, _ frontEnd: ServeFrontEnd) throws {
        do throws(ServeLoadError) {
            try frontEnd.admit(source)
        } catch {
            Terminal.reportError(error.description)
            throw ExitStatus.inputHasErrors
        }
    }

    /// A load at start, shown as every command shows one (notices and diagnostics on standard error,
    /// docs/pipeline.md#the-front-end); a failure ends the command: 1, or 64 when no tenants were given.
    static func show(_ load: () throws(ServeLoadError) -> ServedPolicy) throws -> ServedPolicy {
        do throws(ServeLoadError) {
            let served = try load()
            PolicyInput.show(served.loaded)
            return served
        } catch {
            switch error {
            case .unsignedPolicy:
                Terminal.reportError(error.description)
                throw ExitStatus.inputHasErrors
            case .rejected(let rejected):
                try PolicyInput.show(rejected)
            case .noTenants(let loaded):
                PolicyInput.show(loaded)
                Terminal.reportError(loaded.isSnapshot
                    ? "\(loaded.file): this snapshot was compiled without tenants; give them with --tenants <file>"
                    : "missing --tenants <file>: a tiers.yaml policy needs a tenants file (a snapshot compiled with --tenants carries its own)")
                throw ExitStatus.usage
            }
        }
    }
}
