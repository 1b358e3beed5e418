public import Diagnostics

/// What a piece of rendered text is, so a ``TextStyle`` can decide how it looks.
public enum TextRole: Sendable, Hashable {
    /// The `error[code]`, `warning[code]` or `note` word of a header, and the caret under the source.
    case severity(Severity)
    /// A diagnostic's message.
    case message
    /// `file:line:column:` at the start of a header.
    case location
    /// Line numbers and the `|` rule in front of source excerpts.
    case gutter
    /// A fix-it suggestion.
    case fixIt
    /// The end-of-report summary.
    case summary
}

/// Plain text or ANSI colours: a decorator applied to roles, so the layout code never sees escape codes.
///
/// Colours follow clang and swiftc: bold red errors, bold magenta warnings, bold cyan notes, bold messages,
/// green fix-its and a blue gutter.
public struct TextStyle: Sendable, Hashable {
    public var colors: Bool

    public init(colors: Bool) {
        self.colors = colors
    }

    public static let plain = TextStyle(colors: false)
    public static let ansi = TextStyle(colors: true)

    /// `text` wrapped in the SGR sequence of `role` and a reset, or `text` itself without colours.
    public func paint(_ text: String, _ role: TextRole) -> String {
        guard colors, !text.isEmpty else { return text }
        return "\u{1B}[\(Self.sgr(role))m" + text + "\u{1B}[0m"
    }

    /// The Select Graphic Rendition parameters of a role.
    static func sgr(_ role: TextRole) -> String {
        switch role {
        case .severity(.error): "1;31"
        case .severity(.warning): "1;35"
        case .severity(.note): "1;36"
        case .message, .location, .summary: "1"
        case .gutter: "34"
        case .fixIt: "32"
        }
    }
}

/// Display helpers for drawing carets under source text.
enum TerminalText {
    /// Replaces characters that would let hostile input drive the terminal or reorder the text on screen
    /// (C0 and C1 controls other than tab, DEL, and bidirectional overrides and isolates) with U+FFFD.
    /// Each replaced scalar stays one scalar, so scalar columns still line up with the result.
    static func sanitized(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isUnsafe) else { return text }
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            result.append(isUnsafe(scalar) ? "\u{FFFD}" : scalar)
        }
        return String(result)
    }

    static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09: false
        case 0x00...0x1F, 0x7F...0x9F: true
        case 0x202A...0x202E, 0x2066...0x2069, 0x200E, 0x200F, 0x061C: true
        default: false
        }
    }

    /// How many terminal cells a scalar takes: 0 for combining marks and joiners, 2 for East Asian wide and
    /// full-width characters and most emoji, 1 otherwise. Tabs are handled by the caller.
    static func width(of scalar: Unicode.Scalar) -> Int {
        let value = scalar.value
        switch value {
        case 0x200B...0x200D, 0xFE00...0xFE0F, 0xE0100...0xE01EF: return 0
        default: break
        }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark: return 0
        default: break
        }
        switch value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
             0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
             0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x2FFFD, 0x30000...0x3FFFD:
            return 2
        default:
            return 1
        }
    }

    /// The blank prefix that puts a marker under the scalar at 0-based `scalarIndex` of `line`: a tab for each
    /// tab of the line, and as many spaces as every other scalar is wide. Past the end of the line it pads
    /// with spaces, one per missing scalar.
    static func padding(before scalarIndex: Int, in line: [Unicode.Scalar]) -> String {
        var result = ""
        for index in 0..<max(0, scalarIndex) {
            if index < line.count {
                if line[index] == "\t" {
                    result += "\t"
                } else {
                    result += String(repeating: " ", count: width(of: line[index]))
                }
            } else {
                result += " "
            }
        }
        return result
    }

    /// The underline for scalars `[start, end)` of `line`: `^` under the first cell, `~` under the others,
    /// a tab where the line has one. At least the caret, even for an empty range or one past the line's end.
    static func underline(from start: Int, to end: Int, in line: [Unicode.Scalar]) -> String {
        var result = "^"
        var first = true
        for index in max(0, start)..<max(start + 1, end) {
            let cells: Int
            if index < line.count {
                if line[index] == "\t" {
                    // The caret already marks a leading tab; a later tab keeps the marks aligned.
                    if !first { result += "\t" }
                    first = false
                    continue
                }
                cells = width(of: line[index])
            } else {
                cells = 1
            }
            let marks = first ? max(0, cells - 1) : cells
            result += String(repeating: "~", count: marks)
            first = false
        }
        return result
    }
}
