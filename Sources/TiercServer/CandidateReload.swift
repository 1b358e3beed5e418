internal import PolicyModel

/// How a reload puts a new `--shadow` candidate in force (docs/serve.md, "Shadow policy"): its file loaded and
/// verified again for the reloaded live tenants, then swapped into the ``ShadowPolicy``.
struct CandidateReload: Sendable {
    let shadow: ShadowPolicy
    let load: @Sendable (TenantDirectory) -> Result<LoadedServePolicy, ReloadFailure>
}
