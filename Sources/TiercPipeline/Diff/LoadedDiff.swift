public import PolicyDiff
public import PolicySource

/// Both policies of `tierc diff`, loaded and compared (docs/pipeline.md#diff-inputs): each side as the front end
/// loaded it (its notices and warnings to show, OLD's first), and the report of the changes, located in NEW's
/// file or in the `--set` arguments.
public struct LoadedDiff: Sendable {
    /// OLD, with the tenants of the `--tenants` file.
    public var old: LoadedPolicy
    /// NEW (or OLD edited by `--set`), without tenants: OLD's tenants on a renamed or removed tier are a finding
    /// of the diff, not an error. ``DiffFrontEnd/checkReplayTenants(_:of:)`` gives it tenants for a replay.
    public var new: LoadedPolicy
    /// The changes from OLD to NEW.
    public var report: PolicyDiffReport
    /// OLD's tenants file, if any: NEW's tenants for a replay unless `--new-tenants` names others.
    public var tenantsFile: SourceFile?

    public init(old: LoadedPolicy, new: LoadedPolicy, report: PolicyDiffReport, tenantsFile: SourceFile? = nil) {
        self.old = old
        self.new = new
        self.report = report
        self.tenantsFile = tenantsFile
    }
}
