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
import Synchronization

/// `tierc compile`: check a policy, then write what the runtime components load.
struct Compile: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compile",
        abstract: "Compile a tier policy into a binary snapshot, generated Swift and PostgreSQL for the runtime.",
        usage: """
        tierc compile <policy> --out <dir> [--tenants <file>]
                      [--revision <n>] [--source-revision <label>]
                      [--sign-key <file>]
        """,
        discussion: """
        Checks the policy (and tenants) first: errors are reported as `tierc check` reports them, on standard \
        error, and nothing is written (exit status 1); warnings are reported and the compile goes on. Then \
        writes, in DIR (created if missing):

          policy.tierc   the binary snapshot the runtime loads (docs/snapshot-format.md); with --tenants it
                         carries the tenants too (API keys as SHA-256 only)
          Policy.swift   Swift types for application code, standard library only (docs/generated-swift.md)
          policy.sql     the policy as data plus the quota, invoice and row-level-security functions for
                         PostgreSQL 14+, schema tierc (docs/postgres.md); apply with psql -v ON_ERROR_STOP=1 -f
          tenants.sql    with --tenants: the tenants, their tiers and API key hashes (never raw keys)
          prometheus-rules.yaml   recording rules and alerts on tierc serve's metrics
          grafana-dashboard.json  a Grafana dashboard of those metrics (docs/operations.md)

        Every output is built in memory and written under a temporary name first; then the files are renamed \
        over the old ones, one after the other: a failed compile never leaves a half-written file, and a write \
        error (a full disk) leaves the previous outputs in place. Compiles into one DIR take turns: each holds \
        an advisory lock (flock) on DIR itself while it writes, and a second one waits for it, \
        so DIR always holds one compile's complete set. An existing output that is not a regular file (a \
        device, a FIFO) is refused (exit status 4). A tenants.sql left by an earlier compile with \
        --tenants is removed when --tenants is not given. The bytes depend only on the policy's \
        meaning: comments, quoting, flow or block style and the order of keys whose order means nothing change \
        no byte. A summary of what was written goes to standard output.

        Examples:
          tierc compile tiers/tiers.yaml --out build/policy \\
              --tenants examples/tenants.yaml
          tierc keygen --out keys/policy
          tierc compile tiers.yaml --out out --sign-key keys/policy.key \\
              --revision 42 --source-revision "$(git rev-parse HEAD)"

        Exit status:
          0   compiled; every file written
          1   the policy or tenants file has errors, or the signing key is not a
              valid key file
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

    /// The files written into `--out`, in this order.
    static let snapshotName = "policy.tierc"
    static let swiftName = "Policy.swift"
    static let policySQLName = "policy.sql"
    static let tenantsSQLName = "tenants.sql"
    static let prometheusRulesName = "prometheus-rules.yaml"
    static let grafanaDashboardName = "grafana-dashboard.json"

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
        let result = PolicyChecker.check(policy: files.policy, tenants: files.tenants, budget: budget)
        if !result.diagnostics.isEmpty {
            Terminal.writeStderr(HumanRenderer(colors: Terminal.stderrSupportsColor()).render(result))
        }
        guard let resolved = result.policy, files.tenants == nil || result.tenants != nil else {
            Terminal.reportError("\(files.policy.name): not compiled: fix the errors above")
            throw ExitStatus.inputHasErrors
        }
        let signingKey = try readSigningKey()

        // Everything is built in memory, the outputs side by side, before any file is touched.
        let revision = revision, sourceRevision = sourceRevision
        let swiftProblems = Mutex<[String]>([])
        let tenantDirectory = result.tenants
        var producers: [ParallelOutputs.Producer] = [
            (Self.snapshotName, {
                try SnapshotWriter(revision: revision, sourceRevision: sourceRevision, signingKey: signingKey)
                    .write(policy: resolved, tenants: tenantDirectory)
            }),
            (Self.swiftName, {
                let (text, problems) = SwiftEmitter.translate(resolved)
                swiftProblems.withLock { $0 = problems }
                return Array(text.utf8)
            }),
            (Self.policySQLName, { Array(PostgresEmitter.policySQL(resolved, revision: revision).utf8) }),
            (Self.prometheusRulesName, { Array(PrometheusRulesEmitter.emit(resolved).utf8) }),
            (Self.grafanaDashboardName, { Array(GrafanaDashboardEmitter.emit(resolved).utf8) }),
        ]
        if let tenants = result.tenants {
            let details = files.tenants.map { Self.keyDetails($0, budget: budget) } ?? [:]
            producers.append((Self.tenantsSQLName, { Array(PostgresEmitter.tenantsSQL(tenants, keyDetails: details).utf8) }))
        }
        let built = ParallelOutputs.build(producers)
        let problems = swiftProblems.withLock { $0 }
        guard problems.isEmpty else {
            for problem in problems { Terminal.reportError("\(files.policy.name): \(problem)") }
            Terminal.reportError("\(files.policy.name): not compiled: Policy.swift cannot represent these values")
            throw ExitStatus.inputHasErrors
        }
        var outputs: [(name: String, bytes: [UInt8])] = []
        for output in built {
            switch output.result {
            case .success(let bytes): outputs.append((output.name, bytes))
            case .failure(let error):
                Terminal.reportError("\(files.policy.name): cannot write the snapshot: \(error)")
                throw ExitStatus.inputHasErrors
            }
        }
        // Every file is written and flushed under a temporary name first; only then are they renamed, back to
        // back, so a full disk or a permission problem leaves the previous outputs all in place.
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
                prepared.append(try AtomicFile.prepare(Self.join(out, output.name), with: output.bytes))
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
        // A tenants.sql of an earlier compile with --tenants would no longer match this policy.
        let staleTenants = Self.join(out, Self.tenantsSQLName)
        if result.tenants == nil, access(staleTenants, F_OK) == 0 {
            do {
                try AtomicFile.checkTarget(staleTenants)
            } catch {
                Terminal.reportError("cannot remove the stale '\(staleTenants)' of an earlier compile: \(error.reason)")
                throw ExitStatus.unwritableOutput
            }
            guard unlink(staleTenants) == 0 else {
                Terminal.reportError("cannot remove the stale '\(staleTenants)' of an earlier compile: \(String(cString: strerror(errno)))")
                throw ExitStatus.unwritableOutput
            }
            Terminal.writeStderr("tierc: removed \(staleTenants), written by an earlier compile with --tenants\n")
        }
        var summary = "compiled \(resolved.name) (\(resolved.tiers.count) tiers, \(result.tenants?.tenants.count ?? 0) tenants), "
        summary += "fingerprint \(resolved.fingerprint), revision \(revision)\(signingKey == nil ? "" : ", signed")\n"
        for output in outputs { summary += "  wrote \(Self.join(out, output.name)) (\(output.bytes.count) bytes)\n" }
        Terminal.writeStdout(summary)
    }

    private func readSigningKey() throws -> SnapshotSigningKey? {
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

extension Compile {
    /// What the `keys:` entries of a checked tenants file show of each key (prefix, label, creation day), by
    /// hash, for tenants.sql (docs/postgres.md, "API keys"). The file was checked already; nothing is reported.
    static func keyDetails(_ source: SourceFile, budget: YAMLBudget) -> [String: PostgresKeyDetails] {
        guard let editor = try? TenantsKeyEditor(source, budget: budget) else { return [:] }
        var details: [String: PostgresKeyDetails] = [:]
        for entry in editor.entries where details[entry.hash] == nil {
            details[entry.hash] = PostgresKeyDetails(prefix: entry.prefix, name: entry.name, created: entry.created)
        }
        return details
    }
}
