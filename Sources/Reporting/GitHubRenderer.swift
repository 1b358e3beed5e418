import Diagnostics

/// Renders diagnostics as GitHub workflow commands, one line each, so they appear on the pull request's lines:
/// errors as `::error`, warnings as `::warning`, notes as `::notice`; the title is `tierc CODE`. The last line
/// is a plain summary (`tiers.yaml: 1 error, no warnings`), which the runner prints as it is.
public struct GitHubRenderer: Sendable {
    public init() {}

    public func render(_ result: some DiagnosticReport) -> String {
        annotations(result).serialized()
    }

    /// The report as annotations: one command per diagnostic, then the human renderer's summary line.
    public func annotations(_ result: some DiagnosticReport) -> GitHubAnnotations {
        GitHubAnnotations(result.diagnostics.map(command(of:)),
                          summary: HumanRenderer().summary(errors: result.errorCount, warnings: result.warningCount,
                                                           files: result.sources.map(\.name)))
    }

    func command(of diagnostic: Diagnostic) -> GitHubCommand {
        let level: GitHubCommand.Level = switch diagnostic.severity {
        case .error: .error
        case .warning: .warning
        case .note: .notice
        }
        var message = diagnostic.message
        for note in diagnostic.notes {
            let place = note.range.map { " (\(note.file ?? diagnostic.file):\($0.start.line):\($0.start.column))" } ?? ""
            message += "\nnote: \(note.message)\(place)"
        }
        for fixIt in diagnostic.fixIts { message += "\nfix-it: \(fixIt.message)" }
        // A finding in a binary file annotates the file (its message names the byte).
        return GitHubCommand(level, file: diagnostic.file, range: diagnostic.bytes == nil ? diagnostic.range : nil,
                             title: "tierc \(diagnostic.code.rawValue)", message: message)
    }
}
