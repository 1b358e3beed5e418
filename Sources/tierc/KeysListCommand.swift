import ArgumentParser
import PolicyCheck
import PolicyModel

/// The formats of `tierc keys list`.
enum KeysListFormat: String, CaseIterable, ExpressibleByArgument {
    case human
    case json
}

/// `tierc keys list`: the `keys:` entries of tenants.yaml and their state (docs/cli.md, "keys").
struct KeysList: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the tenants' API keys: label, prefix, created, state.",
        discussion: """
        Lists the `keys:` entries of every tenant in file order: tenant, name, \
        display prefix, created date and state (active, or revoked since a date) \
        on --on (default: today, UTC). Keys never appear: the file holds only \
        their SHA-256. Raw `api_keys` and bare `api_key_hashes` are not listed.

        Examples:
          tierc keys list --tenants examples/tenants.yaml
          tierc keys list --tenants examples/tenants.yaml --format json \\
              --on 2026-01-01

        \(KeysExitStatus.helpText)
        """
    )

    @Option(help: ArgumentHelp("The tenants file.", valueName: "file"))
    var tenants: String

    @Option(help: "Output format: human or json.")
    var format: KeysListFormat = .human

    @Option(help: ArgumentHelp("The day (UTC) the state is judged on. Default: today.", valueName: "YYYY-MM-DD"))
    var on: String?

    func validate() throws {
        if let on { _ = try TenantsFileUpdate.parseDay(on, option: "--on") }
    }

    func run() throws {
        let day = try on.map { try TenantsFileUpdate.parseDay($0, option: "--on") } ?? TenantsFileUpdate.today()
        let editor = try TenantsFileUpdate.editor(tenants)
        let listing = KeyListing(entries: editor.entries, on: day)
        Terminal.writeStdout(format == .json ? listing.json() : listing.human())
    }
}
