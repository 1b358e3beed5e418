import ArgumentParser

/// `tierc keys`: create, list and revoke the API keys of tenants.yaml (docs/cli.md, "keys").
struct Keys: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "Create, list and revoke tenants' API keys in tenants.yaml.",
        discussion: """
        A key is made once from the system's secure random source and printed \
        once; tenants.yaml keeps only its SHA-256, a short display prefix, a \
        label and dates (docs/policy-format.md, "keys entries"). A revoked key \
        stays in the file for audit and identifies nobody from 00:00 UTC of its \
        `revoked` day: 401 in `tierc simulate`, `tierc serve`, the snapshot and \
        the generated SQL.

        Examples:
          tierc keys create tenant-a --tenants examples/tenants.yaml \\
              --name backend
          tierc keys list --tenants examples/tenants.yaml
          tierc keys revoke tenant-a backend --tenants examples/tenants.yaml

        Exit status:
          0   success
          1   the tenants file has errors, or no such tenant or key
          3   the tenants file could not be read
          4   the tenants file could not be written
          64  usage error
        """,
        subcommands: [KeysCreate.self, KeysList.self, KeysRevoke.self]
    )
}

/// The exit statuses of the `keys` subcommands, for their `--help`.
enum KeysExitStatus {
    static let helpText = """
    Exit status:
      0   success
      1   the tenants file has errors, or no such tenant or key
      3   the tenants file could not be read
      4   the tenants file could not be written
      64  usage error
    """
}
