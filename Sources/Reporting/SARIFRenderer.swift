public import Diagnostics

/// Renders a check as SARIF: one rule per diagnostic code of ``DiagnosticCatalog`` (all of them, so rule
/// indices are stable), one result per diagnostic with its region, its located notes as related locations and
/// its fix-its as fixes.
public struct SARIFRenderer: Sendable {
    public var toolVersion: String

    public init(toolVersion: String) {
        self.toolVersion = toolVersion
    }

    public func render(_ result: some DiagnosticReport) -> String {
        log(result.diagnostics).serialized()
    }

    public func log(_ diagnostics: [Diagnostic]) -> SARIFLog {
        SARIFLog(toolVersion: toolVersion, rules: Self.rules, results: diagnostics.map(result(of:)))
    }

    /// The catalogue as SARIF rules.
    public static let rules: [SARIFLog.Rule] = DiagnosticCatalog.all.map { kind in
        SARIFLog.Rule(
            id: kind.code.rawValue,
            shortDescription: kind.summary,
            fullDescription: "\(kind.summary) Reported as \(kind.severity == .error ? "an error" : "a warning") by \(kind.reportedBy).",
            help: "See docs/diagnostics.md#\(kind.code.rawValue) for examples and how to fix it"
                + (kind.reportedBy == DiagnosticKind.byCheck ? "; run `tierc check` locally for the excerpt and fix-its." : ".")
                + (kind.severity == .warning ? " Disable it with `--disable \(kind.code.rawValue)` when it is intended." : ""),
            level: level(kind.severity)
        )
    }

    static func level(_ severity: Severity) -> SARIFLog.Level {
        switch severity {
        case .error: .error
        case .warning: .warning
        case .note: .note
        }
    }

    func result(of diagnostic: Diagnostic) -> SARIFLog.Result {
        SARIFLog.Result(
            ruleID: diagnostic.code.rawValue,
            level: Self.level(diagnostic.severity),
            message: diagnostic.message + diagnostic.notes.filter { $0.range == nil }.map { " (note: \($0.message))" }.joined(),
            place: diagnostic.bytes.map { SARIFLog.Place(file: diagnostic.file, bytes: $0) }
                ?? SARIFLog.Place(file: diagnostic.file, range: diagnostic.range),
            related: diagnostic.notes.compactMap { note in
                note.range.map { SARIFLog.Place(file: note.file ?? diagnostic.file, range: $0, message: note.message) }
            },
            fixes: diagnostic.fixIts.map {
                SARIFLog.Fix(description: $0.message, place: SARIFLog.Place(file: diagnostic.file, range: $0.range),
                             replacement: $0.replacement)
            }
        )
    }
}
