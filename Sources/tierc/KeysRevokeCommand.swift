import ArgumentParser
import PolicyCheck
import PolicyModel

/// `tierc keys revoke`: sets a key's `revoked` date in tenants.yaml (docs/cli.md, "keys").
struct KeysRevoke: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "revoke",
        abstract: "Revoke a tenant's API key from a date on.",
        usage: """
        tierc keys revoke <tenant> <prefix-or-label> --tenants <file>
                          [--on YYYY-MM-DD]
        """,
        discussion: """
        Adds `revoked: DATE` to the tenant's `keys:` entry whose name is the \
        given label or whose display prefix starts with the given text. The \
        entry stays in the file for audit. From 00:00 UTC of that date the key \
        identifies nobody: 401 (historical logs are judged by the date).

        Examples:
          tierc keys revoke tenant-a backend --tenants examples/tenants.yaml
          tierc keys revoke tenant-a omni_Xy3k --tenants tenants.yaml \\
              --on 2026-01-01

        \(KeysExitStatus.helpText)
        """
    )

    @Argument(help: "The tenant id.")
    var tenant: String

    @Argument(help: ArgumentHelp("The key's name, or the start of its display prefix.", valueName: "prefix-or-label"))
    var key: String

    @Option(help: ArgumentHelp("The tenants file.", valueName: "file"))
    var tenants: String

    @Option(help: ArgumentHelp("The first day (UTC) the key is refused. Default: today.", valueName: "YYYY-MM-DD"))
    var on: String?

    func validate() throws {
        try TenantsFileUpdate.validatePath(tenants)
        if let on { _ = try TenantsFileUpdate.parseDay(on, option: "--on") }
        if key.isEmpty { throw ValidationError("the key's name or prefix must not be empty") }
    }

    func run() throws {
        let day = try on.map { try TenantsFileUpdate.parseDay($0, option: "--on") } ?? TenantsFileUpdate.today()
        let entry = try TenantsFileUpdate.update(tenants) { editor throws(TenantKeysError) in
            let revoked = try editor.revoking(tenant: tenant, selector: key, on: day)
            return (revoked.text, revoked.entry)
        }
        let shown = [entry.name, entry.prefix].compactMap { $0 }.joined(separator: " ")
        Terminal.writeStdout("revoked key \(shown.isEmpty ? String(entry.hash.prefix(12)) : shown) of tenant `\(tenant)` "
                             + "from \(day) (00:00 UTC) in \(tenants)\n")
    }
}
