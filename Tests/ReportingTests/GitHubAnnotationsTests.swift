import Diagnostics
import Reporting
import Testing

/// GitHub workflow commands as `--format github` writes them (docs/cli.md#findings, docs/diff.md): the commands
/// with and without a file, the plain summary line, and the findings renderer through the same writer.
@Suite("GitHub annotations")
struct GitHubAnnotationsTests {
    static let range = SourceRange(start: SourceLocation(offset: 10, line: 2, column: 3),
                                   end: SourceLocation(offset: 14, line: 2, column: 7), in: .none)

    @Test func commandsThenTheSummaryEachOnALine() {
        let annotations = GitHubAnnotations([
            GitHubCommand(.error, file: "new.yaml", range: Self.range, title: "tierc diff: price-increased (breaking)",
                          message: "the price goes up"),
            GitHubCommand(.notice, file: nil, range: Self.range, title: "tierc diff: tier-added (safe)", message: "a tier"),
        ], summary: "new.yaml: 2 changes")
        #expect(annotations.serialized() == """
            ::error file=new.yaml,line=2,col=3,endLine=2,endColumn=7,title=tierc diff%3A price-increased (breaking)::the price goes up
            ::notice title=tierc diff%3A tier-added (safe)::a tier
            new.yaml: 2 changes

            """)
    }

    /// No file means no line numbers either (a change written by `--set` or in a snapshot); no title and no file
    /// means no properties at all.
    @Test func aCommandWithoutAFileHasNoPlace() {
        #expect(GitHubCommand(.warning, file: nil, range: Self.range, title: nil, message: "m").line == "::warning::m")
        #expect(GitHubCommand(.error, file: "a.yaml", range: nil, title: nil, message: "m").line == "::error file=a.yaml::m")
    }

    /// The summary is text, not a command: it cannot start one, nor break its line.
    @Test func theSummaryIsEscapedAsAPlainLine() {
        #expect(GitHubAnnotations([], summary: "::error::x").serialized() == " ::error::x\n")
        #expect(GitHubAnnotations([], summary: "a\r\nb").serialized() == "a%0D%0Ab\n")
        #expect(GitHubAnnotations([], summary: "50% done").serialized() == "50% done\n")
    }

    @Test func findingsGoThroughTheSameWriter() {
        let source = SourceFile(name: "tiers.yaml", text: "a: 1\nbb: 2\n")
        let diagnostic = Diagnostic(.warning, "unknown-key", "unknown key `bb`", file: "tiers.yaml", range: Self.range,
                                    notes: [DiagnosticNote("first defined here", file: "other.yaml", range: Self.range),
                                            DiagnosticNote("no place")],
                                    fixIts: [FixIt("remove it", range: Self.range, replacement: "")])
        let snapshot = Diagnostic(.error, "checksum-mismatch", "bad checksum at byte 120", file: "p.tierc",
                                  bytes: ByteSpan(offset: 120, length: 32))
        let findings = Findings([diagnostic, snapshot], sources: [source])
        let annotations = GitHubRenderer().annotations(findings)
        #expect(annotations.commands.map(\.level) == [.warning, .error])
        #expect(annotations.commands[0].message == "unknown key `bb`\nnote: first defined here (other.yaml:2:3)\nnote: no place\nfix-it: remove it")
        #expect(annotations.commands[0].title == "tierc unknown-key")
        #expect(annotations.commands[1].range == nil, "a binary file is annotated as a whole")
        #expect(annotations.summary == "tiers.yaml: 1 error, 1 warning")
        #expect(GitHubRenderer().render(findings) == annotations.serialized())
        #expect(annotations.serialized().hasPrefix(
            "::warning file=tiers.yaml,line=2,col=3,endLine=2,endColumn=7,title=tierc unknown-key::unknown key `bb`%0Anote: first"))
        #expect(annotations.serialized().contains("\n::error file=p.tierc,title=tierc checksum-mismatch::bad checksum at byte 120\n"))
    }
}
