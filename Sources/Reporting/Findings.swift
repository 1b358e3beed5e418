public import Diagnostics

/// A command's findings as a plain value, for the renderers of this target: what `tierc inspect` and
/// `tierc compile` report in `--format json|sarif|github` (docs/cli.md#findings), where `tierc check` reports its
/// ``DiagnosticReport`` of a check.
public struct Findings: DiagnosticReport, Sendable {
    public var diagnostics: [Diagnostic]
    public var sources: [SourceFile]

    public init(_ diagnostics: [Diagnostic] = [], sources: [SourceFile] = []) {
        self.diagnostics = diagnostics
        self.sources = sources
    }
}
