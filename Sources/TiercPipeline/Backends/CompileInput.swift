public import PolicyModel
public import PolicySource

/// What every backend compiles from (docs/pipeline.md#backends): the resolved policy, its tenants and the options.
public struct CompileInput: Sendable {
    /// The resolved policy (after `extends`).
    public var policy: Policy
    /// The tenants, when the compile has a tenants file.
    public var tenants: TenantDirectory?
    /// The tenants file the tenants came from, for what only its text holds (a key's prefix, label and day).
    public var tenantsSource: SourceFile?
    /// The budget the tenants file was checked with.
    public var budget: YAMLBudget
    /// `--revision`, `--source-revision`, the signing key.
    public var options: CompileOptions

    public init(policy: Policy, tenants: TenantDirectory? = nil, tenantsSource: SourceFile? = nil,
                budget: YAMLBudget = .default, options: CompileOptions = CompileOptions()) {
        self.policy = policy
        self.tenants = tenants
        self.tenantsSource = tenantsSource
        self.budget = budget
        self.options = options
    }

    /// The input of a policy the front end loaded.
    public init(_ loaded: LoadedPolicy, budget: YAMLBudget = .default, options: CompileOptions = CompileOptions()) {
        self.init(policy: loaded.policy, tenants: loaded.tenants, tenantsSource: loaded.tenantsSource, budget: budget,
                  options: options)
    }
}
