import PolicyCheck
import PolicyModel
import PolicyRuntime
import PolicySource
import TiercPipeline

/// The executable's side of the pipeline's front end (docs/pipeline.md#the-front-end): reads the files, hands the
/// bytes to ``PolicyFrontEnd``, prints its notices and diagnostics on standard error as `tierc check` writes them,
/// and maps what went wrong to an exit status (3 unreadable, 1 errors).
enum PolicyInput {
    /// Whether the bytes are a compiled snapshot rather than YAML text.
    static func isSnapshot(_ source: SourceFile) -> Bool { PolicyFrontEnd.isSnapshot(source.bytes) }

    /// Reads and checks the policy at `path`. Reports what is wrong on standard error and throws the exit
    /// status: 3 when the file cannot be read, 1 when it has errors or is not a YAML policy.
    static func load(_ path: String, budget: YAMLBudget = .default) throws -> LoadedPolicy {
        let source = try read(path, budget: budget)
        return try check(source)
    }

    /// The file's bytes (a tiers.yaml or a snapshot); an unreadable file is reported and ends the command (3).
    static func read(_ path: String, budget: YAMLBudget) throws -> SourceFile {
        let frontEnd = PolicyFrontEnd(budget: budget)
        do {
            // The YAML budget unless the file starts with the snapshot magic, then the snapshot budget.
            return try InputFile.read(path, probe: SnapshotFormat.magic.count) { frontEnd.readLimit(prefix: $0) }
        } catch {
            Terminal.reportError(error.description)
            throw ExitStatus.unreadableInput
        }
    }

    /// Checks a policy's text, or verifies a snapshot and checks `tenants` against it, through the front end;
    /// its notices and diagnostics, if any, go to standard error. `signature` is what is asked of a snapshot's
    /// signature; the warning that a signed snapshot's signature was not verified ends with `unverifiedAdvice`.
    static func check(_ source: SourceFile, tenants: SourceFile? = nil, budget: YAMLBudget = .default,
                      signature: SignatureRequirement = .ignore, unverifiedAdvice: String = "") throws -> LoadedPolicy {
        let frontEnd = PolicyFrontEnd(budget: budget, signature: signature)
        return try show(unverifiedAdvice: unverifiedAdvice) { () throws(PolicyLoadError) in
            try frontEnd.load(policy: source, tenants: tenants)
        }
    }

    /// Runs a load of the front end and shows what it says: the notices, then the diagnostics; a failed load is
    /// reported and ends the command with status 1.
    static func show(unverifiedAdvice: String = "", _ load: () throws(PolicyLoadError) -> LoadedPolicy) throws -> LoadedPolicy {
        do {
            let loaded = try load()
            show(loaded, unverifiedAdvice: unverifiedAdvice)
            return loaded
        } catch {
            try show(error, unverifiedAdvice: unverifiedAdvice)
        }
    }

    /// What a load that succeeded says: its notices, then the diagnostics of its checks.
    static func show(_ loaded: LoadedPolicy, unverifiedAdvice: String = "") {
        report(notices: loaded.notices, unverifiedAdvice: unverifiedAdvice)
        for check in loaded.checks where !check.diagnostics.isEmpty { reportDiagnostics(check) }
    }

    /// Reports a failed load (its notices and diagnostics, or the snapshot's problem) and ends the command with
    /// status 1.
    static func show(_ error: PolicyLoadError, unverifiedAdvice: String = "") throws -> Never {
        switch error {
        case .rejected(let result, let notices):
            report(notices: notices, unverifiedAdvice: unverifiedAdvice)
            if !result.diagnostics.isEmpty { reportDiagnostics(result) }
        case .snapshotTooLarge, .invalidSnapshot:
            // The snapshot's finding, as `tierc inspect` says it; its message may quote the hostile bytes: made
            // safe for a terminal (`UntrustedText.safe`).
            for finding in error.diagnostics {
                Terminal.reportError("\(finding.file): \(UntrustedText.safe(finding.message))")
            }
        }
        throw ExitStatus.inputHasErrors
    }

    /// The diagnostics of a check on standard error, as `tierc check` writes them.
    static func reportDiagnostics(_ result: CheckResult) {
        Terminal.writeStderr(HumanRenderer(colors: Terminal.stderrSupportsColor()).render(result))
    }

    private static func report(notices: [LoadNotice], unverifiedAdvice: String) {
        for notice in notices {
            switch notice {
            case .unverifiedSignature:
                Terminal.writeStderr("tierc: warning: \(notice)" + (unverifiedAdvice.isEmpty ? "" : "; " + unverifiedAdvice) + "\n")
            }
        }
    }
}

extension PolicyInput {
    /// A tenants file's bytes; an unreadable file is reported and ends the command with status 3.
    static func readTenants(_ path: String, budget: YAMLBudget) throws -> SourceFile {
        do {
            return try InputFile.read(path, limit: PolicyFrontEnd(budget: budget).tenantsReadLimit)
        } catch {
            Terminal.reportError(error.description)
            throw ExitStatus.unreadableInput
        }
    }
}
