/// The keys of a band of a graduated or volume price (docs/pricing-models.md#yaml): spelt once here for the
/// decoder and the JSON Schema.
public enum PriceBandKey: String, CaseIterable, Hashable, Sendable {
    case upTo = "up_to"
    case price, flat

    /// The keys as written, in order (the decoder's allowed keys), spelt once.
    public static let spellings = allCases.map(\.rawValue)
}
