import ArgumentParser
import PolicyCheck
import PolicyDiff
import PolicySimulator
import PolicySource
import TiercPipeline

/// How `tierc diff` writes its report.
enum DiffFormat: String, CaseIterable, ExpressibleByArgument {
    /// Like swiftc: each change with its place in NEW and an excerpt; coloured on a terminal.
    case human
    /// A table for a pull-request comment or a job summary.
    case markdown
    /// One JSON object (docs/diff.md).
    case json
    /// GitHub workflow commands: breaking changes annotate NEW's lines.
    case github
    /// SARIF 2.1.0: breaking changes as results.
    case sarif
    /// With --replay: one CSV row per tenant, month and invoice line, before and after.
    case csv
    /// One self-contained HTML page: the changes and, with --replay, revenue and refusals (docs/diff.md).
    case html
}

/// `--fail-on`: the changes that make `tierc diff` exit with status 1.
enum FailOn: String, CaseIterable, ExpressibleByArgument {
    case breaking
    case any

    var threshold: FailThreshold {
        switch self {
        case .breaking: .breaking
        case .any: .any
        }
    }
}

/// `tierc diff`: the semantic changes between two policies, each with its impact on existing customers.
struct Diff: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Compare two policies and report every change with its impact on existing customers.",
        usage: """
        tierc diff <old> [<new>] [--set <path=value> ...]
                   [--format <human|markdown|json|github|sarif|csv|html>]
                   [--fail-on <breaking|any>] [--output <file>]
                   [--replay <log> --tenants <file> [--new-tenants <file>]]
        """,
        discussion: """
        Compares the resolved policies (after `extends`), not their text: tiers added, removed or renamed, \
        prices, usage prices, every limit per meter and window, features, routes, identification, currency and \
        rounding. Each change is breaking (it takes something from an existing customer), safe or cosmetic; \
        docs/diff.md lists every kind. Both files are checked first; their errors are reported on standard \
        error as `tierc check` reports them.

        Examples:
          tierc diff tiers.yaml tiers.new.yaml
          tierc diff main.tiers.yaml tiers.yaml --format markdown --fail-on breaking
          tierc diff tiers.yaml --replay requests.jsonl --tenants tenants.yaml \\
              --new-tenants tenants.discounted.yaml

        Exit status:
          0   the report was written (and --fail-on found nothing)
          1   a policy has errors, or --fail-on found a change
          3   an input file could not be read
          4   the --output file could not be written
          64  usage error
        """
    )

    @Argument(help: ArgumentHelp("The policy before the change (tiers.yaml).", valueName: "old"))
    var old: String

    @Argument(help: ArgumentHelp("The policy after the change (tiers.yaml).", valueName: "new"))
    var new: String?

    @Option(name: .customLong("set"),
            help: ArgumentHelp("Edit NEW (or, without NEW, a copy of OLD) before comparing: a YAML value at a dotted path, e.g. tiers.starter.price=39; repeatable.",
                               valueName: "path=value"))
    var edits: [String] = []

    @Option(help: ArgumentHelp("The report format.", valueName: "human|markdown|json|github|sarif|csv|html"))
    var format: DiffFormat = .human

    @Option(help: ArgumentHelp("Write the report to this file (replaced atomically) instead of standard output.",
                               valueName: "file"))
    var output: String?

    @Option(help: ArgumentHelp("Exit with status 1 when there is a breaking change, or any change.",
                               valueName: "breaking|any"))
    var failOn: FailOn?

    @Option(help: ArgumentHelp("Replay this request log (JSON Lines; '-' for standard input) against both policies.",
                               valueName: "log"))
    var replay: String?

    @Option(help: ArgumentHelp("The tenants file (tenants.yaml) of OLD, checked against OLD: a renamed tier that tenants are still on is breaking; required with --replay, which replays the log for these tenants.", valueName: "file"))
    var tenants: String?

    @Option(help: ArgumentHelp("With --replay: the tenants file of NEW (subscription dates, discounts, tiers), checked against NEW; default: the --tenants file. Compare a tenants change alone with no <new>.", valueName: "file"))
    var newTenants: String?

    func validate() throws {
        if newTenants != nil, replay == nil {
            throw ValidationError("--new-tenants needs --replay <log> --tenants <file>: it is the tenants file of the replay's NEW side")
        }
        if newTenants == InputFile.standardInputPath {
            throw ValidationError("--new-tenants cannot be '-' (standard input)")
        }
        if replay != nil, tenants == nil {
            throw ValidationError("--replay needs --tenants: the log is replayed for the tenants of the file")
        }
        if format == .csv, replay == nil {
            throw ValidationError("--format csv lists invoice lines of a replay; add --replay <log> --tenants <file>")
        }
        if tenants == InputFile.standardInputPath || ([old, new] + [replay]).filter({ $0 == InputFile.standardInputPath }).count > 1 {
            throw ValidationError("only one of <old>, <new> and --replay can be '-' (standard input), and --tenants cannot be")
        }
        if old == InputFile.standardInputPath, new == InputFile.standardInputPath {
            throw ValidationError("only one of <old> and <new> can be '-' (standard input)")
        }
        for edit in edits where PolicyEditor.pathComponentCount(edit) > PolicyEditor.maxPathComponents {
            // Before any work: a path of thousands of keys is not an edit of a policy (docs/diff.md).
            throw ValidationError("the path of --set '\(edit.prefix(60))\(edit.count > 60 ? "…" : "")' has \(PolicyEditor.pathComponentCount(edit)) keys; "
                                  + "a path has at most \(PolicyEditor.maxPathComponents), e.g. tiers.starter.limits.api_calls.hour")
        }
        if let output, output.isEmpty || output.hasSuffix("/") {
            throw ValidationError("--output needs a file path, found '\(output)'")
        }
        if new == nil, edits.isEmpty, newTenants == nil {
            throw ValidationError("missing <new>: give the policy to compare <old> with, edits of <old> with --set PATH=VALUE, or --new-tenants")
        }
    }

    /// How to verify a signed snapshot diff does not verify (docs/diff.md).
    static let unverifiedAdvice = "verify it with `tierc inspect FILE --public-key KEY --require-signature`"

    func run() throws {
        // docs/pipeline.md#diff-inputs: the files are read here, loaded, edited and compared by DiffFrontEnd.
        let budget = YAMLBudget.default
        let frontEnd = DiffFrontEnd(budget: budget)
        let oldSource = try PolicyInput.read(old, budget: budget)
        let newSource = try new.map { try PolicyInput.read($0, budget: budget) }
        let tenantsSource = try tenants.map { try PolicyInput.readTenants($0, budget: budget) }
        var diff: LoadedDiff
        do {
            diff = try frontEnd.load(DiffInputs(old: oldSource, new: newSource, edits: edits, tenants: tenantsSource))
        } catch {
            switch error {
            case .old(let failure):
                try PolicyInput.show(failure, unverifiedAdvice: Self.unverifiedAdvice)
            case .new(let failure, let old):
                PolicyInput.show(old, unverifiedAdvice: Self.unverifiedAdvice)
                try PolicyInput.show(failure, unverifiedAdvice: Self.unverifiedAdvice)
            case .editedSnapshot(_, let old):
                PolicyInput.show(old, unverifiedAdvice: Self.unverifiedAdvice)
                Terminal.reportError(error.description)
                throw ExitStatus.usage
            }
        }
        PolicyInput.show(diff.old, unverifiedAdvice: Self.unverifiedAdvice)
        PolicyInput.show(diff.new, unverifiedAdvice: Self.unverifiedAdvice)
        let report = diff.report
        // The replay needs every tenant on a tier of NEW as well; when some are not (a renamed or removed tier),
        // the report is still printed, then the tenants' errors, and the status is 1.
        var tenantsAgainstNew: ReplayTenantsRejected?
        // NEW's tenants: --new-tenants (a subscription or discount change, alone or with policy changes), else OLD's.
        let newTenantsSource = try newTenants.map { try PolicyInput.readTenants($0, budget: budget) }
        if replay != nil {
            do { try frontEnd.checkReplayTenants(newTenantsSource, of: &diff) } catch { tenantsAgainstNew = error }
        }
        var comparison: ReplayComparison?
        if let replay, tenantsAgainstNew == nil, let oldTenants = diff.old.tenants, let newTenants = diff.new.tenants {
            comparison = try ReplayRun(log: replay).compare(old: Simulator(policy: diff.old.policy, tenants: oldTenants),
                                                            new: Simulator(policy: diff.new.policy, tenants: newTenants))
        }
        let text: String
        switch format {
        case .human:
            text = DiffHumanRenderer(colors: (output == nil || output == "-") && Terminal.stdoutSupportsColor()).render(report)
                + (comparison.map { "\n" + $0.humanText() } ?? "")
        case .markdown: text = DiffMarkdownRenderer().render(report) + (comparison?.markdown() ?? "")
        case .json:
            text = DiffJSONRenderer().render(report, extra: comparison.map { [("replay", $0.jsonValue())] } ?? [])
        case .csv:
            do {
                text = try comparison?.csv() ?? ""
            } catch {
                Terminal.reportError("cannot compare the invoices: \(error)")
                throw ExitStatus.inputHasErrors
            }
        case .github: text = DiffGitHubRenderer().render(report)
        case .sarif: text = DiffSARIFRenderer(toolVersion: Tierc.version).render(report)
        case .html: text = DiffHTMLRenderer().render(report, replay: comparison)
        }
        try Simulate.emit(to: output) { sink in try sink(text) }
        if let failed = tenantsAgainstNew {
            PolicyInput.reportDiagnostics(failed.result)
            Terminal.reportError(failed.description)
            throw ExitStatus.inputHasErrors
        }
        if let failOn, report.fails(on: failOn.threshold) { throw ExitStatus.inputHasErrors }
    }
}
