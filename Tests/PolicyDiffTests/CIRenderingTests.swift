import PolicyCheck
import PolicyDiff
import PolicySource
import Testing

/// The CI formats' escaping rules: workflow commands, Markdown cells, SARIF URIs.
@Suite("CI output escaping")
struct CIRenderingTests {
    @Test func workflowCommandEscapesDataAndProperties() {
        let range = SourceRange(start: SourceLocation(offset: 0, line: 3, column: 5), end: SourceLocation(offset: 4, line: 3, column: 9), in: .none)
        let command = GitHubCommand(.error, file: "a,b:c.yaml", range: range, title: "t: x", message: "50% off\nnext")
        #expect(command.line == "::error file=a%2Cb%3Ac.yaml,line=3,col=5,endLine=3,endColumn=9,title=t%3A x::50%25 off%0Anext")
        #expect(GitHubCommand(.notice, file: nil, range: range, title: nil, message: "m").line == "::notice::m")
    }

    /// CR LF is one Character in Swift, so escaping by Character left the pair raw (docs/security.md): every
    /// control character, and CR LF, inside a file name, a title and a message stays inside one command line.
    @Test func workflowCommandIsOneLineWhateverItHolds() {
        let range = SourceRange(start: SourceLocation(offset: 0, line: 1, column: 1), end: SourceLocation(offset: 1, line: 1, column: 2), in: .none)
        var hostile: [String] = (0..<0x20).map { String(Unicode.Scalar(UInt8($0))) } + ["\u{7F}", "\u{85}", "\u{202E}"]
        hostile.append("\r\n")
        for text in hostile {
            let payload = "a\(text)::error file=README.md::owned\(text)::stop-commands::x"
            let line = GitHubCommand(.warning, file: payload, range: range, title: payload, message: payload).line
            #expect(!line.unicodeScalars.contains { $0.value < 0x20 && $0 != "\t" || (0x7F...0x9F).contains($0.value) },
                    "\(Array(text.unicodeScalars))")
            #expect(line.hasPrefix("::warning file=a"))
            #expect(line.contains("title=a\u{FFFD}%3A%3Aerror file=README.md%3A%3Aowned") || line.contains("title=a%0D%0A%3A%3Aerror")
                    || line.contains("title=a%0D%3A%3A") || line.contains("title=a%0A%3A%3A") || line.contains("title=a\t%3A%3A"),
                    "\(line)")
            let plain = GitHubCommand.plainLine(payload)
            #expect(!plain.unicodeScalars.contains { $0 == "\r" || $0 == "\n" })
        }
        #expect(GitHubCommand.escapeData("a\r\nb") == "a%0D%0Ab")
        #expect(GitHubCommand.plainLine("::error::x") == " ::error::x")
        #expect(GitHubCommand.plainLine("x\r\n::error::y") == "x%0D%0A::error::y")
    }

    @Test func markdownCellsCannotBreakTheTable() throws {
        let old = try DiffSupport.side(DiffSupport.base, file: "old.yaml").0
        let new = try DiffSupport.side(DiffSupport.edited("name: Pro", "name: \"A | <b>B</b>\""), file: "new.yaml").0
        let text = DiffMarkdownRenderer().render(PolicyDiffReport(old: old, new: new))
        let row = try #require(text.split(separator: "\n").last)
        #expect(row.contains("`A \\| <b>B</b>`"))
        #expect(row.contains("\"A \\| &lt;b&gt;B&lt;/b&gt;\""))
        #expect(row.filter { $0 == "|" }.count - row.components(separatedBy: "\\|").count + 1 == 7, "six cells")
    }

    @Test func sarifResultsAreBreakingChangesOnly() throws {
        let old = try DiffSupport.side(DiffSupport.base, file: "old.yaml").0
        let (new, source) = try DiffSupport.side(DiffSupport.edited("price: 29", "price: 39").replacingOccurrences(of: "name: Pro", with: "name: Plus"), file: "new yaml.yaml")
        let log = DiffSARIFRenderer(toolVersion: "1").log(PolicyDiffReport(old: old, new: new, sources: [source]))
        #expect(log.results.map(\.ruleID) == ["price-increased"])
        #expect(log.results.first?.place?.range.start.line == 40, "the `price` of `pro`")
        #expect(log.rules.count == ChangeCatalog.all.count)
        #expect(log.serialized().contains("\"uri\": \"new%20yaml.yaml\""))
    }
}

import Foundation
