/// Limits that make hostile input harmless. Each is checked while parsing, before the cost is paid.
public struct YAMLBudget: Sendable, Hashable {
    /// Largest accepted input, in bytes.
    public var maxInputBytes: Int = 16 * 1024 * 1024
    /// Largest accepted scalar, in bytes.
    public var maxScalarBytes: Int = 1024 * 1024
    /// Deepest accepted nesting of collections.
    public var maxDepth: Int = 64
    /// Most aliases (`*name`) in one document.
    public var maxAliases: Int = 1_000
    /// Most nodes in the document after alias expansion.
    public var maxNodes: Int = 2_000_000

    public init() {}
    public static let `default` = YAMLBudget()
}

/// The result of reading one YAML file: the root node when the text is acceptable, and every diagnostic found.
public struct YAMLDocument: Sendable {
    public var source: SourceFile
    /// Nil when the file could not be parsed (then `diagnostics` holds at least one error).
    public var root: YAMLNode?
    public var diagnostics: [Diagnostic]

    public init(source: SourceFile, root: YAMLNode?, diagnostics: [Diagnostic]) {
        self.source = source
        self.root = root
        self.diagnostics = diagnostics
    }
}
