#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import ArgumentParser
import PolicyCheck

/// `tierc schema`: print (or write) the JSON Schema of tiers.yaml or tenants.yaml.
struct SchemaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema",
        abstract: "Print the JSON Schema of tiers.yaml (for editors and CI).",
        discussion: """
        The schema (JSON Schema draft-07) mirrors what `tierc check` accepts: the keys at each place, identifiers, \
        money and limit syntax. Editors that use yaml-language-server (VS Code's YAML extension, Neovim, Helix, Zed) \
        validate and complete a file that starts with
          # yaml-language-server: $schema=./tiers.schema.json
        Cross-references (undefined names, `extends`, counter versus gauge limits) are only checked by `tierc check`.

        Examples:
          tierc schema --output tiers/tiers.schema.json
          tierc schema --tenants --output tiers/tenants.schema.json

        Exit status:
          0   the schema was printed or written
          4   the output file could not be written
          64  usage error: unknown option, missing argument, bad value
        """
    )

    @Flag(help: "Print the schema of tenants.yaml instead of tiers.yaml.")
    var tenants = false

    @Option(help: ArgumentHelp("Write the schema to this file (replaced atomically) instead of standard output; "
                               + "'-' is standard output.", valueName: "file"))
    var output: String?

    func validate() throws {
        if let output, output.isEmpty || output.hasSuffix("/") {
            throw ValidationError("--output needs a file path, found '\(output)'")
        }
    }

    func run() throws {
        let schema = tenants ? PolicySchema.tenantsJSONSchema() : PolicySchema.jsonSchema()
        guard let output, output != InputFile.standardInputPath else {
            Terminal.writeStdout(schema)
            return
        }
        do {
            try AtomicFile.replace(output, with: Array(schema.utf8))
        } catch {
            Terminal.reportError(error.description)
            throw ExitStatus.unwritableOutput
        }
    }
}
