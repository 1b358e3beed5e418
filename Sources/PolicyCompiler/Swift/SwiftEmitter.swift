public import PolicyModel

/// Generates `Policy.swift`: the policy as Swift value types that need only the standard library, so application
/// code can write `Tier.professional.features.contains(.aiIntelligence)` and have the compiler catch a renamed tier
/// (docs/generated-swift.md). Translation builds a ``SwiftFile``; ``SwiftRenderer`` alone writes the text.
public enum SwiftEmitter {
    /// The text of `Policy.swift` for a checked, resolved policy. It depends only on the policy's meaning and
    /// `compilerVersion` (written in the header): the same policy gives the same bytes on every run and machine.
    public static func emit(_ policy: Policy, compilerVersion: String = PolicyCompiler.version) -> String {
        var translator = SwiftTranslator(policy: policy, compilerVersion: compilerVersion)
        return SwiftRenderer.render(translator.file())
    }

    /// What the generated types cannot represent in this policy (a value beyond `Int64`, a reference to an
    /// undeclared id), one sentence each; empty for every policy that passes `tierc check` with ordinary values.
    /// ``emit(_:compilerVersion:)`` writes each as an `#error` line, so a caller may refuse to write the file instead.
    public static func problems(in policy: Policy) -> [String] {
        translate(policy).problems
    }

    /// ``emit(_:compilerVersion:)`` and ``problems(in:)`` from one translation, for a caller that needs both
    /// (`tierc compile` refuses to write a file with problems).
    public static func translate(_ policy: Policy, compilerVersion: String = PolicyCompiler.version) -> (text: String, problems: [String]) {
        var translator = SwiftTranslator(policy: policy, compilerVersion: compilerVersion)
        let file = translator.file()
        return (SwiftRenderer.render(file), translator.problems)
    }
}
