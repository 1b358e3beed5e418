public import Diagnostics

/// What the renderers of this target draw (human, JSON, SARIF, GitHub): diagnostics and the files they point into.
/// `tierc check`'s result is one; so is any other command's set of findings on source files (docs/diagnostics.md).
public protocol DiagnosticReport {
    /// Every diagnostic, in the order to show them.
    var diagnostics: [Diagnostic] { get }
    /// The files read, for the renderers that draw source excerpts.
    var sources: [SourceFile] { get }
}

extension DiagnosticReport {
    /// How many diagnostics are errors.
    public var errorCount: Int { diagnostics.count { $0.severity == .error } }
    /// How many diagnostics are warnings.
    public var warningCount: Int { diagnostics.count { $0.severity == .warning } }
}
