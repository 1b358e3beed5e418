/// The renderers live in the Reporting target (no libyaml there); whoever checks a policy renders the result, so
/// they come with the checker.
@_exported public import Reporting

/// A check's diagnostics and files are what the renderers draw.
extension CheckResult: DiagnosticReport {}
