public import PolicyModel

/// The wire tag of an identification method in `identification.order`
/// (docs/snapshot-format.md#the-policy-section-tag-1-the-canonical-body).
public enum IdentificationMethodTag: UInt8, Sendable, CaseIterable {
    case apiKey = 0
    case header = 1
    case subdomain = 2
    case query = 3

    public init(_ method: IdentificationMethod) {
        switch method {
        case .apiKey: self = .apiKey
        case .header: self = .header
        case .subdomain: self = .subdomain
        case .query: self = .query
        }
    }

    public var method: IdentificationMethod {
        switch self {
        case .apiKey: .apiKey
        case .header: .header
        case .subdomain: .subdomain
        case .query: .query
        }
    }
}
