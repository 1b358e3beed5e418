public import PolicySource

/// A GitHub Actions workflow command that annotates a file's lines on a pull request:
/// `::error file=F,line=L,col=C,endLine=L2,endColumn=C2,title=T::message`.
///
/// Escaping follows the runner (actions/toolkit `command.ts`): in the message `%`, CR and LF become `%25`,
/// `%0D`, `%0A`; in property values `:` and `,` also become `%3A` and `%2C`.
public struct GitHubCommand: Sendable, Hashable {
    /// `error`, `warning` or `notice`.
    public enum Level: String, Sendable, Hashable {
        case error
        case warning
        case notice
    }

    public var level: Level
    public var file: String?
    public var range: SourceRange?
    public var title: String?
    public var message: String

    public init(_ level: Level, file: String?, range: SourceRange?, title: String?, message: String) {
        self.level = level
        self.file = file
        self.range = range
        self.title = title
        self.message = message
    }

    /// The command's line, without a newline.
    public var line: String {
        var properties: [String] = []
        if let file { properties.append("file=" + Self.escapeProperty(file)) }
        if let range, file != nil {
            properties.append("line=\(range.start.line)")
            properties.append("col=\(range.start.column)")
            properties.append("endLine=\(range.end.line)")
            properties.append("endColumn=\(range.end.column)")
        }
        if let title { properties.append("title=" + Self.escapeProperty(title)) }
        let head = properties.isEmpty ? "::\(level.rawValue)" : "::\(level.rawValue) " + properties.joined(separator: ",")
        return head + "::" + Self.escapeData(message)
    }

    static func escapeData(_ text: String) -> String {
        text.replacing("%", with: "%25").replacing("\r", with: "%0D").replacing("\n", with: "%0A")
    }

    static func escapeProperty(_ text: String) -> String {
        escapeData(text).replacing(":", with: "%3A").replacing(",", with: "%2C")
    }
}

/// Renders diagnostics as GitHub workflow commands, one line each, so they appear on the pull request's lines:
/// errors as `::error`, warnings as `::warning`, notes as `::notice`; the title is `tierc CODE`. The last line
/// is a plain summary (`tiers.yaml: 1 error, no warnings`), which the runner prints as it is.
public struct GitHubRenderer: Sendable {
    public init() {}

    public func render(_ result: CheckResult) -> String {
        var output = ""
        for diagnostic in result.diagnostics {
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
            output += GitHubCommand(level, file: diagnostic.file, range: diagnostic.range,
                                    title: "tierc \(diagnostic.code.rawValue)", message: message).line + "\n"
        }
        output += HumanRenderer().summary(errors: result.errorCount, warnings: result.warningCount,
                                          files: result.sources.map(\.name)) + "\n"
        return output
    }
}
