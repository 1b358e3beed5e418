import ArgumentParser
import PolicyCheck
import PolicySource

/// The policy and tenants files a command reads; shared by the commands that take a policy.
struct PolicyInputOptions: ParsableArguments {
    @Argument(help: ArgumentHelp("The policy file (tiers.yaml); '-' reads standard input.", valueName: "policy"))
    var policy: String

    @Option(help: ArgumentHelp("A tenants file (tenants.yaml) to check against the policy.", valueName: "file"))
    var tenants: String?

    func validate() throws {
        if policy == InputFile.standardInputPath, tenants == InputFile.standardInputPath {
            throw ValidationError("only one of <policy> and --tenants can be '-' (standard input)")
        }
    }

    /// Reads both files, reporting each one that cannot be read; exits with status 3 if any could not.
    func read(budget: YAMLBudget) throws -> (policy: SourceFile, tenants: SourceFile?) {
        try Self.readFiles(policy: policy, tenants: tenants, budget: budget)
    }

    /// Reads a policy and an optional tenants file, reporting each one that cannot be read; exits with
    /// status 3 if any could not.
    static func readFiles(policy: String, tenants: String?, budget: YAMLBudget) throws -> (policy: SourceFile, tenants: SourceFile?) {
        var failed = false
        func load(_ path: String) -> SourceFile? {
            do {
                return try InputFile.read(path, limit: budget.maxInputBytes + 1)
            } catch {
                Terminal.reportError(error.description)
                failed = true
                return nil
            }
        }
        let policyFile = load(policy)
        let tenantsFile = tenants.flatMap(load)
        guard !failed, let policyFile else { throw ExitStatus.unreadableInput }
        return (policyFile, tenantsFile)
    }
}

/// `tierc check`: validate a policy (and tenants) and report every diagnostic.
struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate a tier policy (and optionally a tenants file) and report every problem.",
        usage: """
        tierc check <policy> [--tenants <file>]
                    [--format <human|json|sarif|github>]
                    [--disable <code> ...] [--warnings-as-errors]
        """,
        discussion: """
        Reports every error and warning of both files in one pass, each with its file, line, column and a \
        stable code (see docs/diagnostics.md). The report goes to standard output; only tierc's own \
        problems (an unreadable file, bad usage) go to standard error. Colours are used when standard output \
        is a terminal, NO_COLOR is unset or empty and TERM is not 'dumb'.

        Examples:
          tierc check tiers/tiers.yaml --tenants examples/tenants.yaml
          tierc check tiers.yaml --format json --disable unused-feature
          tierc check tiers.yaml --warnings-as-errors
          tierc check tiers.yaml --format sarif > tierc.sarif
          tierc check tiers.yaml --format github   # annotations in GitHub Actions

        Warning codes that --disable accepts:
          \(DiagnosticCatalog.warningCodes.map(\.rawValue).joined(separator: "\n  "))

        \(ExitStatus.helpText)
        """
    )

    @OptionGroup var input: PolicyInputOptions

    @Option(help: ArgumentHelp("The report format.", valueName: "human|json|sarif|github"))
    var format: FindingsFormat = .human

    @Option(name: .customLong("disable"),
            help: ArgumentHelp("Do not report warnings with this code; repeatable.", valueName: "code"))
    var disabled: [String] = []

    @Flag(help: "Report warnings as errors (and exit with status 1 when there are any).")
    var warningsAsErrors = false

    /// A second file, most often a tenants file given without `--tenants`: refused with that hint.
    @Argument(help: .hidden)
    var extraFiles: [String] = []

    func validate() throws {
        if let extra = extraFiles.first {
            throw ValidationError("check reads one policy file; to check '\(extra)' as the tenants of that policy, use "
                                  + "--tenants: tierc check \(input.policy) --tenants \(extra)")
        }
        for code in disabled {
            try Self.validateDisabled(code)
        }
    }

    /// Accepts warning codes only; an error code, or an unknown one with the closest warning code suggested,
    /// is a usage error.
    static func validateDisabled(_ code: String) throws {
        let warnings = DiagnosticCatalog.warningCodes.map(\.rawValue)
        if warnings.contains(code) { return }
        if let kind = DiagnosticCatalog.kind(DiagnosticCode(code)) {
            throw ValidationError("cannot disable '\(code)': it is an \(kind.severity.rawValue); only warnings can be disabled")
        }
        if let suggestion = Suggestion.closest(to: code, in: warnings) {
            throw ValidationError("unknown warning code '\(code)' for --disable; did you mean '\(suggestion)'?")
        }
        throw ValidationError("unknown warning code '\(code)' for --disable; warning codes are: \(warnings.joined(separator: ", "))")
    }

    func run() throws {
        let budget = YAMLBudget.default
        let files = try input.read(budget: budget)
        let options = CheckOptions(disabled: Set(disabled.map { DiagnosticCode(rawValue: $0) }), warningsAsErrors: warningsAsErrors)
        let result = PolicyChecker.check(policy: files.policy, tenants: files.tenants, options: options, budget: budget)
        Terminal.writeStdout(format.render(result, colors: Terminal.stdoutSupportsColor()))
        if result.hasErrors { throw ExitStatus.inputHasErrors }
    }
}
