#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import ArgumentParser
import PolicyCompiler
import PolicyRuntime

/// `tierc keygen`: create an Ed25519 key pair for signing snapshots.
struct Keygen: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keygen",
        abstract: "Create an Ed25519 key pair for signing policy snapshots.",
        discussion: """
        Writes <prefix>.key, the private key (mode 0600: keep it secret, e.g. in the CI secret store), and \
        <prefix>.pub, the public key that runtimes and `tierc inspect --public-key` verify snapshots with. \
        Each file is one line, `tierc-ed25519-private:` or `tierc-ed25519-public:` followed by the base64 of \
        the 32 key bytes (docs/snapshot-format.md). Existing files are never replaced without --force.

        Examples:
          tierc keygen --out keys/policy-signing
          tierc compile tiers/tiers.yaml --out build \\
              --sign-key keys/policy-signing.key
          tierc inspect build/policy.tierc \\
              --public-key keys/policy-signing.pub --require-signature

        Exit status:
          0   both files were written
          4   a file could not be written (it exists and --force was not given,
              or its directory cannot be created or is read-only)
          64  usage error
        """
    )

    @Option(help: ArgumentHelp("Write <prefix>.key and <prefix>.pub.", valueName: "prefix"))
    var out: String

    @Flag(help: "Replace existing key files (the old private key is lost).")
    var force = false

    func validate() throws {
        if out.isEmpty || out.hasSuffix("/") || out == InputFile.standardInputPath {
            throw ValidationError("--out needs a file name prefix such as 'keys/signing', found '\(out)'")
        }
    }

    func run() throws {
        let privatePath = out + ".key"
        let publicPath = out + ".pub"
        if !force {
            for path in [privatePath, publicPath] where access(path, F_OK) == 0 {
                Terminal.reportError("'\(path)' already exists; use --force to replace it (snapshots signed with the old "
                                     + "key then no longer verify with the new public key)")
                throw ExitStatus.unwritableOutput
            }
        }
        // Like `compile --out`: the prefix's folder is created when missing (docs/cli.md, keygen).
        if let slash = out.lastIndex(of: "/"), slash != out.startIndex {
            do {
                try Compile.makeDirectory(String(out[..<slash]))
            } catch {
                Terminal.reportError(error.description)
                throw ExitStatus.unwritableOutput
            }
        }
        let key = SnapshotSigningKey.generate()
        do {
            try AtomicFile.replace(privatePath, with: Array(key.keyFileText.utf8), mode: 0o600, overwrite: force)
        } catch {
            Terminal.reportError(error.description)
            throw ExitStatus.unwritableOutput
        }
        do {
            try AtomicFile.replace(publicPath, with: Array(key.publicKey.keyFileText.utf8), overwrite: force)
        } catch {
            // No private key without its public half.
            unlink(privatePath)
            Terminal.reportError(error.description)
            throw ExitStatus.unwritableOutput
        }
        Terminal.writeStdout("wrote \(privatePath) (private key: keep it secret) and \(publicPath) (public key \(key.publicKey.keyID))\n")
    }
}
