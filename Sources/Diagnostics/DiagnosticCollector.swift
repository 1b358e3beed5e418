/// Where the stages of a check put what they find (the model of swift-syntax's diagnostics engine): appended in
/// order, counted by severity as they come, so that a stage asks "any errors yet?" without scanning. Duplicates are
/// kept, as the stages never report one problem twice (the decoder's `misspelt` keys see to the one case that
/// could); disabling, promoting and sorting stay `PolicyChecker`'s last step.
public struct DiagnosticCollector: Sendable {
    /// Every diagnostic, in the order it was appended.
    public private(set) var diagnostics: [Diagnostic] = []
    /// How many of them are errors.
    public private(set) var errorCount = 0
    /// How many of them are warnings.
    public private(set) var warningCount = 0

    public init(_ diagnostics: [Diagnostic] = []) {
        append(contentsOf: diagnostics)
    }

    /// Whether any diagnostic so far is an error.
    public var hasErrors: Bool { errorCount > 0 }

    public var isEmpty: Bool { diagnostics.isEmpty }

    public mutating func append(_ diagnostic: Diagnostic) {
        diagnostics.append(diagnostic)
        switch diagnostic.severity {
        case .error: errorCount += 1
        case .warning: warningCount += 1
        case .note: break
        }
    }

    public mutating func append(contentsOf more: some Sequence<Diagnostic>) {
        for diagnostic in more { append(diagnostic) }
    }

    /// Appends what a later stage's collector holds, with its counts (no second pass over its severities).
    public mutating func append(contentsOf other: DiagnosticCollector) {
        diagnostics.append(contentsOf: other.diagnostics)
        errorCount += other.errorCount
        warningCount += other.warningCount
    }

    /// Appends `note` to the last diagnostic that `matches` (a later stage explaining an earlier finding: the
    /// decoder's note on why a key is unknown); false when none matches.
    @discardableResult
    public mutating func appendNote(_ note: DiagnosticNote, toLastWhere matches: (Diagnostic) -> Bool) -> Bool {
        guard let index = diagnostics.lastIndex(where: matches) else { return false }
        diagnostics[index].notes.append(note)
        return true
    }

    /// An error at `range` of `file`.
    public mutating func error(_ code: DiagnosticCode, _ message: String, file: String, range: SourceRange,
                               notes: [DiagnosticNote] = [], fixIts: [FixIt] = []) {
        append(Diagnostic(.error, code, message, file: file, range: range, notes: notes, fixIts: fixIts))
    }

    /// A warning at `range` of `file`.
    public mutating func warning(_ code: DiagnosticCode, _ message: String, file: String, range: SourceRange,
                                 notes: [DiagnosticNote] = [], fixIts: [FixIt] = []) {
        append(Diagnostic(.warning, code, message, file: file, range: range, notes: notes, fixIts: fixIts))
    }
}
