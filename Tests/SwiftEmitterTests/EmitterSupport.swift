import Foundation
import PolicyCheck
import PolicyModel
import PolicySource
import Testing

/// Policies from YAML, the References folder and golden-file comparison for the Swift emitter's tests.
enum EmitterSupport {
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    /// Golden files and fixtures, in the source tree (re-recorded there).
    static let references = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("References")

    /// Set `TIERC_RECORD=1` to rewrite golden files from the current output instead of comparing.
    static var recording: Bool { ProcessInfo.processInfo.environment["TIERC_RECORD"] == "1" }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Checks `yaml` and returns its resolved policy; errors (not warnings) fail with their diagnostics.
    static func policy(_ yaml: String, name: String = "tiers.yaml") throws -> Policy {
        let result = PolicyChecker.check(policy: SourceFile(name: name, text: yaml))
        guard let policy = result.policy, !result.hasErrors else {
            throw Failure(description: result.diagnostics.map { "\($0.file):\($0.range.start): \($0.code): \($0.message)" }
                .joined(separator: "\n"))
        }
        return policy
    }

    static func text(_ url: URL) throws -> String {
        try String(contentsOf: url, encoding: .utf8)
    }

    /// The policies with committed golden files: the service's tiers.yaml and the fixtures in References.
    static let goldenPolicies: [GoldenPolicy] = [
        GoldenPolicy(name: "tiers", source: repositoryRoot.appendingPathComponent("tiers/tiers.yaml")),
        GoldenPolicy(name: "every-construct", source: references.appendingPathComponent("every-construct.tiers.yaml")),
        GoldenPolicy(name: "minimal", source: references.appendingPathComponent("minimal.tiers.yaml")),
        GoldenPolicy(name: "hostile-names", source: references.appendingPathComponent("hostile-names.tiers.yaml")),
    ]

    /// Compares `actual` with the golden file `References/<relative>`, or records it when recording. Returns nil when
    /// equal, else a readable difference.
    static func compareGolden(_ actual: String, _ relative: String) throws -> String? {
        let url = references.appendingPathComponent(relative)
        if recording {
            try Data(actual.utf8).write(to: url)
            return nil
        }
        guard let data = try? Data(contentsOf: url) else {
            return "missing golden file References/\(relative); run the tests with TIERC_RECORD=1 to record it"
        }
        let expected = String(decoding: data, as: UTF8.self)
        guard expected != actual else { return nil }
        return "References/\(relative) differs from the emitted text (TIERC_RECORD=1 swift test re-records it):\n"
            + LineDiff.unified(expected: expected, actual: actual)
    }
}

/// A policy whose generated Swift is committed as `References/<name>.Policy.swift`.
struct GoldenPolicy: Sendable, CustomTestStringConvertible {
    var name: String
    var source: URL

    var goldenFile: String { name + ".Policy.swift" }
    var testDescription: String { name }

    func policy() throws -> Policy {
        try EmitterSupport.policy(EmitterSupport.text(source), name: source.lastPathComponent)
    }
}

/// A one-hunk unified diff: the lines between the common prefix and the common suffix, with context.
enum LineDiff {
    static func unified(expected: String, actual: String, context: Int = 3, limit: Int = 40) -> String {
        let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
        var prefix = 0
        while prefix < e.count, prefix < a.count, e[prefix] == a[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < e.count - prefix, suffix < a.count - prefix, e[e.count - 1 - suffix] == a[a.count - 1 - suffix] {
            suffix += 1
        }
        let start = max(0, prefix - context)
        let removed = e[prefix..<(e.count - suffix)]
        let added = a[prefix..<(a.count - suffix)]
        let after = min(context, suffix)
        var lines = ["--- expected", "+++ actual",
                     "@@ -\(start + 1),\(prefix - start + removed.count + after) +\(start + 1),\(prefix - start + added.count + after) @@"]
        lines += e[start..<prefix].map { " " + $0 }
        lines += removed.prefix(limit).map { "-" + $0 }
        if removed.count > limit { lines.append("-… \(removed.count - limit) more lines") }
        lines += added.prefix(limit).map { "+" + $0 }
        if added.count > limit { lines.append("+… \(added.count - limit) more lines") }
        lines += e[(e.count - suffix)..<(e.count - suffix + after)].map { " " + $0 }
        return lines.joined(separator: "\n")
    }
}
