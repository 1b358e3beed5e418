internal import CYAML

/// Reads YAML text into a ``YAMLNode`` tree through libyaml's event API, enforcing the strict subset and the
/// budgets of ``YAMLBudget``. Never throws, never traps: every problem becomes a located ``Diagnostic``.
public enum YAMLReader {
    public static func read(_ source: SourceFile, budget: YAMLBudget = .default) -> YAMLDocument {
        // Placeholder until the event-based reader lands.
        YAMLDocument(source: source, root: nil, diagnostics: [])
    }
}
