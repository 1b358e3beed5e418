/// The keys of a route, in the order the docs list them (docs/policy-format.md#routes): spelt once here for the
/// decoder, the JSON Schema and the change paths (a route is named by its `match`, the others are its fields).
public enum RouteKey: String, CaseIterable, Hashable, Sendable {
    case match, feature, meter, cost

    /// The keys as written, in order (the decoder's allowed keys), spelt once.
    public static let spellings = allCases.map(\.rawValue)
}
