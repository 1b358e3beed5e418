import PolicyCheck
import PolicyCompiler
import PolicySource

/// `policy.sql` and, with tenants, `tenants.sql` for PostgreSQL 14+ (docs/postgres.md), through ``PostgresEmitter``
/// (whose SQL text this type never touches): the two are built side by side.
public struct PostgresBackend: CompileBackend {
    /// The policy as data and the functions, written by every compile.
    public static let policyFileName = "policy.sql"
    /// The tenants and their key hashes, written only with tenants.
    public static let tenantsFileName = "tenants.sql"

    public init() {}

    public var name: String { "postgres" }
    public var outputs: [OutputDeclaration] {
        [OutputDeclaration(path: Self.policyFileName), OutputDeclaration(path: Self.tenantsFileName, condition: "with --tenants")]
    }
    public var helpText: String {
        """
          policy.sql     the policy as data plus the quota, invoice and row-level-security functions for
                         PostgreSQL 14+, schema tierc (docs/postgres.md); apply with psql -v ON_ERROR_STOP=1 -f
          tenants.sql    with --tenants: the tenants, their tiers and API key hashes (never raw keys)
        """
    }

    public func emit(_ input: CompileInput) throws(BackendError) -> [OutputFile] {
        let policy = input.policy, revision = input.options.revision
        var producers: [ParallelWork.Producer<OutputFile>] = [
            { OutputFile(path: Self.policyFileName, text: PostgresEmitter.policySQL(policy, revision: revision)) },
        ]
        if let tenants = input.tenants {
            let details = input.tenantsSource.map { Self.keyDetails($0, budget: input.budget) } ?? [:]
            producers.append { OutputFile(path: Self.tenantsFileName, text: PostgresEmitter.tenantsSQL(tenants, keyDetails: details)) }
        }
        return ParallelWork.run(producers)
    }

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
