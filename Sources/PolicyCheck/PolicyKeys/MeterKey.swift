/// The keys of a meter (docs/policy-format.md#meters): spelt once here for the decoder, the JSON Schema and the
/// change paths.
public enum MeterKey: String, CaseIterable, Hashable, Sendable {
    case kind, unit

    /// The keys as written, in order (the decoder's allowed keys), spelt once.
    public static let spellings = allCases.map(\.rawValue)
}
