import PolicyCheck

/// The diff as GitHub workflow commands: a breaking change as `::error` on the line of NEW that makes it
/// (title `tierc diff: KIND`), safe and cosmetic changes as `::notice`; then the summary line in plain text.
/// A change without a place in NEW (a snapshot) is annotated without a file.
public struct DiffGitHubRenderer: Sendable {
    public init() {}

    public func render(_ report: PolicyDiffReport) -> String {
        var output = ""
        for entry in report.entries {
            let change = entry.change
            let level: GitHubCommand.Level = change.impact == .breaking ? .error : .notice
            output += GitHubCommand(level, file: entry.file == PolicyEditor.argumentsFileName ? nil : entry.file,
                                    range: entry.file == PolicyEditor.argumentsFileName ? nil : entry.range,
                                    title: "tierc diff: \(change.kind.rawValue) (\(change.impact.rawValue))",
                                    message: change.message).line + "\n"
        }
        output += GitHubCommand.plainLine(DiffHumanRenderer().summary(report)) + "\n"
        return output
    }
}
