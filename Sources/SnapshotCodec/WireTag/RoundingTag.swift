public import PolicyModel

/// The wire tag of the policy's rounding rule (docs/snapshot-format.md#the-policy-section-tag-1-the-canonical-body).
public enum RoundingTag: UInt8, Sendable, CaseIterable {
    case halfUp = 0
    case halfEven = 1

    public init(_ rounding: Rounding) {
        switch rounding {
        case .halfUp: self = .halfUp
        case .halfEven: self = .halfEven
        }
    }

    public var rounding: Rounding {
        switch self {
        case .halfUp: .halfUp
        case .halfEven: .halfEven
        }
    }
}
