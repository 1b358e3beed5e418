import ArgumentParser
import PolicyCheck

/// How a command writes its findings (docs/cli.md#findings): `tierc check`'s `--format`, and `inspect`'s and
/// `compile`'s for their problems.
enum FindingsFormat: String, CaseIterable, ExpressibleByArgument {
    /// Source excerpts with carets, like swiftc; coloured on a terminal.
    case human
    /// One JSON object, documented in docs/cli.md.
    case json
    /// SARIF 2.1.0, for code scanning (one rule per diagnostic code).
    case sarif
    /// GitHub workflow commands that annotate the pull request's lines.
    case github

    /// The report of `findings` in this format; `colors` is for `human` only.
    func render(_ findings: some DiagnosticReport, colors: Bool = false) -> String {
        switch self {
        case .human: HumanRenderer(colors: colors).render(findings)
        case .json: JSONRenderer().render(findings)
        case .sarif: SARIFRenderer(toolVersion: Tierc.version).render(findings)
        case .github: GitHubRenderer().render(findings)
        }
    }

    /// Whether the findings are one report on standard output for a tool (json, sarif, github), rather than the
    /// human lines of each command.
    var isMachineReadable: Bool { self != .human }
}
