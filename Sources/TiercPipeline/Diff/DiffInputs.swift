public import PolicySource

/// What `tierc diff` compares, as bytes the caller read (docs/pipeline.md#diff-inputs): OLD, NEW (or nothing: a
/// copy of OLD), the `--set` edits of NEW and OLD's tenants file. A value: nothing here touches the disk.
public struct DiffInputs: Sendable {
    /// OLD: a tiers.yaml or a compiled snapshot.
    public var old: SourceFile
    /// NEW: a tiers.yaml or a snapshot; nil compares OLD with itself edited (`--set`) or with other tenants.
    public var new: SourceFile?
    /// The `--set PATH=VALUE` arguments, applied to NEW's YAML (docs/diff.md "Editing with --set").
    public var edits: [String]
    /// OLD's tenants file (`--tenants`), checked against OLD.
    public var tenants: SourceFile?

    public init(old: SourceFile, new: SourceFile? = nil, edits: [String] = [], tenants: SourceFile? = nil) {
        self.old = old
        self.new = new
        self.edits = edits
        self.tenants = tenants
    }
}
