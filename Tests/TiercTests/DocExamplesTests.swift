import Foundation
import Testing

/// The runnable examples of the user documentation, run with the built `tierc` and compared with the text the
/// documentation shows, so that a doc and the tool cannot drift apart unnoticed.
///
/// Two kinds of fenced blocks are read from a markdown file, in order:
///
/// - a block whose info string has `file=PATH` (```` ```yaml file=docs-example/tiers.yaml ````): its text is
///   written to PATH inside a fresh temporary directory;
/// - a block whose info string is `console run` with an optional `exit=N` (default 0): its first line is
///   `$ tierc ARGUMENTS…` (split at spaces, no quoting), which is run in that directory; the remaining lines
///   must equal what tierc prints, standard error first, then standard output (the order a terminal shows
///   for `tierc simulate`, which writes its warnings before the report), and it must exit with status N.
///   `stream=stdout` compares standard output alone (the doc must then say so).
///
/// `TIERC_RECORD=1 swift test --filter DocExamplesTests` rewrites the output of every `console run` block with
/// what tierc prints now; review the diff before committing it.
@Suite("documentation examples run as shown", .serialized)
struct DocExamplesTests {
    static let documents = ["docs/policy-format.md", "docs/log-format.md", "docs/operations.md"]

    @Test("each documented example prints exactly what the doc shows", arguments: documents)
    func documentedExample(_ document: String) throws {
        let url = TiercBinary.packageRoot.appendingPathComponent(document)
        let markdown = try String(contentsOf: url, encoding: .utf8)
        let example = try DocExample(markdown: markdown)
        #expect(!example.files.isEmpty, "\(document) has no ```… file=PATH block")
        #expect(!example.runs.isEmpty, "\(document) has no ```console run block")

        let results = try example.run()
        if ProcessInfo.processInfo.environment["TIERC_RECORD"] == "1" {
            let recorded = example.recording(results, into: markdown)
            if recorded != markdown { try Data(recorded.utf8).write(to: url) }
            return
        }
        for mismatch in example.mismatches(results) {
            Issue.record("\(document): \(mismatch)")
        }
    }

    /// The harness itself must notice a disagreement: the same example with one output line changed fails, and
    /// so does a wrong exit status.
    @Test("a doc whose output differs from tierc's is reported")
    func tamperedDocFails() throws {
        let markdown = """
            ```yaml file=p/tiers.yaml
            format: 1
            policy: tamper
            currency: USD
            meters: { api_calls: { kind: counter } }
            tiers: { free: { price: 0 } }
            ```

            ```console run
            $ tierc check p/tiers.yaml
            p/tiers.yaml: no errors, no warnings (but the doc says otherwise)
            ```

            ```console run exit=1
            $ tierc check p/tiers.yaml
            ```
            """
        let example = try DocExample(markdown: markdown)
        let mismatches = example.mismatches(try example.run())
        #expect(mismatches.count == 2, "\(mismatches)")
        #expect(mismatches.first?.contains("printed") == true)
        #expect(mismatches.last?.contains("exit status 0, the doc says 1") == true)
    }
}

/// The example blocks of one markdown document.
struct DocExample {
    struct File {
        var path: String
        var text: String
    }

    struct Run {
        var arguments: [String]
        var expected: String
        var exitStatus: Int32
        /// Compare standard output only (`stream=stdout`), not standard error.
        var stdoutOnly: Bool
        /// The lines of the markdown (0-based) holding the expected output, for re-recording.
        var outputLines: Range<Int>
        var command: String
    }

    enum Step {
        case file(File)
        case run(Run)
    }

    struct ParseError: Error, CustomStringConvertible {
        var description: String
    }

    var steps: [Step] = []

    var files: [File] { steps.compactMap { if case .file(let file) = $0 { file } else { nil } } }
    var runs: [Run] { steps.compactMap { if case .run(let run) = $0 { run } else { nil } } }

    init(markdown: String) throws {
        let lines = markdown.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var index = 0
        while index < lines.count {
            let line = lines[index]
            guard line.hasPrefix("```"), line.count > 3 else {
                index += 1
                continue
            }
            let words = line.dropFirst(3).split(separator: " ").map(String.init)
            var close = index + 1
            while close < lines.count, lines[close] != "```" { close += 1 }
            guard close < lines.count else { throw ParseError(description: "unclosed block at line \(index + 1)") }
            let body = Array(lines[(index + 1)..<close])
            let attributes = Dictionary(words.compactMap { word -> (String, String)? in
                guard let equals = word.firstIndex(of: "=") else { return nil }
                return (String(word[..<equals]), String(word[word.index(after: equals)...]))
            }, uniquingKeysWith: { _, last in last })
            if let path = attributes["file"] {
                guard !path.isEmpty, !path.hasPrefix("/"), !path.contains("..") else {
                    throw ParseError(description: "line \(index + 1): file= needs a relative path, found `\(path)`")
                }
                steps.append(.file(File(path: path, text: body.map { $0 + "\n" }.joined())))
            } else if words.first == "console", words.contains("run") {
                guard let command = body.first, command.hasPrefix("$ tierc ") else {
                    throw ParseError(description: "line \(index + 2): a `console run` block starts with `$ tierc …`")
                }
                guard !command.contains("\""), !command.contains("'") else {
                    throw ParseError(description: "line \(index + 2): no quoting in example commands")
                }
                guard let status = Int32(attributes["exit"] ?? "0") else {
                    throw ParseError(description: "line \(index + 1): exit= needs a number")
                }
                guard ["both", "stdout"].contains(attributes["stream"] ?? "both") else {
                    throw ParseError(description: "line \(index + 1): stream= is `both` or `stdout`")
                }
                let output = body.dropFirst()
                steps.append(.run(Run(
                    arguments: command.dropFirst("$ tierc ".count).split(separator: " ").map(String.init),
                    expected: output.map { $0 + "\n" }.joined(), exitStatus: status,
                    stdoutOnly: attributes["stream"] == "stdout",
                    outputLines: (index + 2)..<close, command: String(command.dropFirst(2)))))
            }
            index = close + 1
        }
    }

    /// Writes the files and runs the commands in document order, in a fresh directory; one result per run.
    func run() throws -> [TiercRun] {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tierc-doc-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var results: [TiercRun] = []
        for step in steps {
            switch step {
            case .file(let file):
                let url = directory.appendingPathComponent(file.path)
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(file.text.utf8).write(to: url)
            case .run(let run):
                results.append(try TiercBinary.run(run.arguments, in: directory))
            }
        }
        return results
    }

    /// What differs between the documented runs and `results`, one message per run that differs.
    func mismatches(_ results: [TiercRun]) -> [String] {
        zip(runs, results).compactMap { run, result in
            var problems: [String] = []
            let printed = run.stdoutOnly ? result.stdout : result.stderr + result.stdout
            if printed != run.expected {
                problems.append("`\(run.command)` printed\n\(printed)\nbut the doc shows\n\(run.expected)"
                                + "(TIERC_RECORD=1 rewrites the doc's output blocks)")
            }
            if result.status != run.exitStatus {
                problems.append("`\(run.command)` ended with exit status \(result.status), the doc says \(run.exitStatus)")
            }
            return problems.isEmpty ? nil : problems.joined(separator: "; ")
        }
    }

    /// `markdown` with the output of every run replaced by what tierc printed.
    func recording(_ results: [TiercRun], into markdown: String) -> String {
        var lines = markdown.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        for (run, result) in zip(runs, results).reversed() {
            var printed = (run.stdoutOnly ? result.stdout : result.stderr + result.stdout).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            if printed.last == "" { printed.removeLast() }
            lines.replaceSubrange(run.outputLines, with: printed)
        }
        return lines.joined(separator: "\n")
    }
}
