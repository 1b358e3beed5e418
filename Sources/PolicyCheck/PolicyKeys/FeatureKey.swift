/// The keys of a feature under `features` (docs/policy-format.md#features): spelt once here for the decoder, the
/// JSON Schema and the change paths.
public enum FeatureKey: String, CaseIterable, Hashable, Sendable {
    case description

    /// The keys as written, in order (the decoder's allowed keys), spelt once.
    public static let spellings = allCases.map(\.rawValue)
}
