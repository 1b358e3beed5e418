import PolicyCheck
import PolicyModel
import PolicySource

/// A policy that a command compares or replays: the resolved policy, and when it came from YAML its located
/// document and source (for places on its lines).
struct LoadedPolicy {
    var policy: Policy
    var document: PolicyDocument?
    var source: SourceFile?
    /// The name shown to the user (the path as given).
    var file: String
    /// The tenants checked against this policy, when a tenants file was given.
    var tenants: TenantDirectory?
}

/// Loads the policies `tierc diff` reads. Every input goes through ``load(_:budget:)``: today a tiers.yaml file
/// only; compiled snapshots will be accepted here too, so no caller changes when they are.
enum PolicyInput {
    /// The first bytes of a file that make it binary (a snapshot) rather than YAML text.
    static func looksBinary(_ bytes: [UInt8]) -> Bool {
        bytes.prefix(4096).contains(0)
    }

    /// Reads and checks the policy at `path`. Reports what is wrong on standard error and throws the exit
    /// status: 3 when the file cannot be read, 1 when it has errors or is not a YAML policy.
    static func load(_ path: String, budget: YAMLBudget = .default) throws -> LoadedPolicy {
        let source = try read(path, budget: budget)
        return try check(source)
    }

    /// The file's bytes; unreadable files and snapshots are reported and end the command.
    static func read(_ path: String, budget: YAMLBudget) throws -> SourceFile {
        let source: SourceFile
        do {
            source = try InputFile.read(path, limit: budget.maxInputBytes + 1)
        } catch {
            Terminal.reportError(error.description)
            throw ExitStatus.unreadableInput
        }
        if looksBinary(source.bytes) {
            Terminal.reportError("'\(path)' is not a YAML policy (it holds NUL bytes, as a compiled snapshot does); this version of tierc diff reads tiers.yaml files only, snapshot input will be supported in a later release")
            throw ExitStatus.inputHasErrors
        }
        return source
    }

    /// Checks a policy's text; its diagnostics, if any, go to standard error as `tierc check` writes them.
    static func check(_ source: SourceFile, tenants: SourceFile? = nil, budget: YAMLBudget = .default) throws -> LoadedPolicy {
        let result = PolicyChecker.check(policy: source, tenants: tenants, budget: budget)
        return try accept(result, file: source.name, source: source)
    }

    /// The policy of a check, or its diagnostics on standard error and exit status 1.
    static func accept(_ result: CheckResult, file: String, source: SourceFile?) throws -> LoadedPolicy {
        if !result.diagnostics.isEmpty {
            Terminal.writeStderr(HumanRenderer(colors: Terminal.stderrSupportsColor()).render(result))
        }
        guard let policy = result.policy else { throw ExitStatus.inputHasErrors }
        return LoadedPolicy(policy: policy, document: result.document, source: source, file: file, tenants: result.tenants)
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
