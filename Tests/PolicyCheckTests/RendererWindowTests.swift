import Foundation
import PolicyCheck
import PolicySource
import Testing

/// Long lines and many diagnostics (docs/cli.md "Bounded output"): a window of at most
/// ``HumanRenderer/maxExcerptColumns`` columns around the span, carets and fix-its still under it, and at most
/// ``HumanRenderer/defaultMaxDiagnosticsPerFile`` diagnostics per file.
@Suite("Human renderer: windows and caps")
struct RendererWindowTests {
    /// The byte range of the first `needle` in `file`.
    func range(of needle: String, in file: SourceFile) throws -> SourceRange {
        let bytes = file.bytes
        let pattern = Array(needle.utf8)
        let start = try #require((0...(bytes.count - pattern.count)).first { Array(bytes[$0..<$0 + pattern.count]) == pattern })
        return file.range(from: start, to: start + pattern.count)
    }

    /// The scalar index of the first `needle` in `line`.
    func index(of needle: String, in line: String) -> Int? {
        let scalars = Array(line.unicodeScalars)
        let pattern = Array(needle.unicodeScalars)
        guard scalars.count >= pattern.count else { return nil }
        return (0...(scalars.count - pattern.count)).first { Array(scalars[$0..<$0 + pattern.count]) == pattern }
    }

    @Test("a megabyte line is shown as a window with its caret and fix-it under the span; context lines as the same columns")
    func windowKeepsTheCaretAligned() throws {
        // Multibyte scalars before and after the span, so byte and column counts differ.
        let filler = String(repeating: "é, ", count: 200_000)
        let context = "# " + String(repeating: "0123456789", count: 100_000)
        let text = "\(context)\n{\(filler)limts: 1, \(filler)}\n"
        let file = SourceFile(name: "t.yaml", text: text)
        let span = try range(of: "limts", in: file)
        #expect(span.start.line == 2 && span.start.column == 2 + 600_000)
        let diagnostic = Diagnostic(.error, "unknown-key", "unknown key `limts`", file: "t.yaml", range: span,
                                    fixIts: [FixIt("rename", range: span, replacement: "limits")])
        let output = HumanRenderer().render(diagnostic, sources: [file])
        #expect(output.utf8.count < 2_048, "\(output.utf8.count) bytes")
        let lines = output.split(separator: "\n").map(String.init)
        #expect(lines.count == 5, "\(lines)")
        let shown = lines[2]
        #expect(shown.hasPrefix("2 | …") && shown.hasSuffix("…"), "\(shown)")
        #expect(shown.unicodeScalars.count - 4 <= HumanRenderer.maxExcerptColumns)
        let caret = index(of: "^~~~~", in: lines[3])
        #expect(caret != nil && caret == index(of: "limts", in: shown), "\(lines[3])\n\(shown)")
        #expect(index(of: "`- fix-it", in: lines[4]) == caret)
        // The context line shows the same columns: its `…` is in the same place, and its digits line up.
        let contextShown = lines[1]
        #expect(contextShown.hasPrefix("1 | …") && contextShown.unicodeScalars.count - 4 <= HumanRenderer.maxExcerptColumns)
        let windowStart = span.start.column - 1 - ((caret ?? 0) - 4)
        let digit = Array(contextShown.unicodeScalars)[5]
        // Column c of line 1 is "# " then digits: its digit is (c - 2) mod 10.
        #expect(String(digit) == String((windowStart + 1 - 2) % 10), "\(contextShown.prefix(20))")
    }

    @Test("a line of at most 160 columns is shown whole")
    func shortLinesAreWhole() throws {
        let line = "{" + String(repeating: "a: 1, ", count: 25) + "limts: 1}"
        #expect(line.count <= HumanRenderer.maxExcerptColumns)
        let file = SourceFile(name: "t.yaml", text: line + "\n")
        let span = try range(of: "limts", in: file)
        let output = HumanRenderer(contextLines: 0).render(Diagnostic(.error, "unknown-key", "x", file: "t.yaml", range: span),
                                                           sources: [file])
        #expect(output.contains("1 | " + line + "\n"))
        #expect(!output.contains("…"))
    }

    @Test("at most 100 diagnostics per file, then how many more; the summary counts all")
    func diagnosticsPerFileAreCapped() {
        let file = SourceFile(name: "a.yaml", text: "k: v\n")
        let other = SourceFile(name: "b.yaml", text: "k: v\n")
        let range = file.range(from: 0, to: 1)
        let many = (0..<250).map { Diagnostic(.error, "unknown-key", "n\($0)", file: "a.yaml", range: range) }
            + [Diagnostic(.warning, "unused-feature", "w", file: "b.yaml", range: range)]
        let output = HumanRenderer().render(many, sources: [file, other])
        #expect(output.components(separatedBy: "error[unknown-key]").count - 1 == 100)
        #expect(output.contains("n99\n") && !output.contains("n100\n"))
        #expect(output.contains("warning[unused-feature]"), "another file's diagnostics are not crowded out")
        #expect(output.contains("150 more diagnostics in a.yaml not shown"))
        #expect(output.hasSuffix("a.yaml, b.yaml: 250 errors, 1 warning\n"))
        let all = HumanRenderer(maxDiagnosticsPerFile: nil).render(many, sources: [file, other])
        #expect(all.components(separatedBy: "error[unknown-key]").count - 1 == 250)
        #expect(!all.contains("more diagnostics"))
    }
}
