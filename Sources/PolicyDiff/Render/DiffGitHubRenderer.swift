public import PolicyCheck

/// The diff as GitHub workflow commands (Reporting's ``GitHubAnnotations``): a breaking change as `::error` on the
/// line of NEW that makes it (title `tierc diff: KIND (IMPACT)`), safe and cosmetic changes as `::notice`; then the
/// human summary line in plain text. A change without a place in NEW (a snapshot, a `--set` argument) is annotated
/// without a file (docs/diff.md, `github`).
public struct DiffGitHubRenderer: Sendable {
    public init() {}

    public func render(_ report: PolicyDiffReport) -> String {
        annotations(report).serialized()
    }

    /// One command per change, in the report's order, and the summary of ``DiffHumanRenderer``.
    public func annotations(_ report: PolicyDiffReport) -> GitHubAnnotations {
        GitHubAnnotations(report.entries.map { entry in
            let change = entry.change
            let inFile = entry.file == PolicyEditor.argumentsFileName ? nil : entry.file
            return GitHubCommand(change.impact == .breaking ? .error : .notice, file: inFile,
                                 range: inFile == nil ? nil : entry.range,
                                 title: "tierc diff: \(change.kind.rawValue) (\(change.impact.rawValue))",
                                 message: change.message)
        }, summary: DiffHumanRenderer().summary(report))
    }
}
