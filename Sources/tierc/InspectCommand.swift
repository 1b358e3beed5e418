import ArgumentParser
import PolicyRuntime
import PolicyCheck
import PolicySource
import TiercPipeline

/// `tierc inspect`: verify a compiled snapshot and print its header and contents.
struct Inspect: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Verify a policy snapshot (policy.tierc) and print its header and contents.",
        usage: """
        tierc inspect <file> [--format <human|json|sarif|github>]
                      [--public-key <file> [--require-signature]]
        """,
        discussion: """
        Loads the snapshot as the runtime does, treating it as untrusted: magic, format version, lengths, the \
        SHA-256 checksum over every byte, the signature (with --public-key), then every section. Prints the \
        header (policy, fingerprint, revision, compiler, source revision), the sections, the policy's meters, \
        features and tiers with their prices and limits, and the number of tenants. A snapshot that fails a \
        check is reported on standard error with the byte offset of the problem (docs/snapshot-format.md \
        lists every error); with --format json, sarif or github it is reported on standard output instead, \
        as a finding with its code and byte offset, as `tierc check` reports a policy's problems \
        (docs/diagnostics.md). With sarif and github a valid snapshot is a report without findings.

        Examples:
          tierc inspect build/policy.tierc
          tierc inspect build/policy.tierc --public-key keys/signing.pub \\
              --require-signature
          tierc inspect build/policy.tierc --format json | jq .header.fingerprint
          tierc inspect build/policy.tierc --format sarif > inspect.sarif

        Exit status:
          0   the snapshot is valid (and its signature verified, when a public key
              was given and it is signed)
          1   the snapshot is invalid: truncated, not a snapshot, unsupported
              version, checksum mismatch, bad or missing signature, malformed
              section; or the public key file is not a tierc public key (with
              --format json, sarif or github: the finding on standard output)
          3   the snapshot or the public key file could not be read
          64  usage error
        """
    )

    /// The largest file read as a snapshot; a policy of 1,000 tiers takes well under 1 MiB.
    static let maxSnapshotBytes = PolicyFrontEnd.maxSnapshotBytes

    @Argument(help: ArgumentHelp("The snapshot file; '-' reads standard input.", valueName: "file"))
    var file: String

    @Option(help: ArgumentHelp("The output format: the snapshot's contents (human, json); a snapshot that does not load is a finding in json, sarif and github (docs/cli.md#findings).",
                               valueName: "human|json|sarif|github"))
    var format: FindingsFormat = .human

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
        let requirement = try Self.signatureRequirement(publicKey: publicKey, requireSignature: requireSignature,
                                                        format: format)
        let source: SourceFile
        do {
            source = try InputFile.read(file, limit: Self.maxSnapshotBytes + 1)
        } catch {
            Terminal.reportError(error.description)
            throw ExitStatus.unreadableInput
        }
        guard source.bytes.count <= Self.maxSnapshotBytes else {
            let error = PolicyLoadError.snapshotTooLarge(file: source.name, limit: Self.maxSnapshotBytes)
            try reject(error.diagnostics[0], source: source)
        }
        let snapshot: Snapshot
        do {
            snapshot = try Snapshot.load(source.bytes, signature: requirement)
        } catch {
            try reject(error.diagnostic(file: source.name, bytes: source.bytes), source: source)
        }
        let report = SnapshotReport(file: source.name, snapshot: snapshot)
        switch format {
        case .human: Terminal.writeStdout(report.human())
        case .json: Terminal.writeStdout(report.json())
        // A valid snapshot has no findings: the report of none (docs/cli.md#findings).
        case .sarif, .github: Terminal.writeStdout(format.render(Findings(sources: [source])))
        }
    }

    /// Reports an invalid snapshot and ends the command (status 1): in a findings format as the report of its one
    /// finding on standard output, else as one line on standard error (the message may quote the hostile bytes:
    /// made safe for a terminal, `UntrustedText.safe`).
    private func reject(_ finding: Diagnostic, source: SourceFile) throws -> Never {
        if format.isMachineReadable {
            Terminal.writeStdout(format.render(Findings([finding], sources: [source])))
        } else {
            Terminal.reportError("\(finding.file): \(UntrustedText.safe(finding.message))")
        }
        throw ExitStatus.inputHasErrors
    }

    /// What `--public-key` and `--require-signature` ask of a snapshot (`inspect`, `simulate`): the key file is
    /// read (exit status 3 when it cannot be) and parsed (1 when it is not a tierc public key: an `invalid-key-file`
    /// finding, reported on standard output in a findings `format`, else on standard error).
    static func signatureRequirement(publicKey: String?, requireSignature: Bool,
                                     format: FindingsFormat = .human) throws -> SignatureRequirement {
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
            if format.isMachineReadable {
                Terminal.writeStdout(format.render(Findings([error.diagnostic(file: publicKey)])))
            } else {
                Terminal.reportError("\(publicKey): \(error)")
            }
            throw ExitStatus.inputHasErrors
        }
    }
}
