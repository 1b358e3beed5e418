import Foundation
import PolicyCheck
import PolicySource
import Testing

/// The range of the `occurrence`-th (0-based) appearance of `needle` in `source`, so tests name places by
/// their text instead of hard-coded numbers.
private func range(of needle: String, in source: SourceFile, occurrence: Int = 0,
                   sourceLocation: Testing.SourceLocation = #_sourceLocation) -> SourceRange {
    let bytes = source.bytes
    let pattern = Array(needle.utf8)
    var found = -1
    var seen = 0
    if pattern.count <= bytes.count {
        for start in 0...(bytes.count - pattern.count) where Array(bytes[start..<start + pattern.count]) == pattern {
            if seen == occurrence { found = start; break }
            seen += 1
        }
    }
    #expect(found >= 0, "`\(needle)` not found", sourceLocation: sourceLocation)
    return source.range(from: max(found, 0), to: max(found, 0) + pattern.count)
}

/// `text` without SGR escape sequences (`ESC [ params m`).
private func stripANSI(_ text: String) -> String {
    var result = String.UnicodeScalarView()
    var scalars = text.unicodeScalars[...]
    while let scalar = scalars.popFirst() {
        if scalar == "\u{1B}", scalars.first == "[" {
            while let next = scalars.popFirst(), next != "m" {}
        } else {
            result.append(scalar)
        }
    }
    return String(result)
}

private let tiersText = """
format: 1
tiers:
  free:
    price: 0
  free:
    price: 1
  starter:
    extends: free
    limts: { hour: 500 }

"""

@Suite("Human renderer")
struct HumanRendererTests {
    let source = SourceFile(name: "tiers.yaml", text: tiersText)

    @Test("swiftc-like layout: header, context, caret, fix-it, located note, summary")
    func fullLayout() {
        let key = range(of: "limts", in: source)
        let diagnostic = Diagnostic(
            .error, "unknown-key", "unknown key `limts` in tier `starter`; did you mean `limits`?",
            file: "tiers.yaml", range: key,
            notes: [DiagnosticNote("`free` was first defined here", file: "tiers.yaml",
                                   range: range(of: "free", in: source))],
            fixIts: [FixIt("replace `limts` with `limits`", range: key, replacement: "limits")]
        )
        let output = HumanRenderer().render([diagnostic], sources: [source])
        #expect(output == """
        tiers.yaml:9:5: error[unknown-key]: unknown key `limts` in tier `starter`; did you mean `limits`?
        8 |     extends: free
        9 |     limts: { hour: 500 }
          |     ^~~~~
          |     `- fix-it: replace with `limits`
        tiers.yaml:3:3: note: `free` was first defined here
        2 | tiers:
        3 |   free:
          |   ^~~~

        tiers.yaml: 1 error, no warnings

        """)
    }

    @Test("one gutter width for a diagnostic and its notes")
    func gutterWidth() {
        let text = (1...11).map { "k\($0): v" }.joined(separator: "\n") + "\nk12: x\n"
        let file = SourceFile(name: "a.yaml", text: text)
        let diagnostic = Diagnostic(.warning, "identical-tiers", "same", file: "a.yaml",
                                    range: range(of: "k12", in: file),
                                    notes: [DiagnosticNote("here", range: range(of: "k3", in: file))])
        #expect(HumanRenderer().render(diagnostic, sources: [file]) == """
        a.yaml:12:1: warning[identical-tiers]: same
        11 | k11: v
        12 | k12: x
           | ^~~
        a.yaml:3:1: note: here
         2 | k2: v
         3 | k3: v
           | ^~

        """)
    }

    @Test("non-ASCII before the column: one cell per scalar, two for wide characters")
    func nonASCIIColumns() {
        let file = SourceFile(name: "t.yaml", text: "name: café 名前 bad\n")
        let bad = range(of: "bad", in: file)
        #expect(bad.start.column == 15)
        let output = HumanRenderer(contextLines: 0).render(
            Diagnostic(.error, "invalid-value", "bad value", file: "t.yaml", range: bad), sources: [file])
        // 12 one-cell scalars and 2 two-cell ones before `bad`: 16 cells.
        #expect(output == "t.yaml:1:15: error[invalid-value]: bad value\n1 | name: café 名前 bad\n  | "
                + String(repeating: " ", count: 16) + "^~~\n")
    }

    @Test("combining marks take no cell")
    func combiningMarks() {
        let file = SourceFile(name: "t.yaml", text: "k: e\u{301}x\n")
        let x = range(of: "x", in: file)
        let output = HumanRenderer(contextLines: 0).render(
            Diagnostic(.error, "invalid-value", "x", file: "t.yaml", range: x), sources: [file])
        #expect(output.contains("  |     ^\n"))
    }

    @Test("tabs in the line are copied into the caret line")
    func tabs() {
        let file = SourceFile(name: "t.yaml", text: "a:\n\tkey:\tvalue\n")
        let output = HumanRenderer(contextLines: 0).render(
            Diagnostic(.error, "yaml-syntax", "tab", file: "t.yaml", range: range(of: "value", in: file)),
            sources: [file])
        #expect(output == "t.yaml:2:7: error[yaml-syntax]: tab\n2 | \tkey:\tvalue\n  | \t    \t^~~~~\n")
    }

    @Test("a range over several lines is underlined to the end of its first line")
    func multiLineRange() {
        let file = SourceFile(name: "t.yaml", text: "tiers:\n  free: {\n    price: 0 }\n")
        let start = range(of: "{", in: file).start.offset
        let end = range(of: "}", in: file).end.offset
        let output = HumanRenderer(contextLines: 0).render(
            Diagnostic(.error, "wrong-type", "a mapping", file: "t.yaml", range: file.range(from: start, to: end)),
            sources: [file])
        #expect(output == "t.yaml:2:9: error[wrong-type]: a mapping\n2 |   free: {\n  |         ^\n")
        let key = range(of: "free", in: file).start.offset
        let wide = HumanRenderer(contextLines: 0).render(
            Diagnostic(.error, "wrong-type", "m", file: "t.yaml", range: file.range(from: key, to: end)),
            sources: [file])
        #expect(wide.hasSuffix("2 |   free: {\n  |   ^~~~~~~\n"))
    }

    @Test("a zero-width range and a range at the end of the line get a single caret")
    func zeroWidth() {
        let file = SourceFile(name: "t.yaml", text: "tiers:\n")
        let end = range(of: ":", in: file).end
        let output = HumanRenderer().render(
            Diagnostic(.error, "missing-key", "missing `format`", file: "t.yaml", range: file.range(at: end)),
            sources: [file])
        #expect(output == "t.yaml:1:7: error[missing-key]: missing `format`\n1 | tiers:\n  |       ^\n")
    }

    @Test("notes without a place follow the excerpt; fix-its elsewhere say where")
    func placelessNotesAndFixIts() {
        let key = range(of: "limts", in: source)
        let free = range(of: "free", in: source, occurrence: 1)
        let diagnostic = Diagnostic(
            .warning, "ladder-inversion", "cheaper tier has more", file: "tiers.yaml", range: key,
            notes: [DiagnosticNote("tiers are ordered cheapest first")],
            fixIts: [
                FixIt("rename", range: free, replacement: "basic"),
                FixIt("insert", range: key.atStart, replacement: "x\n"),
                FixIt("remove", range: key, replacement: ""),
            ]
        )
        let output = HumanRenderer(contextLines: 0).render(diagnostic, sources: [source])
        #expect(output == """
        tiers.yaml:9:5: warning[ladder-inversion]: cheaper tier has more
        9 |     limts: { hour: 500 }
          |     ^~~~~
          |     `- fix-it: insert `x\\n`
          |     `- fix-it: remove
          = fix-it (line 5, column 3): replace with `basic`
          = note: tiers are ordered cheapest first

        """)
    }

    @Test("without the source text only the header and notes are printed")
    func missingSource() {
        let diagnostic = Diagnostic(.error, "duplicate-api-key", "key used twice", file: "tenants.yaml",
                                    range: SourceRange(at: SourceLocation(offset: 40, line: 4, column: 7), in: .none),
                                    notes: [DiagnosticNote("first used by `a`", file: "tenants.yaml",
                                                           range: .fileStart)])
        #expect(HumanRenderer().render(diagnostic, sources: [source]) == """
        tenants.yaml:4:7: error[duplicate-api-key]: key used twice
        tenants.yaml:1:1: note: first used by `a`

        """)
    }

    @Test("control characters and bidi overrides from the input are neutralised")
    func hostileText() {
        let file = SourceFile(name: "t.yaml", text: "k: \u{1B}[2Jv\u{202E}x\n")
        let output = HumanRenderer(contextLines: 0).render(
            Diagnostic(.error, "invalid-encoding", "bad \u{1B}[31m", file: "t.yaml", range: range(of: "x", in: file)),
            sources: [file])
        #expect(!output.contains("\u{1B}"))
        #expect(!output.contains("\u{202E}"))
        #expect(output == "t.yaml:1:10: error[invalid-encoding]: bad \u{FFFD}[31m\n"
                + "1 | k: \u{FFFD}[2Jv\u{FFFD}x\n  |          ^\n")
    }

    @Test("invalid UTF-8 counts one column per byte, as SourceFile does")
    func invalidUTF8() {
        let file = SourceFile(name: "t.yaml", bytes: Array("k: ".utf8) + [0xE2, 0x82] + Array(" x\n".utf8))
        let x = file.range(from: 6, to: 7)
        #expect(x.start.column == 7)
        let output = HumanRenderer(contextLines: 0).render(
            Diagnostic(.error, "invalid-encoding", "bad", file: "t.yaml", range: x), sources: [file])
        #expect(output.hasSuffix("1 | k: \u{FFFD}\u{FFFD} x\n  |       ^\n"))
    }

    @Test("summary: singular, plural, none, several files", arguments: [
        (0, 0, ["tiers.yaml"], "tiers.yaml: no errors, no warnings"),
        (1, 1, ["tiers.yaml"], "tiers.yaml: 1 error, 1 warning"),
        (2, 3, ["tiers.yaml", "tenants.yaml"], "tiers.yaml, tenants.yaml: 2 errors, 3 warnings"),
        (0, 2, [], "no errors, 2 warnings"),
    ])
    func summary(errors: Int, warnings: Int, files: [String], expected: String) {
        #expect(HumanRenderer().summary(errors: errors, warnings: warnings, files: files) == expected)
    }

    @Test("colours only when enabled")
    func colours() {
        let key = range(of: "limts", in: source)
        let diagnostics = [
            Diagnostic(.error, "unknown-key", "unknown key", file: "tiers.yaml", range: key,
                       notes: [DiagnosticNote("see", range: key)],
                       fixIts: [FixIt("fix", range: key, replacement: "limits")]),
            Diagnostic(.warning, "unused-feature", "unused", file: "tiers.yaml", range: key),
        ]
        let plain = HumanRenderer(colors: false).render(diagnostics, sources: [source])
        #expect(!plain.contains("\u{1B}"))
        let coloured = HumanRenderer(colors: true).render(diagnostics, sources: [source])
        #expect(coloured.contains("\u{1B}[1;31merror[unknown-key]\u{1B}[0m"))
        #expect(coloured.contains("\u{1B}[1;35mwarning[unused-feature]\u{1B}[0m"))
        #expect(coloured.contains("\u{1B}[1;36mnote\u{1B}[0m"))
        #expect(coloured.contains("\u{1B}[1munknown key\u{1B}[0m"))
        #expect(coloured.contains("\u{1B}[32m`- fix-it: replace with `limits`\u{1B}[0m"))
        #expect(coloured.contains("\u{1B}[1;31m1 error\u{1B}[0m"))
        // Stripping the escapes gives the plain text back.
        #expect(stripANSI(coloured) == plain)
    }

    @Test("no diagnostics: only the summary")
    func clean() {
        #expect(HumanRenderer().render([], sources: [source]) == "tiers.yaml: no errors, no warnings\n")
    }
}

@Suite("JSON renderer")
struct JSONRendererTests {
    let source = SourceFile(name: "tiers.yaml", text: tiersText)

    func sample() -> [Diagnostic] {
        let key = range(of: "limts", in: source)
        return [
            Diagnostic(.error, "unknown-key", "unknown key `limts`; did you mean `limits`?", file: "tiers.yaml",
                       range: key,
                       notes: [DiagnosticNote("`free` was first defined here", file: "tiers.yaml",
                                              range: range(of: "free", in: source)),
                               DiagnosticNote("allowed keys: price, limits")],
                       fixIts: [FixIt("replace with `limits`", range: key, replacement: "limits")]),
            Diagnostic(.warning, "unused-feature", "feature \"x\\y\" \u{01}\t\n é 名 😀 unused",
                       file: "dir/tiers \"2\".yaml", range: range(of: "format", in: source)),
        ]
    }

    @Test("exact bytes: key order, indentation, escapes, trailing newline")
    func goldenText() {
        let output = JSONRenderer().render(sample())
        #expect(output == #"""
        {
          "diagnostics": [
            {
              "file": "tiers.yaml",
              "line": 9,
              "column": 5,
              "end_line": 9,
              "end_column": 10,
              "severity": "error",
              "code": "unknown-key",
              "message": "unknown key `limts`; did you mean `limits`?",
              "notes": [
                {
                  "message": "`free` was first defined here",
                  "file": "tiers.yaml",
                  "line": 3,
                  "column": 3,
                  "end_line": 3,
                  "end_column": 7
                },
                {
                  "message": "allowed keys: price, limits"
                }
              ],
              "fixits": [
                {
                  "message": "replace with `limits`",
                  "line": 9,
                  "column": 5,
                  "end_line": 9,
                  "end_column": 10,
                  "replacement": "limits"
                }
              ]
            },
            {
              "file": "dir/tiers \"2\".yaml",
              "line": 1,
              "column": 1,
              "end_line": 1,
              "end_column": 7,
              "severity": "warning",
              "code": "unused-feature",
              "message": "feature \"x\\y\" \u0001\t\n é 名 😀 unused",
              "notes": [],
              "fixits": []
            }
          ],
          "errors": 1,
          "warnings": 1
        }

        """#)
        #expect(JSONRenderer().render(sample()) == output)
    }

    @Test("parses back to the same values")
    func roundTrip() throws {
        let data = Data(JSONRenderer().render(sample()).utf8)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["errors"] as? Int == 1)
        #expect(object["warnings"] as? Int == 1)
        let diagnostics = try #require(object["diagnostics"] as? [[String: Any]])
        #expect(diagnostics.count == 2)
        let first = diagnostics[0]
        #expect(first["code"] as? String == "unknown-key")
        #expect(first["severity"] as? String == "error")
        #expect(first["line"] as? Int == 9)
        #expect(first["end_column"] as? Int == 10)
        let notes = try #require(first["notes"] as? [[String: Any]])
        #expect(notes[0]["line"] as? Int == 3)
        #expect(Set(notes[1].keys) == ["message"])
        let fixits = try #require(first["fixits"] as? [[String: Any]])
        #expect(fixits[0]["replacement"] as? String == "limits")
        #expect(diagnostics[1]["message"] as? String == "feature \"x\\y\" \u{01}\t\n é 名 😀 unused")
        #expect(diagnostics[1]["file"] as? String == "dir/tiers \"2\".yaml")
    }

    @Test("every control character is escaped", arguments: Array(0x00...0x1F) + [0x7F, 0x2028])
    func controlCharacters(value: UInt32) throws {
        let scalar = try #require(Unicode.Scalar(value))
        let message = "a" + String(Character(scalar)) + "b"
        let output = JSONRenderer().render([
            Diagnostic(.error, "yaml-syntax", message, file: "f", range: .fileStart),
        ])
        if value < 0x20 {
            #expect(!output.unicodeScalars.contains(scalar) || scalar == "\n")
        }
        let object = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
        let diagnostics = try #require(object["diagnostics"] as? [[String: Any]])
        #expect(diagnostics[0]["message"] as? String == message)
    }

    @Test("an empty report")
    func empty() {
        #expect(JSONRenderer().render([]) == "{\n  \"diagnostics\": [],\n  \"errors\": 0,\n  \"warnings\": 0\n}\n")
    }
}
