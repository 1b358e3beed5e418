import PolicyModel
import PolicySource
import ReportKit

/// The diff as GitHub-flavoured Markdown for a pull-request comment or a job summary: a heading, the counts,
/// and one table row per change, breaking changes first (then safe, then cosmetic; the report's order within
/// each). Cell text escapes `|`, backslashes and HTML-significant characters, and keeps each row on one line.
public struct DiffMarkdownRenderer: Sendable {
    public init() {}

    public func render(_ report: PolicyDiffReport) -> String {
        var lines: [String] = []
        lines.append("### Policy changes: `\(code(report.oldFile))` → `\(code(report.newFile))`")
        lines.append("")
        if report.entries.isEmpty {
            lines.append("No changes.")
            return lines.joined(separator: "\n") + "\n"
        }
        let breaking = report.count(.breaking)
        let counts = "\(breaking) breaking, \(report.count(.safe)) safe, \(report.count(.cosmetic)) cosmetic"
        lines.append(breaking > 0 ? "**\(counts)**" : counts)
        lines.append("")
        lines.append("| Impact | Kind | Path | Old | New | Change |")
        lines.append("| --- | --- | --- | --- | --- | --- |")
        let ordered = ChangeImpact.allCases.flatMap { impact in report.entries.filter { $0.change.impact == impact } }
        for entry in ordered {
            let change = entry.change
            let impact = change.impact == .breaking ? "**breaking**" : change.impact.rawValue
            var path = "`\(code(change.path))`"
            if let range = entry.range { path += " (line \(range.start.line))" }
            lines.append("| \(impact) | `\(change.kind.rawValue)` | \(path) | \(cell(change.old.map(Grouping.prose))) | \(cell(change.new.map(Grouping.prose))) | \(text(Grouping.prose(change.message))) |")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A value cell: the text in code, or an em dash when absent.
    func cell(_ value: String?) -> String {
        guard let value else { return "—" }
        return "`\(code(value))`"
    }

    /// Text inside a code span of a table cell: backticks become quotes, `|` is escaped, one line.
    func code(_ text: String) -> String {
        oneLine(text).escapingScalars { scalar in
            switch scalar {
            case "`": "'"
            case "|": "\\|"
            default: nil
            }
        }
    }

    /// Prose of a cell: markup characters escaped, so a name cannot inject HTML or break the table.
    func text(_ text: String) -> String {
        oneLine(text).escapingScalars { scalar in
            switch scalar {
            case "\\": "\\\\"
            case "|": "\\|"
            case "<": "&lt;"
            case ">": "&gt;"
            case "&": "&amp;"
            default: nil
            }
        }
    }

    /// CR LF, LF and CR each as one space, scalar by scalar (a line break followed by a combining mark is one
    /// Character in Swift but still a line break in Markdown).
    func oneLine(_ text: String) -> String {
        var result = String.UnicodeScalarView()
        var afterCR = false
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\r": result.append(" ")
            case "\n": if !afterCR { result.append(" ") }
            default: result.append(scalar)
            }
            afterCR = scalar == "\r"
        }
        return String(result)
    }
}
