/// The keys of `identification`, in the order the docs list them (docs/policy-format.md#identification): spelt
/// once here for the decoder, the JSON Schema and the change paths.
public enum IdentificationKey: String, CaseIterable, Hashable, Sendable {
    case order
    case apiKey = "api_key"
    case header, subdomain, query
    case requireTenant = "require_tenant"
    case trustedHeader = "trusted_header"

    /// The one key inside the block of a method (`api_key.scheme`, `header.names`, `subdomain.base_domain`,
    /// `query.param`).
    public enum Inner: String, CaseIterable, Hashable, Sendable {
        case scheme, names
        case baseDomain = "base_domain"
        case param
    }

    /// The one key of the block this key opens; nil for a key whose value is a list or a boolean.
    public var inner: Inner? {
        switch self {
        case .apiKey: .scheme
        case .header: .names
        case .subdomain: .baseDomain
        case .query: .param
        case .order, .requireTenant, .trustedHeader: nil
        }
    }

    /// The keys as written, in order (the decoder's allowed keys), spelt once.
    public static let spellings = allCases.map(\.rawValue)
}
