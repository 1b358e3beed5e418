public import Diagnostics

/// What a diagnostic says about a misspelt name (docs/diagnostics.md: a message says what is wrong and what would be
/// right): the closest candidate as "; did you mean `x`?" with the fix-it that writes it, or another hint. The one
/// place that words it for findings in files (the decoders, the resolver, `tierc keys`, `tierc diff --set`); the
/// command line's own usage errors quote with `'` as ArgumentParser does.
public struct Correction: Sendable, Hashable {
    /// The name to write instead; nil when no candidate is close enough (``Suggestion/closest(to:in:)``).
    public let candidate: String?

    /// A correction to a name chosen by the caller (a synonym, a case fix), or none.
    public init(candidate: String?) {
        self.candidate = candidate
    }

    /// The candidate closest to `name`, if any is close enough.
    public init(_ name: String, in candidates: some Sequence<String>) {
        candidate = Suggestion.closest(to: name, in: candidates)
    }

    /// "; did you mean `x`?", or `otherwise` without a candidate.
    public func phrase(otherwise: String = "") -> String {
        candidate.map { "; did you mean `\($0)`?" } ?? otherwise
    }

    /// The fix-it that replaces `range` with the candidate; none without one.
    public func fixIts(replacing range: SourceRange) -> [FixIt] {
        candidate.map { [FixIt("replace with `\($0)`", range: range, replacement: $0)] } ?? []
    }

    /// "`a`, `b`, `c`": names as a message lists them.
    public static func list(_ names: some Sequence<String>) -> String {
        names.map { "`\($0)`" }.joined(separator: ", ")
    }
}
