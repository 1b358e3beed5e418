import PolicyCheck
import PolicyModel
import PolicyRuntime
import PolicySource

/// A policy that a command compares or replays: the resolved policy, and when it came from YAML its located
/// document and source (for places on its lines).
struct LoadedPolicy {
    var policy: Policy
    var document: PolicyDocument?
    /// Where each value of a tiers.yaml's policy was written (nil for a snapshot).
    var provenance: PolicyProvenance?
    var source: SourceFile?
    /// The name shown to the user (the path as given).
    var file: String
    /// The tenants checked against this policy, when a tenants file was given.
    var tenants: TenantDirectory?
    /// The snapshot's revision (0 for a tiers.yaml).
    var revision: UInt64 = 0
}

/// Loads the policies `tierc diff` reads: a tiers.yaml (checked) or a snapshot of `tierc compile` (recognised by
/// its magic bytes and verified; it has no source lines, so its changes are not located).
enum PolicyInput {
    /// Whether the bytes are a compiled snapshot rather than YAML text.
    static func isSnapshot(_ source: SourceFile) -> Bool { Snapshot.hasMagic(source.bytes) }

    /// Reads and checks the policy at `path`. Reports what is wrong on standard error and throws the exit
    /// status: 3 when the file cannot be read, 1 when it has errors or is not a YAML policy.
    static func load(_ path: String, budget: YAMLBudget = .default) throws -> LoadedPolicy {
        let source = try read(path, budget: budget)
        return try check(source)
    }

    /// The file's bytes (a tiers.yaml or a snapshot); an unreadable file is reported and ends the command (3).
    static func read(_ path: String, budget: YAMLBudget) throws -> SourceFile {
        let source: SourceFile
        do {
            // The YAML budget (16 MiB) unless the file starts with the snapshot magic, then the snapshot budget
            // (256 MiB, as `tierc inspect`); one byte more, so the budget's check reports the file as too large.
            source = try InputFile.read(path, probe: SnapshotFormat.magic.count) { prefix in
                (Snapshot.hasMagic(prefix) ? Inspect.maxSnapshotBytes : budget.maxInputBytes) + 1
            }
        } catch {
            Terminal.reportError(error.description)
            throw ExitStatus.unreadableInput
        }
        return source
    }

    /// Checks a policy's text; its diagnostics, if any, go to standard error as `tierc check` writes them.
    /// A snapshot is verified instead; its tenants are those of `tenants` checked against it, or its own.
    /// `signature` is what is asked of a snapshot's signature; when a signed snapshot's signature is not
    /// verified, a warning on standard error says so and ends with `unverifiedAdvice`.
    static func check(_ source: SourceFile, tenants: SourceFile? = nil, budget: YAMLBudget = .default,
                      signature: SignatureRequirement = .ignore, unverifiedAdvice: String = "") throws -> LoadedPolicy {
        if isSnapshot(source) {
            return try loadSnapshot(source, tenants: tenants, budget: budget, signature: signature,
                                    unverifiedAdvice: unverifiedAdvice)
        }
        let result = PolicyChecker.check(policy: source, tenants: tenants, budget: budget)
        return try accept(result, file: source.name, source: source)
    }

    static func loadSnapshot(_ source: SourceFile, tenants: SourceFile?, budget: YAMLBudget,
                             signature: SignatureRequirement, unverifiedAdvice: String) throws -> LoadedPolicy {
        guard source.bytes.count <= Inspect.maxSnapshotBytes else {
            Terminal.reportError("\(source.name): larger than \(Inspect.maxSnapshotBytes / 1_048_576) MiB, not a snapshot tierc wrote")
            throw ExitStatus.inputHasErrors
        }
        let snapshot: Snapshot
        do {
            snapshot = try Snapshot.load(source.bytes, signature: signature)
        } catch {
            Terminal.reportError("\(source.name): \(SnapshotReport.safe(error.description))")
            throw ExitStatus.inputHasErrors
        }
        if snapshot.signature == .notVerified {
            Terminal.writeStderr("tierc: warning: \(source.name) is signed, but its signature was not verified (only its checksum)"
                                 + (unverifiedAdvice.isEmpty ? "" : "; " + unverifiedAdvice) + "\n")
        }
        var loaded = LoadedPolicy(policy: snapshot.policy, document: nil, provenance: nil, source: nil, file: source.name, tenants: snapshot.tenants,
                                  revision: snapshot.header.revision)
        if let tenants {
            let result = PolicyChecker.check(tenants: tenants, against: snapshot.policy, budget: budget)
            loaded.tenants = try accept(result, file: tenants.name, source: nil).tenants
        }
        return loaded
    }

    /// The policy of a check, or its diagnostics on standard error and exit status 1.
    static func accept(_ result: CheckResult, file: String, source: SourceFile?) throws -> LoadedPolicy {
        if !result.diagnostics.isEmpty {
            Terminal.writeStderr(HumanRenderer(colors: Terminal.stderrSupportsColor()).render(result))
        }
        guard let policy = result.policy else { throw ExitStatus.inputHasErrors }
        return LoadedPolicy(policy: policy, document: result.document, provenance: result.provenance, source: source, file: file, tenants: result.tenants)
    }
}

extension PolicyInput {
    /// A tenants file's bytes; an unreadable file is reported and ends the command with status 3.
    static func readTenants(_ path: String, budget: YAMLBudget) throws -> SourceFile {
        do {
            return try InputFile.read(path, limit: budget.maxInputBytes + 1)
        } catch {
            Terminal.reportError(error.description)
            throw ExitStatus.unreadableInput
        }
    }
}
