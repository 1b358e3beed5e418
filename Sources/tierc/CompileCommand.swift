#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ArgumentParser
import PolicyCheck
import PolicyCompiler
import PolicyModel
import PolicyRuntime
import PolicySource
import TiercPipeline

/// `tierc compile`: check a policy, then write what the runtime components load.
struct Compile: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compile",
        abstract: "Compile a tier policy into a binary snapshot, generated Swift and PostgreSQL for the runtime.",
        usage: """
        tierc compile <policy> --out <dir> [--tenants <file>]
                      [--revision <n>] [--source-revision <label>]
                      [--sign-key <file>] [--format <human|json|sarif|github>]
        """,
        discussion: """
        Checks the policy (and tenants) first: errors are reported as `tierc check` reports them, on standard \
        error, and nothing is written (exit status 1); warnings are reported and the compile goes on. Then \
        writes, in DIR (created if missing):

        \(BackendRegistry.standard.helpText)

        Every output is built in memory and written under a temporary name first; then the files are renamed \
        over the old ones, one after the other: a failed compile never leaves a half-written file, and a write \
        error (a full disk) leaves the previous outputs in place. Compiles into one DIR take turns: each holds \
        an advisory lock (flock) on DIR itself while it writes, and a second one waits for it, \
        so DIR always holds one compile's complete set. An existing output that is not a regular file (a \
        device, a FIFO) is refused (exit status 4). A tenants.sql left by an earlier compile with \
        --tenants is removed when --tenants is not given. The bytes depend only on the policy's \
        meaning: comments, quoting, flow or block style and the order of keys whose order means nothing change \
        no byte. A summary of what was written goes to standard output.

        With --format json, sarif or github, every finding of the compile (the check's errors and warnings, a \
        signing key that is not a key file, a value an output cannot hold) is one report on standard output, \
        as `tierc check --format` writes it (docs/cli.md#findings), and the summary of what was written goes \
        to standard error. Unreadable inputs (3) and unwritable outputs (4) are reported on standard error.

        Examples:
          tierc compile tiers/tiers.yaml --out build/policy \\
              --tenants examples/tenants.yaml
          tierc keygen --out keys/policy
          tierc compile tiers.yaml --out out --sign-key keys/policy.key \\
              --revision 42 --source-revision "$(git rev-parse HEAD)"
          tierc compile tiers.yaml --out out --format sarif > compile.sarif

        Exit status:
          0   compiled; every file written
          1   the policy or tenants file has errors, an output cannot hold one
              of its values, or the signing key is not a valid key file
          3   an input file (policy, tenants, key) could not be read
          4   an output file could not be written
          64  usage error
        """
    )

    @Argument(help: ArgumentHelp("The policy file (tiers.yaml); '-' reads standard input.", valueName: "policy"))
    var policy: String

    @Option(help: ArgumentHelp("The directory to write policy.tierc, Policy.swift, policy.sql (and tenants.sql) into (created if missing).",
                               valueName: "dir"))
    var out: String

    @Option(help: ArgumentHelp("A tenants file (tenants.yaml) to check and include in the snapshot.", valueName: "file"))
    var tenants: String?

    @Option(help: ArgumentHelp("The policy's revision number, recorded in the snapshot's header and policy.sql (default 0); PostgreSQL refuses to load an older revision over a newer one.",
                               valueName: "n"))
    var revision: UInt64 = 0

    @Option(name: .customLong("source-revision"),
            help: ArgumentHelp("A provenance label recorded in the header, e.g. a git commit.", valueName: "label"))
    var sourceRevision: String?

    @Option(name: .customLong("sign-key"),
            help: ArgumentHelp("Sign the snapshot with this private key file (<prefix>.key of `tierc keygen`).",
                               valueName: "file"))
    var signKey: String?

    @Option(help: ArgumentHelp("How the compile's findings are reported: human on standard error (default), or one json, sarif or github report on standard output (docs/cli.md#findings).",
                               valueName: "human|json|sarif|github"))
    var format: FindingsFormat = .human

    /// The backends that make the files written into `--out` (docs/pipeline.md#the-registry).
    static let pipeline = CompilePipeline(registry: .standard)

    func validate() throws {
        if policy == InputFile.standardInputPath, tenants == InputFile.standardInputPath {
            throw ValidationError("only one of <policy> and --tenants can be '-' (standard input)")
        }
        if out.isEmpty { throw ValidationError("--out needs a directory") }
        if revision > SnapshotFormat.maxRevision {
            throw ValidationError("--revision must be at most \(SnapshotFormat.maxRevision), found \(revision)")
        }
        if let sourceRevision, !SnapshotFormat.isValidLabel(sourceRevision) {
            throw ValidationError("--source-revision must be 1 to \(SnapshotFormat.maxLabelBytes) bytes without control characters, found '\(sourceRevision)'")
        }
    }

    func run() throws {
        let budget = YAMLBudget.default
        let files = try PolicyInputOptions.readFiles(policy: policy, tenants: tenants, budget: budget)
        var findings = Findings(sources: [files.policy, files.tenants].compactMap { $0 })
        let loaded = try load(files, budget: budget, findings: &findings)
        let signingKey = try readSigningKey(findings: findings)

        // Every output is built in memory by the backends, side by side, before any file is touched.
        let options = CompileOptions(revision: revision, sourceRevision: sourceRevision, signingKey: signingKey)
        let outputs: [OutputFile]
        do {
            outputs = try Self.pipeline.compile(CompileInput(loaded, budget: budget, options: options))
        } catch {
            if format.isMachineReadable {
                findings.diagnostics += error.diagnostics(file: files.policy.name)
                try reject(findings)
            }
            switch error {
            case .unrepresentable(_, let problems, let reason):
                for problem in problems { Terminal.reportError("\(files.policy.name): \(problem)") }
                Terminal.reportError("\(files.policy.name): not compiled: \(reason)")
            case .failed(_, let reason):
                Terminal.reportError("\(files.policy.name): \(reason)")
            }
            throw ExitStatus.inputHasErrors
        }
        // A conditional output of an earlier compile (tenants.sql of one with --tenants) would no longer match.
        try write(outputs, removing: Self.pipeline.staleOutputs(besides: outputs))
        let resolved = loaded.policy
        var summary = "compiled \(resolved.name) (\(resolved.tiers.count) tiers, \(loaded.tenants?.tenants.count ?? 0) tenants), "
        summary += "fingerprint \(resolved.fingerprint), revision \(revision)\(signingKey == nil ? "" : ", signed")\n"
        for output in outputs { summary += "  wrote \(Self.join(out, output.path)) (\(output.bytes.count) bytes)\n" }
        if format.isMachineReadable {
            // Standard output is the report of the findings (the warnings, if any), for a tool to read.
            Terminal.writeStderr(summary)
            Terminal.writeStdout(format.render(findings))
        } else {
            Terminal.writeStdout(summary)
        }
    }

    /// The checked policy, through the front end (a snapshot is not compiled again). Its diagnostics go to
    /// standard error as `tierc check` writes them, or into `findings` for a findings format; errors end the
    /// command (status 1).
    private func load(_ files: (policy: SourceFile, tenants: SourceFile?), budget: YAMLBudget,
                      findings: inout Findings) throws -> LoadedPolicy {
        let frontEnd = PolicyFrontEnd(budget: budget)
        guard format.isMachineReadable else {
            let loaded: LoadedPolicy
            do {
                loaded = try PolicyInput.show { () throws(PolicyLoadError) in
                    try frontEnd.loadYAML(policy: files.policy, tenants: files.tenants)
                }
            } catch {
                Terminal.reportError("\(files.policy.name): not compiled: fix the errors above")
                throw error
            }
            guard files.tenants == nil || loaded.tenants != nil else {
                Terminal.reportError("\(files.policy.name): not compiled: fix the errors above")
                throw ExitStatus.inputHasErrors
            }
            return loaded
        }
        let loaded: LoadedPolicy
        do {
            loaded = try frontEnd.loadYAML(policy: files.policy, tenants: files.tenants)
        } catch {
            findings.diagnostics += error.diagnostics
            try reject(findings)
        }
        findings.diagnostics += loaded.diagnostics
        // The tenants file has errors (the policy has none): they are among the diagnostics.
        guard files.tenants == nil || loaded.tenants != nil else { try reject(findings) }
        return loaded
    }

    /// Ends a compile that has errors (status 1) with the report of `findings` on standard output (a findings
    /// format): nothing was written.
    private func reject(_ findings: Findings) throws -> Never {
        Terminal.writeStdout(format.render(findings))
        throw ExitStatus.inputHasErrors
    }

    /// Writes the outputs into `--out` and removes the `stale` ones an earlier compile left, all under the
    /// directory's lock: every file is written and flushed under a temporary name first; only then are they
    /// renamed, back to back, so a full disk or a permission problem leaves the previous outputs all in place
    /// (status 4).
    private func write(_ outputs: [OutputFile], removing stale: [OutputDeclaration]) throws {
        var prepared: [AtomicFile.Prepared] = []
        let lock: OutputLock
        do {
            try Self.makeDirectory(out)
            lock = try OutputLock.acquire(directory: out)
        } catch {
            Terminal.reportError(error.description)
            throw ExitStatus.unwritableOutput
        }
        defer { lock.release() }
        do {
            for output in outputs {
                prepared.append(try AtomicFile.prepare(Self.join(out, output.path), with: output.bytes))
            }
        } catch {
            for file in prepared { file.discard() }
            Terminal.reportError(error.description)
            throw ExitStatus.unwritableOutput
        }
        for (index, file) in prepared.enumerated() {
            do {
                try file.commit()
            } catch {
                for rest in prepared[(index + 1)...] { rest.discard() }
                let done = prepared[..<index].map(\.path)
                Terminal.reportError(error.description + (done.isEmpty ? "" : "; already replaced: " + done.joined(separator: ", ")))
                throw ExitStatus.unwritableOutput
            }
        }
        for output in stale { try remove(output) }
    }

    /// Removes a conditional output that this compile did not write, if an earlier one left it (status 4 when it
    /// cannot be removed, or is not a regular file).
    private func remove(_ stale: OutputDeclaration) throws {
        let path = Self.join(out, stale.path)
        guard access(path, F_OK) == 0 else { return }
        do {
            try AtomicFile.checkTarget(path)
        } catch {
            Terminal.reportError("cannot remove the stale '\(path)' of an earlier compile: \(error.reason)")
            throw ExitStatus.unwritableOutput
        }
        guard unlink(path) == 0 else {
            Terminal.reportError("cannot remove the stale '\(path)' of an earlier compile: \(String(cString: strerror(errno)))")
            throw ExitStatus.unwritableOutput
        }
        Terminal.writeStderr("tierc: removed \(path), written by an earlier compile\(stale.condition.map { " " + $0 } ?? "")\n")
    }

    /// The `--sign-key`: unreadable, status 3; not a private key file, status 1, with the `invalid-key-file`
    /// finding after the others in a findings format.
    private func readSigningKey(findings: Findings) throws -> SnapshotSigningKey? {
        guard let signKey else { return nil }
        let text: String
        do {
            text = String(decoding: try InputFile.read(signKey, limit: 64 * 1024).bytes, as: UTF8.self)
        } catch {
            Terminal.reportError(error.description)
            throw ExitStatus.unreadableInput
        }
        do {
            return try SnapshotSigningKey(keyFileText: text)
        } catch {
            if format.isMachineReadable {
                var findings = findings
                findings.diagnostics.append(error.diagnostic(file: signKey))
                try reject(findings)
            }
            Terminal.reportError("\(signKey): \(error)")
            throw ExitStatus.inputHasErrors
        }
    }

    static func join(_ directory: String, _ name: String) -> String {
        directory.hasSuffix("/") ? directory + name : directory + "/" + name
    }

    /// `mkdir -p`: creates `path` and its missing parents; an existing directory is fine.
    static func makeDirectory(_ path: String) throws(UnwritableOutput) {
        var status = stat()
        if stat(path, &status) == 0 {
            guard status.st_mode & S_IFMT == S_IFDIR else { throw UnwritableOutput(path: path, reason: "not a directory") }
            return
        }
        let trimmed = path.hasSuffix("/") && path.count > 1 ? String(path.dropLast()) : path
        if let slash = trimmed.lastIndex(of: "/"), slash != trimmed.startIndex {
            try makeDirectory(String(trimmed[..<slash]))
        }
        if mkdir(trimmed, 0o777) != 0 && errno != EEXIST {
            throw UnwritableOutput(path: path, reason: String(cString: strerror(errno)))
        }
    }
}
