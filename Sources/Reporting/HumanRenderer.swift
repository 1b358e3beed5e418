public import Diagnostics

/// Renders diagnostics for people, in the layout of swiftc's modern formatter:
///
/// ```
/// tiers.yaml:12:5: error[unknown-key]: unknown key `limts` in tier `starter`; did you mean `limits`?
/// 11 |     extends: free
/// 12 |     limts: { hour: 500 }
///    |     ^~~~~
///    |     `- fix-it: replace with `limits`
/// tiers.yaml:3:3: note: `free` was first defined here
///  2 | tiers:
///  3 |   free:
///    |   ^~~~
///
/// tiers.yaml: 1 error, no warnings
/// ```
///
/// - A header `FILE:LINE:COLUMN: SEVERITY[CODE]: message`, then one line of context, the line itself and a
///   caret under the start column with `~` to the end of the range (to the end of the line for a range that
///   spans lines). Columns are Unicode scalars; tabs are copied into the caret line so the caret stays aligned,
///   and East Asian wide characters take two cells.
/// - Fix-its on the same line hang under the caret (`` `- fix-it: replace with `x` ``); others follow as
///   `= fix-it (line L, column C): …`.
/// - Notes without a place follow as `= note: message`; notes with a place get their own header and excerpt.
/// - A blank line after each diagnostic, and a summary line at the end.
/// - Bounded whatever the input (docs/cli.md "Human format"): a line longer than ``maxExcerptColumns`` is shown
///   as a window around the range, and at most ``maxDiagnosticsPerFile`` diagnostics per file are shown, the
///   rest counted in one `N more diagnostics in FILE` line.
///
/// Control characters and bidirectional overrides from the input are shown as U+FFFD, so a hostile file cannot
/// drive the terminal. Colours are used only when `colors` is true; the caller decides (TTY, `NO_COLOR`).
public struct HumanRenderer: Sendable {
    public var style: TextStyle
    /// Lines of source shown before the diagnostic's line.
    public var contextLines: Int
    /// The most diagnostics shown per file; the rest are counted in a final `N more diagnostics in FILE` line
    /// (the summary still counts every one). Nil shows them all. docs/cli.md "Bounded output".
    public var maxDiagnosticsPerFile: Int?

    /// The default of ``maxDiagnosticsPerFile``.
    public static let defaultMaxDiagnosticsPerFile = 100
    /// A source line of at most this many columns is shown whole; a longer one is shown as a window of at most
    /// this many columns (its `…` markers included) around the range's start (``excerptLeadColumns`` of them before it), with `…` where the line
    /// goes on, so a one-line policy of megabytes costs a few hundred bytes per diagnostic. docs/cli.md.
    public static let maxExcerptColumns = 160
    /// Columns of a long line shown before the range's start.
    public static let excerptLeadColumns = 40

    public init(colors: Bool = false, contextLines: Int = 1,
                maxDiagnosticsPerFile: Int? = HumanRenderer.defaultMaxDiagnosticsPerFile) {
        self.style = TextStyle(colors: colors)
        self.contextLines = max(0, contextLines)
        self.maxDiagnosticsPerFile = maxDiagnosticsPerFile.map { max(0, $0) }
    }

    /// Every diagnostic of a check, then the summary line.
    public func render(_ result: some DiagnosticReport) -> String {
        render(result.diagnostics, sources: result.sources)
    }

    /// Every diagnostic, each followed by a blank line, then the summary line. `files` names the summary's
    /// files; by default the names of `sources`, or else of the diagnostics' files.
    public func render(_ diagnostics: [Diagnostic], sources: [SourceFile], files: [String]? = nil) -> String {
        var output = ""
        var shown: [String: Int] = [:]
        var omitted: [(file: String, count: Int)] = []
        for diagnostic in diagnostics {
            if let limit = maxDiagnosticsPerFile, shown[diagnostic.file, default: 0] >= limit {
                if let index = omitted.firstIndex(where: { $0.file == diagnostic.file }) {
                    omitted[index].count += 1
                } else {
                    omitted.append((diagnostic.file, 1))
                }
                continue
            }
            shown[diagnostic.file, default: 0] += 1
            output += render(diagnostic, sources: sources)
            output += "\n"
        }
        for (file, count) in omitted {
            output += style.paint("\(count) more diagnostic\(count == 1 ? "" : "s") in \(TerminalText.sanitized(file)) not shown"
                                  + " (the first \(maxDiagnosticsPerFile ?? 0) are; `--format json` lists every one)", .summary)
            output += "\n\n"
        }
        let names = files ?? (sources.isEmpty ? unique(diagnostics.map(\.file)) : sources.map(\.name))
        output += summary(
            errors: diagnostics.count { $0.severity == .error },
            warnings: diagnostics.count { $0.severity == .warning },
            files: names
        )
        output += "\n"
        return output
    }

    /// One diagnostic with its excerpt, fix-its and notes; every line ends with a newline.
    public func render(_ diagnostic: Diagnostic, sources: [SourceFile]) -> String {
        if let bytes = diagnostic.bytes {
            // A binary file has no lines to excerpt: `policy.tierc: byte 120: error[checksum-mismatch]: …`.
            return style.paint("\(TerminalText.sanitized(diagnostic.file)): \(bytes):", .location) + " "
                + style.paint(severityLabel(diagnostic.severity, code: diagnostic.code), .severity(diagnostic.severity)) + ": "
                + style.paint(TerminalText.sanitized(diagnostic.message), .message) + "\n"
        }
        let primarySource = sources.first { $0.name == diagnostic.file }
        let locatedNotes = diagnostic.notes.filter { $0.range != nil }
        let placeNotes = diagnostic.notes.filter { $0.range == nil }

        // One gutter width for the whole group, so every `|` lines up.
        var shownLines = [diagnostic.range.start.line]
        for note in locatedNotes { shownLines.append(note.range!.start.line) }
        let gutterWidth = String(shownLines.max() ?? 1).count

        var lines: [String] = []
        lines.append(header(file: diagnostic.file, location: diagnostic.range.start,
                            label: severityLabel(diagnostic.severity, code: diagnostic.code),
                            severity: diagnostic.severity, message: diagnostic.message))

        var pendingFixIts = diagnostic.fixIts
        if let primarySource, let excerpt = excerpt(of: diagnostic.range, in: primarySource,
                                                    severity: diagnostic.severity, gutterWidth: gutterWidth) {
            lines += excerpt.lines
            let sameLine = pendingFixIts.filter { $0.range.start.line == diagnostic.range.start.line }
            pendingFixIts.removeAll { $0.range.start.line == diagnostic.range.start.line }
            for fixIt in sameLine {
                let index = fixIt.range.start.column - 1 - excerpt.firstColumn
                guard index >= 0, index <= excerpt.scalars.count else {
                    pendingFixIts.append(fixIt)  // outside the window shown: said with its line and column
                    continue
                }
                let pad = TerminalText.padding(before: index, in: excerpt.scalars)
                lines.append(gutter(nil, width: gutterWidth) + " " + pad
                             + style.paint("`- fix-it: " + describe(fixIt), .fixIt))
            }
        }
        for fixIt in pendingFixIts {
            lines.append(blankGutter(gutterWidth) + "= " + style.paint(
                "fix-it (line \(fixIt.range.start.line), column \(fixIt.range.start.column)): " + describe(fixIt),
                .fixIt))
        }
        for note in placeNotes {
            lines.append(blankGutter(gutterWidth) + "= " + style.paint("note", .severity(.note)) + ": "
                         + TerminalText.sanitized(note.message))
        }
        for note in locatedNotes {
            let file = note.file ?? diagnostic.file
            let range = note.range!
            lines.append(header(file: file, location: range.start, label: "note", severity: .note,
                                message: note.message))
            if let source = sources.first(where: { $0.name == file }),
               let excerpt = excerpt(of: range, in: source, severity: .note, gutterWidth: gutterWidth) {
                lines += excerpt.lines
            }
        }
        return lines.map { $0 + "\n" }.joined()
    }

    /// `tiers.yaml: 2 errors, 1 warning`, or `tiers.yaml, tenants.yaml: no errors, no warnings`.
    public func summary(errors: Int, warnings: Int, files: [String]) -> String {
        let counts = [count(errors, "error", .error), count(warnings, "warning", .warning)].joined(separator: ", ")
        let prefix = files.isEmpty ? "" : style.paint(files.map(TerminalText.sanitized).joined(separator: ", ") + ":", .summary) + " "
        return prefix + counts
    }

    /// The excerpt drawn under a diagnostic (a line of context, the range's first line and its caret line),
    /// for other reports that point into a file (`tierc diff`). Empty when the file has no such line.
    public func excerpt(of range: SourceRange, in source: SourceFile, severity: Severity) -> [String] {
        excerpt(of: range, in: source, severity: severity, gutterWidth: String(range.start.line).count)?.lines ?? []
    }

    /// `text` with the characters that could drive a terminal shown as U+FFFD (see the type's documentation).
    public static func displayable(_ text: String) -> String {
        TerminalText.sanitized(text)
    }

    // MARK: - Pieces

    private func count(_ n: Int, _ noun: String, _ severity: Severity) -> String {
        let text = n == 0 ? "no \(noun)s" : n == 1 ? "1 \(noun)" : "\(n) \(noun)s"
        return n == 0 ? text : style.paint(text, .severity(severity))
    }

    private func severityLabel(_ severity: Severity, code: DiagnosticCode) -> String {
        "\(severity.rawValue)[\(code.rawValue)]"
    }

    private func header(file: String, location: SourceLocation, label: String, severity: Severity,
                        message: String) -> String {
        style.paint("\(TerminalText.sanitized(file)):\(location.line):\(location.column):", .location) + " "
            + style.paint(label, .severity(severity)) + ": "
            + style.paint(TerminalText.sanitized(message), .message)
    }

    /// `12 |` or `   |` (for caret lines), painted as gutter.
    private func gutter(_ line: Int?, width: Int) -> String {
        let number = line.map(String.init) ?? ""
        return style.paint(String(repeating: " ", count: max(0, width - number.count)) + number + " |", .gutter)
    }

    private func blankGutter(_ width: Int) -> String {
        String(repeating: " ", count: width + 1)
    }

    private struct Excerpt {
        var lines: [String]
        /// The scalars of the range's first line, as displayed (for placing marks under it); for a long line,
        /// the window shown, with its `…` markers.
        var scalars: [Unicode.Scalar]
        /// The 0-based column of the line shown at `scalars[0]`: 0 for a whole line; for a window, one less
        /// than its first column, counting the leading `…` as that column.
        var firstColumn: Int
    }

    /// A line as displayed: the whole line, or a window of it.
    struct ShownLine {
        var scalars: [Unicode.Scalar]
        /// The 0-based column that `scalars[0]` shows (a leading `…` stands for that column).
        var firstColumn: Int
        /// Whether only a window of the line is shown.
        var isWindow = false
        /// Whether a trailing `…` says the line goes on.
        var hasTail = false
    }

    /// Context, the range's first line and its caret line; nil when the file has no such line. A line longer
    /// than ``maxExcerptColumns`` is shown as a window around the range's start (context lines as the same
    /// columns), so the work and the output per diagnostic are bounded whatever the line's length.
    private func excerpt(of range: SourceRange, in source: SourceFile, severity: Severity,
                         gutterWidth: Int) -> Excerpt? {
        let lineNumber = range.start.line
        guard lineNumber >= 1, lineNumber <= source.lineCount else { return nil }
        let start = range.start.column - 1
        let shown = Self.shownLine(source.lineBytes(lineNumber), around: start, offset: range.start.offset)
        var lines: [String] = []
        for context in max(1, lineNumber - contextLines)..<lineNumber {
            let contextShown = Self.shownLine(source.lineBytes(context), fromColumn: shown.isWindow ? max(0, shown.firstColumn) : 0)
            lines.append(sourceLine(context, scalars: contextShown.scalars, width: gutterWidth))
        }
        let scalars = shown.scalars
        lines.append(sourceLine(lineNumber, scalars: scalars, width: gutterWidth))
        let first = start - shown.firstColumn
        var end = range.end.line == lineNumber ? range.end.column - 1 - shown.firstColumn : max(scalars.count, first + 1)
        if shown.isWindow {
            // Marks stop at the window's end (before a trailing `…`).
            let contentEnd = scalars.count - (shown.hasTail ? 1 : 0)
            end = min(end, max(first + 1, contentEnd))
        }
        let marks = TerminalText.padding(before: first, in: scalars)
            + style.paint(TerminalText.underline(from: first, to: end, in: scalars), .severity(severity))
        lines.append(gutter(nil, width: gutterWidth) + " " + marks)
        return Excerpt(lines: lines, scalars: scalars, firstColumn: shown.firstColumn)
    }

    /// The horizontal ellipsis that marks where a shown window cuts a line.
    private static let cut: Unicode.Scalar = "…"

    /// The line, or for a line of more than ``maxExcerptColumns`` columns a window starting
    /// ``excerptLeadColumns`` before 0-based column `column`, which is at byte `offset` of the file (when the
    /// offset lies on the line; else the line is walked from its start).
    static func shownLine(_ bytes: ArraySlice<UInt8>, around column: Int, offset: Int) -> ShownLine {
        if bytes.count <= maxExcerptColumns * 4 {
            let scalars = displayScalars(bytes)
            if scalars.count <= maxExcerptColumns { return ShownLine(scalars: scalars, firstColumn: 0) }
        }
        guard offset >= bytes.startIndex, offset <= bytes.endIndex else {
            return shownLine(bytes, fromColumn: max(0, column - excerptLeadColumns))
        }
        // Back from the range's start by up to excerptLeadColumns scalars (a scalar starts at a byte that is
        // not a UTF-8 continuation byte, or after three of them).
        var windowStart = offset
        var before = 0
        while before < excerptLeadColumns, windowStart > bytes.startIndex {
            windowStart -= 1
            var continuations = 0
            while windowStart > bytes.startIndex, bytes[windowStart] & 0xC0 == 0x80, continuations < 3 {
                windowStart -= 1
                continuations += 1
            }
            before += 1
        }
        let head = windowStart > bytes.startIndex
        let lead = displayScalars(bytes[windowStart..<offset])
        // The window, its `…` markers included, takes at most maxExcerptColumns columns.
        let wanted = maxExcerptColumns - lead.count - (head ? 1 : 0) - 1
        let end = min(bytes.endIndex, offset + 4 * wanted + 4)
        let rest = displayScalars(bytes[offset..<end])
        let tail = end < bytes.endIndex || rest.count > wanted
        var scalars = head ? [cut] : []
        scalars += lead
        scalars += rest.prefix(wanted)
        if tail { scalars.append(cut) }
        // The window's first column: the range's start column less what is shown before it.
        return ShownLine(scalars: scalars, firstColumn: column - lead.count - (head ? 1 : 0), isWindow: true, hasTail: tail)
    }

    /// The line from 0-based column `column` on (with a leading `…` when that is not its start), at most
    /// ``maxExcerptColumns`` columns; a line that fits is shown whole.
    static func shownLine(_ bytes: ArraySlice<UInt8>, fromColumn column: Int) -> ShownLine {
        if bytes.count <= maxExcerptColumns * 4 {
            let scalars = displayScalars(bytes)
            if scalars.count <= maxExcerptColumns { return ShownLine(scalars: scalars, firstColumn: 0) }
        }
        var index = bytes.startIndex
        var skipped = 0
        // The window's first column shows `…` when it does not start the line.
        let target = column == 0 ? 0 : column + 1
        while skipped < target, index < bytes.endIndex {
            index += nextScalar(bytes, at: index).length
            skipped += 1
        }
        let head = column > 0
        let wanted = maxExcerptColumns - (head ? 1 : 0) - 1
        let end = min(bytes.endIndex, index + 4 * wanted + 4)
        let rest = displayScalars(bytes[index..<end])
        var scalars = head ? [cut] : []
        scalars += rest.prefix(wanted)
        let tail = end < bytes.endIndex || rest.count > wanted
        if tail { scalars.append(cut) }
        return ShownLine(scalars: scalars, firstColumn: column, isWindow: true, hasTail: tail)
    }

    private func sourceLine(_ number: Int, scalars: [Unicode.Scalar], width: Int) -> String {
        var text = String.UnicodeScalarView()
        text.append(contentsOf: scalars)
        let line = String(text)
        return gutter(number, width: width) + (line.isEmpty ? "" : " " + line)
    }

    /// A fix-it in words: `replace with `x``, `insert `x`` or `remove`.
    private func describe(_ fixIt: FixIt) -> String {
        let replacement = Self.inline(fixIt.replacement)
        if fixIt.replacement.isEmpty { return "remove" }
        if fixIt.range.start.offset == fixIt.range.end.offset { return "insert `\(replacement)`" }
        return "replace with `\(replacement)`"
    }

    /// Text for one line: newlines and tabs as `\n` and `\t`, other controls as U+FFFD.
    static func inline(_ text: String) -> String {
        TerminalText.sanitized(text.replacing("\r", with: "\\r").replacing("\n", with: "\\n")
            .replacing("\t", with: "\\t"))
    }

    /// The line's bytes as one displayable scalar per column, counted exactly as ``SourceFile`` counts columns:
    /// a well-formed UTF-8 sequence is one scalar, any other byte is one U+FFFD; controls become U+FFFD too.
    static func displayScalars(_ bytes: ArraySlice<UInt8>) -> [Unicode.Scalar] {
        var result: [Unicode.Scalar] = []
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let next = nextScalar(bytes, at: index)
            result.append(next.scalar)
            index += next.length
        }
        return result
    }

    /// The displayable scalar at `index` and how many bytes it takes (see ``displayScalars(_:)``).
    static func nextScalar(_ bytes: ArraySlice<UInt8>, at index: Int) -> (scalar: Unicode.Scalar, length: Int) {
        let lead = bytes[index]
        var length = 1
        var value = UInt32(lead)
        switch lead {
        case 0x00...0x7F: length = 1
        case 0xC2...0xDF: length = 2; value = UInt32(lead & 0x1F)
        case 0xE0...0xEF: length = 3; value = UInt32(lead & 0x0F)
        case 0xF0...0xF4: length = 4; value = UInt32(lead & 0x07)
        default: length = 0
        }
        if length > 1 {
            if index + length > bytes.endIndex {
                length = 0
            } else {
                for offset in 1..<length {
                    let byte = bytes[index + offset]
                    if byte & 0xC0 != 0x80 { length = 0; break }
                    value = value << 6 | UInt32(byte & 0x3F)
                }
            }
        }
        if length == 0 { return ("\u{FFFD}", 1) }
        let scalar = Unicode.Scalar(value) ?? "\u{FFFD}"
        return (TerminalText.isUnsafe(scalar) ? "\u{FFFD}" : scalar, length)
    }

    private func unique(_ names: [String]) -> [String] {
        var seen = Set<String>()
        return names.filter { seen.insert($0).inserted }
    }
}
