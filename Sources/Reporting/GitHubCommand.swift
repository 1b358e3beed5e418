public import Diagnostics

/// A GitHub Actions workflow command that annotates a file's lines on a pull request:
/// `::error file=F,line=L,col=C,endLine=L2,endColumn=C2,title=T::message`.
///
/// Escaping follows the runner (actions/toolkit `command.ts`): in the message `%`, CR and LF become `%25`,
/// `%0D`, `%0A`; in property values `:` and `,` also become `%3A` and `%2C`. It works on Unicode scalars, so
/// no input can end the line early; other control characters are shown as U+FFFD (docs/security.md).
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

    /// Escapes a command's message. Works on Unicode scalars, not Characters: CR LF is one Character in Swift,
    /// so `String.replacing("\n", …)` leaves that pair raw and a key holding it could start a second command
    /// (docs/security.md, "Workflow commands").
    public static func escapeData(_ text: String) -> String {
        escape(text, alsoEscaping: [])
    }

    /// Escapes a property value (`file=`, `title=`): as the message, and `:` and `,` too.
    public static func escapeProperty(_ text: String) -> String {
        escape(text, alsoEscaping: [":", ","])
    }

    /// A plain line (the closing summary) that the runner must print as it is: CR and LF are escaped as in a
    /// message (other controls replaced), so the line stays one line, and a line that would begin with `::` gets
    /// a leading space, so it can never be read as a command.
    public static func plainLine(_ text: String) -> String {
        let escaped = escape(text, alsoEscaping: [], percent: false)
        return escaped.hasPrefix("::") ? " " + escaped : escaped
    }

    private static func escape(_ text: String, alsoEscaping extra: Set<Unicode.Scalar>, percent: Bool = true) -> String {
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar {
            case "%" where percent: out.append(contentsOf: "%25".unicodeScalars)
            case "\r": out.append(contentsOf: "%0D".unicodeScalars)
            case "\n": out.append(contentsOf: "%0A".unicodeScalars)
            case ":" where extra.contains(":"): out.append(contentsOf: "%3A".unicodeScalars)
            case "," where extra.contains(","): out.append(contentsOf: "%2C".unicodeScalars)
            // Other controls and bidirectional overrides would drive the log viewer or reorder its text: shown
            // as U+FFFD, as the human renderer shows them.
            case _ where TerminalText.isUnsafe(scalar): out.append("\u{FFFD}")
            default: out.append(scalar)
            }
        }
        return String(out)
    }
}
