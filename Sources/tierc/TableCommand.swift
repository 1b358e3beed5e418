import ArgumentParser
import PolicyModel
import ReportKit
import TiercPipeline

/// How `tierc table` writes the comparison.
enum TableFormat: String, CaseIterable, ExpressibleByArgument {
    /// GitHub-flavoured Markdown tables (the pricing guide's).
    case markdown
    /// One self-contained HTML page.
    case html
    /// One JSON object with each table's columns and machine values.
    case json
    /// One CSV row per tier with every column, machine values.
    case csv
}

/// `tierc table`: the tier comparison of a pricing page or a review, from the resolved policy.
struct Table: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "table",
        abstract: "Print the tier comparison (limits, storage, price, features, usage prices).",
        usage: """
        tierc table <policy> [--format <markdown|html|json|csv>]
                    [--output <file>]
        """,
        discussion: """
        Checks the policy as `tierc check` does (errors on standard error, exit status 1), resolves `extends`, \
        and prints one row per tier: every limit of every counter meter and window some tier limits, every \
        gauge meter (with its unit), and the base price; then the features (✓ or —) and the usage prices \
        (docs/cli.md). Markdown and HTML are for people (thousands separators, currency symbols); JSON and CSV \
        carry plain values.

        Examples:
          tierc table tiers/tiers.yaml
          tierc table tiers/tiers.yaml --format html --output tiers.html

        Exit status:
          0   the table was written
          1   the policy has errors
          3   the policy could not be read
          4   the --output file could not be written
          64  usage error
        """
    )

    @Argument(help: ArgumentHelp("The policy: a tiers.yaml, or a snapshot written by `tierc compile`.", valueName: "policy"))
    var policy: String

    @Option(help: ArgumentHelp("The output format.", valueName: "markdown|html|json|csv"))
    var format: TableFormat = .markdown

    @Option(help: ArgumentHelp("Write the table to this file (replaced atomically) instead of standard output.",
                               valueName: "file"))
    var output: String?

    func validate() throws {
        if let output, output.isEmpty || output.hasSuffix("/") {
            throw ValidationError("--output needs a file path, found '\(output)'")
        }
    }

    func run() throws {
        let loaded = try PolicyInput.load(policy)
        let table = TierTable(policy: loaded.policy)
        let text: String
        switch format {
        case .markdown: text = table.markdown()
        case .html: text = table.html()
        case .json: text = table.json()
        case .csv: text = table.csv()
        }
        try Simulate.emit(to: output) { sink in try sink(text) }
    }
}
