public import PolicySource
public import PolicyModel

/// What the user asked `check` to report differently.
public struct CheckOptions: Sendable, Hashable {
    /// Warning codes not to report.
    public var disabled: Set<DiagnosticCode>
    /// Report every warning as an error.
    public var warningsAsErrors: Bool

    public init(disabled: Set<DiagnosticCode> = [], warningsAsErrors: Bool = false) {
        self.disabled = disabled
        self.warningsAsErrors = warningsAsErrors
    }
}

/// The outcome of checking a policy (and optionally a tenants file).
public struct CheckResult: Sendable {
    /// The resolved policy, present only when the policy file has no errors.
    public var policy: Policy?
    /// The typed, located policy as decoded (present whenever the YAML parsed to a mapping).
    public var document: PolicyDocument?
    /// Where each value of the resolved policy was written (present with ``document``; it covers the tiers whose
    /// chain resolved, even when the policy has errors).
    public var provenance: PolicyProvenance?
    /// The tenants, present only when a tenants file was given and neither file has errors.
    public var tenants: TenantDirectory?
    /// Every diagnostic of both files, sorted by file (policy first), then position.
    public var diagnostics: [Diagnostic]
    /// The files read, for renderers that draw source excerpts.
    public var sources: [SourceFile]

    /// Whether a diagnostic is an error (``Reporting/DiagnosticReport/errorCount`` counts them).
    public var hasErrors: Bool { errorCount > 0 }

    public init(policy: Policy?, document: PolicyDocument?, tenants: TenantDirectory?, diagnostics: [Diagnostic],
                sources: [SourceFile], provenance: PolicyProvenance? = nil) {
        self.policy = policy
        self.document = document
        self.provenance = provenance
        self.tenants = tenants
        self.diagnostics = diagnostics
        self.sources = sources
    }
}

/// The front door of the checker: YAML text → nodes → typed policy → diagnostics → resolved policy.
public enum PolicyChecker {
    public static func check(policy policySource: SourceFile, tenants tenantsSource: SourceFile? = nil,
                             options: CheckOptions = CheckOptions(), budget: YAMLBudget = .default) -> CheckResult {
        check(policyYAML: YAMLReader.read(policySource, budget: budget), tenants: tenantsSource, options: options,
              budget: budget)
    }

    /// Checks a policy already read into nodes, e.g. one that `tierc diff --set` edited: exactly as
    /// ``check(policy:tenants:options:budget:)`` checks the file the nodes came from.
    public static func check(policyYAML yaml: YAMLDocument, tenants tenantsSource: SourceFile? = nil,
                             options: CheckOptions = CheckOptions(), budget: YAMLBudget = .default) -> CheckResult {
        let policySource = yaml.source
        var diagnostics = DiagnosticCollector(yaml.diagnostics)
        var document: PolicyDocument?
        var policy: Policy?
        var provenance: PolicyProvenance?
        if let root = yaml.root {
            var decoder = PolicyDecoder(file: policySource.name)
            let decoded = decoder.decode(root)
            document = decoded
            var resolver = PolicyResolver(document: decoded, file: policySource.name)
            let resolved = resolver.resolved()
            provenance = resolver.provenance
            diagnostics.append(contentsOf: decoder.diagnostics)
            diagnostics.append(contentsOf: resolver.diagnostics)
            // Warnings are judged on a complete policy only: on a partial one they would mislead.
            if let resolved, !diagnostics.hasErrors {
                diagnostics.append(contentsOf: PolicyLints(document: decoded, resolved: resolved, file: policySource.name).run())
            }
            if !diagnostics.hasErrors { policy = resolved?.policy }
        }
        var sources = [policySource]
        var tenants: TenantDirectory?
        if let tenantsSource {
            sources.append(tenantsSource)
            let tenantsYAML = YAMLReader.read(tenantsSource, budget: budget)
            var tenantDiagnostics = DiagnosticCollector(tenantsYAML.diagnostics)
            if let root = tenantsYAML.root {
                var decoder = TenantsDecoder(file: tenantsSource.name, tierIDs: document?.tiers.map(\.id.value))
                let directory = decoder.decode(root)
                tenantDiagnostics.append(contentsOf: decoder.diagnostics)
                if !diagnostics.hasErrors, !tenantDiagnostics.hasErrors { tenants = directory }
            }
            diagnostics.append(contentsOf: tenantDiagnostics.diagnostics)
        }
        let final = apply(options, to: diagnostics.diagnostics, fileOrder: sources.map(\.name))
        if final.contains(where: { $0.severity == .error }) {
            policy = nil
            tenants = nil
        }
        return CheckResult(policy: policy, document: document, tenants: tenants, diagnostics: final, sources: sources,
                           provenance: provenance)
    }

    /// Resolves a decoded policy for where its values came from, e.g. for a ``PolicyDocument`` a caller holds
    /// without the ``CheckResult`` it came with (docs/policy-format.md#inheritance-with-extends).
    public static func provenance(of document: PolicyDocument, file: String) -> PolicyProvenance {
        var resolver = PolicyResolver(document: document, file: file)
        _ = resolver.resolve()
        return resolver.provenance
    }

    /// Checks a tenants file against a policy that is already resolved (loaded from a compiled snapshot): the
    /// tenants' tiers must be the policy's. The result has no policy document and no policy diagnostics.
    public static func check(tenants tenantsSource: SourceFile, against policy: Policy, budget: YAMLBudget = .default) -> CheckResult {
        let yaml = YAMLReader.read(tenantsSource, budget: budget)
        var diagnostics = DiagnosticCollector(yaml.diagnostics)
        var tenants: TenantDirectory?
        if let root = yaml.root {
            var decoder = TenantsDecoder(file: tenantsSource.name, tierIDs: policy.tiers.map(\.id))
            let directory = decoder.decode(root)
            diagnostics.append(contentsOf: decoder.diagnostics)
            tenants = directory
        }
        let final = apply(CheckOptions(), to: diagnostics.diagnostics, fileOrder: [tenantsSource.name])
        if final.contains(where: { $0.severity == .error }) { tenants = nil }
        return CheckResult(policy: tenants == nil ? nil : policy, document: nil, tenants: tenants, diagnostics: final,
                           sources: [tenantsSource])
    }

    /// Drops disabled warnings, promotes warnings when asked, and sorts by file then position then code.
    static func apply(_ options: CheckOptions, to diagnostics: [Diagnostic], fileOrder: [String]) -> [Diagnostic] {
        var result: [Diagnostic] = []
        for var diagnostic in diagnostics {
            if diagnostic.severity == .warning {
                if options.disabled.contains(diagnostic.code) { continue }
                if options.warningsAsErrors { diagnostic.severity = .error }
            }
            result.append(diagnostic)
        }
        func fileRank(_ name: String) -> Int { fileOrder.firstIndex(of: name) ?? fileOrder.count }
        // Stable sort keeps the order of diagnostics found at the same place.
        return result.enumerated().sorted { a, b in
            let (l, r) = (a.element, b.element)
            if fileRank(l.file) != fileRank(r.file) { return fileRank(l.file) < fileRank(r.file) }
            if l.range.start.offset != r.range.start.offset { return l.range.start.offset < r.range.start.offset }
            return a.offset < b.offset
        }.map(\.element)
    }
}
