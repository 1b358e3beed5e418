/// What `--format github` prints (docs/cli.md#findings, docs/diff.md): one workflow command per finding, then a
/// plain summary line that the runner prints as it is. The findings of check, compile and inspect
/// (``GitHubRenderer``) and the changes of `tierc diff` are both written through it, so the two agree on the
/// escaping and on the summary line's guard (``GitHubCommand/plainLine(_:)``).
public struct GitHubAnnotations: Sendable, Hashable {
    /// The annotations, in the order to print them.
    public var commands: [GitHubCommand]
    /// The closing line (`tiers.yaml: 1 error, no warnings`), as text: escaped when serialized.
    public var summary: String

    public init(_ commands: [GitHubCommand], summary: String) {
        self.commands = commands
        self.summary = summary
    }

    /// Each command's line, then the summary's, each ended by a line feed.
    public func serialized() -> String {
        var output = ""
        for command in commands { output += command.line + "\n" }
        output += GitHubCommand.plainLine(summary) + "\n"
        return output
    }
}
