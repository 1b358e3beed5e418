public import PolicyCheck
import PolicySource

/// NEW's tenants for `tierc diff --replay` are on tiers NEW does not have (a renamed or removed tier;
/// docs/pipeline.md#diff-inputs): the check's diagnostics. The report is still shown; no replay is made.
public struct ReplayTenantsRejected: Error, Sendable, CustomStringConvertible {
    /// The check of the tenants file against NEW, with its errors.
    public var result: CheckResult
    /// NEW's name as shown to the user.
    public var newFile: String

    public init(result: CheckResult, newFile: String) {
        self.result = result
        self.newFile = newFile
    }

    public var description: String {
        "no replay: the tenants of \(result.sources.first?.name ?? "the tenants file") must all be on tiers of \(newFile); move them (see the changes above)"
    }
}
