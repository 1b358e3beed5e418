/// The codes of problems found while reading YAML text, before any policy meaning is attached.
extension DiagnosticCode {
    /// The text is not well-formed YAML (libyaml's scanner or parser rejected it, or an alias names no anchor).
    public static let yamlSyntax: DiagnosticCode = "yaml-syntax"
    /// The bytes are not UTF-8 text, or contain NUL or other control characters.
    public static let invalidEncoding: DiagnosticCode = "invalid-encoding"
    /// A budget of PolicySource's `YAMLBudget` was exceeded: input size, scalar size, nesting depth, aliases or nodes.
    public static let yamlLimit: DiagnosticCode = "yaml-limit"
    /// A YAML feature outside the strict subset: several documents, merge keys, tags, non-scalar keys.
    public static let unsupportedYAML: DiagnosticCode = "unsupported-yaml"
    /// A key appears twice in one mapping.
    public static let duplicateKey: DiagnosticCode = "duplicate-key"
    /// The file holds no YAML document, or an empty one.
    public static let emptyDocument: DiagnosticCode = "empty-document"
}
