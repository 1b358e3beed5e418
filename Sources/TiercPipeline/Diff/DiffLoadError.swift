/// Why `tierc diff` cannot compare (docs/pipeline.md#diff-inputs). The cases after `old` carry OLD as loaded, whose
/// notices and warnings are shown before the error, as they were found first.
public enum DiffLoadError: Error, Sendable, CustomStringConvertible {
    /// OLD does not load (its errors, or a bad snapshot).
    case old(PolicyLoadError)
    /// NEW, or OLD edited by `--set`, does not load; the edits' own problems are diagnostics in the `<--set>` file.
    case new(PolicyLoadError, old: LoadedPolicy)
    /// `--set` was given with a compiled snapshot as NEW: there is no YAML to edit (a usage error).
    case editedSnapshot(file: String, old: LoadedPolicy)

    public var description: String {
        switch self {
        case .old(let error), .new(let error, _):
            error.description
        case .editedSnapshot(let file, _):
            "\(file): --set edits a tiers.yaml, and this is a compiled snapshot; compare it with the edited YAML instead"
        }
    }
}
