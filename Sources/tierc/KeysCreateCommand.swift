import ArgumentParser
import PolicyCheck
import PolicyModel
import PolicySource

/// `tierc keys create`: a new key for a tenant, printed once; tenants.yaml gets its hash (docs/cli.md, "keys").
struct KeysCreate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Create an API key for a tenant and print it once.",
        usage: """
        tierc keys create <tenant> --tenants <file>
                          [--name <label>] [--prefix <text>]
        """,
        discussion: """
        Makes a key from the system's secure random source: the prefix, then 32 \
        random bytes in base64url without padding (43 characters). Standard \
        output gets the key and nothing else; it is never written to disk. The \
        tenant gets a `keys:` entry in tenants.yaml with the key's SHA-256, its \
        display prefix (the prefix and the next 4 characters), the --name label \
        and today's date (UTC) as `created`. The file is rewritten atomically; \
        its comments, order and layout are kept.

        Examples:
          tierc keys create tenant-a --tenants examples/tenants.yaml \\
              --name backend
          KEY=$(tierc keys create tenant-b --tenants tenants.yaml --prefix sk_)

        \(KeysExitStatus.helpText)
        """
    )

    @Argument(help: "The tenant id (a key of `tenants:` in the file).")
    var tenant: String

    @Option(help: ArgumentHelp("The tenants file to add the key to.", valueName: "file"))
    var tenants: String

    @Option(help: ArgumentHelp("A label for the key, e.g. the service that uses it.", valueName: "label"))
    var name: String?

    @Option(help: ArgumentHelp("The key's prefix: up to 32 of A-Z a-z 0-9 _ -.", valueName: "text"))
    var prefix: String = GeneratedAPIKey.defaultPrefix

    func validate() throws {
        try TenantsFileUpdate.validatePath(tenants)
        guard GeneratedAPIKey.isValidPrefix(prefix) else {
            throw ValidationError("--prefix must be at most 32 of A-Z a-z 0-9 _ -, found '\(prefix)'")
        }
    }

    func run() throws {
        let generated = GeneratedAPIKey(prefix: prefix)
        let entry = APIKeyEntry(tenant: tenant, hash: generated.hash, prefix: generated.displayPrefix, name: name,
                                created: TenantsFileUpdate.today(), range: .fileStart)
        try TenantsFileUpdate.update(tenants) { editor throws(TenantKeysError) in (try editor.adding(entry), ()) }
        Terminal.writeStdout(generated.key + "\n")
        Terminal.writeStderr("tierc: added key \(generated.displayPrefix)… to tenant `\(tenant)` in \(tenants); "
                             + "the key above is shown only this once\n")
    }
}
