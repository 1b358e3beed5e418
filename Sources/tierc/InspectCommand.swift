import ArgumentParser
import PolicyRuntime
import PolicySource
import TiercPipeline

/// `tierc inspect`: verify a compiled snapshot and print its header and contents.
struct Inspect: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Verify a policy snapshot (policy.tierc) and print its header and contents.",
        usage: """
        tierc inspect <file> [--format <human|json>]
                      [--public-key <file> [--require-signature]]
        """,
        discussion: """
        Loads the snapshot as the runtime does, treating it as untrusted: magic, format version, lengths, the \
        SHA-256 checksum over every byte, the signature (with --public-key), then every section. Prints the \
        header (policy, fingerprint, revision, compiler, source revision), the sections, the policy's meters, \
        features and tiers with their prices and limits, and the number of tenants. A snapshot that fails a \
        check is reported on standard error with the byte offset of the problem (docs/snapshot-format.md \
        lists every error).

        Examples:
          tierc inspect build/policy.tierc
          tierc inspect build/policy.tierc --public-key keys/signing.pub \\
              --require-signature
          tierc inspect build/policy.tierc --format json | jq .header.fingerprint

        Exit status:
          0   the snapshot is valid (and its signature verified, when a public key
              was given and it is signed)
          1   the snapshot is invalid: truncated, not a snapshot, unsupported
              version, checksum mismatch, bad or missing signature, malformed
              section; or the public key file is not a tierc public key
          3   the snapshot or the public key file could not be read
          64  usage error
        """
    )

    /// The largest file read as a snapshot; a policy of 1,000 tiers takes well under 1 MiB.
    static let maxSnapshotBytes = PolicyFrontEnd.maxSnapshotBytes

    @Argument(help: ArgumentHelp("The snapshot file; '-' reads standard input.", valueName: "file"))
    var file: String

    @Option(help: ArgumentHelp("The output format.", valueName: "human|json"))
    var format: OutputFormat = .human

    @Option(name: .customLong("public-key"),
            help: ArgumentHelp("Verify the snapshot's signature with this public key file (<prefix>.pub of `tierc keygen`).",
                               valueName: "file"))
    var publicKey: String?

    @Flag(help: "Refuse an unsigned snapshot (needs --public-key).")
    var requireSignature = false

    func validate() throws {
        if requireSignature, publicKey == nil {
            throw ValidationError("--require-signature needs --public-key to verify the signature with")
        }
        if publicKey == InputFile.standardInputPath {
            throw ValidationError("--public-key must be a file, not '-'")
        }
    }

    func run() throws {
        let requirement = try Self.signatureRequirement(publicKey: publicKey, requireSignature: requireSignature)
        let input: [UInt8]
        let name: String
        do {
            let source = try InputFile.read(file, limit: Self.maxSnapshotBytes + 1)
            input = source.bytes
            name = source.name
        } catch {
            Terminal.reportError(error.description)
            throw ExitStatus.unreadableInput
        }
        guard input.count <= Self.maxSnapshotBytes else {
            Terminal.reportError("\(name): larger than \(Self.maxSnapshotBytes / 1_048_576) MiB, not a snapshot tierc wrote")
            throw ExitStatus.inputHasErrors
        }
        let snapshot: Snapshot
        do {
            snapshot = try Snapshot.load(input, signature: requirement)
        } catch {
            var message = "\(name): \(SnapshotReport.safe(error.description))"
            if case .badMagic = error, input.prefix(64).allSatisfy({ $0 == 0x09 || $0 == 0x0A || $0 == 0x0D || (0x20...0x7E).contains($0) }) {
                message += "; this looks like text: a tiers.yaml becomes a snapshot with `tierc compile`"
            }
            Terminal.reportError(message)
            throw ExitStatus.inputHasErrors
        }
        let report = SnapshotReport(file: name, snapshot: snapshot)
        Terminal.writeStdout(format == .json ? report.json() : report.human())
    }

    private func signatureRequirement() throws -> SignatureRequirement {
        try Self.signatureRequirement(publicKey: publicKey, requireSignature: requireSignature)
    }

    /// What `--public-key` and `--require-signature` ask of a snapshot (`inspect`, `simulate`): the key file is
    /// read (exit status 3 when it cannot be) and parsed (1 when it is not a tierc public key).
    static func signatureRequirement(publicKey: String?, requireSignature: Bool) throws -> SignatureRequirement {
        guard let publicKey else { return .ignore }
        let text: String
        do {
            text = String(decoding: try InputFile.read(publicKey, limit: 64 * 1024).bytes, as: UTF8.self)
        } catch {
            Terminal.reportError(error.description)
            throw ExitStatus.unreadableInput
        }
        do {
            let key = try SnapshotPublicKey(keyFileText: text)
            return requireSignature ? .require(key) : .verifyIfPresent(key)
        } catch {
            Terminal.reportError("\(publicKey): \(error)")
            throw ExitStatus.inputHasErrors
        }
    }
}
