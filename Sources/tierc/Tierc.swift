import ArgumentParser
import Foundation
import PolicyCheck
import PolicyCompiler
import TiercServer

/// The `tierc` command: a root with one subcommand per job. Each subcommand is thin glue: it reads files,
/// calls the libraries (which work on values in memory) and writes their rendered output.
@main
struct Tierc: AsyncParsableCommand {
    /// tierc's version: the compiler's, written into snapshots and generated files (one constant).
    static let version = PolicyCompiler.version

    static let configuration = CommandConfiguration(
        commandName: "tierc",
        abstract: "Check, diff, compile and simulate multi-tenant SaaS tier policies.",
        discussion: """
        tierc reads a tiers.yaml policy, and optionally a tenants.yaml, and reports \
        every problem with its file, line, column and a stable diagnostic code.

        Examples:
          tierc check tiers/tiers.yaml --tenants examples/tenants.yaml
          tierc diff tiers/tiers.yaml --set tiers.starter.price=39
          tierc simulate tiers/tiers.yaml examples/requests.jsonl \\
              --tenants examples/tenants.yaml
          tierc compile tiers/tiers.yaml --out build/policy \\
              --tenants examples/tenants.yaml
          tierc inspect build/policy/policy.tierc
          tierc serve build/policy/policy.tierc --listen 127.0.0.1:8080

        \(ExitStatus.allCommandsHelpText)
        """,
        version: version,
        subcommands: [Check.self, Diff.self, Compile.self, Simulate.self, Table.self, Inspect.self, Keygen.self, Keys.self,
                      SchemaCommand.self, Serve.self]
    )

    /// ArgumentParser's entry point, after one check of its own: a first argument that is neither an option nor a
    /// command is a misspelt command, answered with the closest one (exit 64) instead of "unexpected argument".
    static func main() async {
        let arguments = Array(CommandLine.arguments.dropFirst())
        let names = configuration.subcommands.map { $0._commandName } + ["help"]
        if let first = arguments.first, !first.hasPrefix("-"), !names.contains(first) {
            let hint = Suggestion.closest(to: first, in: names).map { "; did you mean '\($0)'?" } ?? ""
            Terminal.reportError("'\(first)' is not a tierc command\(hint)\n"
                                 + "Commands: \(names.dropLast().joined(separator: ", ")). See 'tierc --help'.")
            Foundation.exit(ExitStatus.usage.rawValue)
        }
        await main(nil)
    }
}
