public import PolicyModel

/// The wire tag of a meter's kind, in the meter list and before each limit of a tier
/// (docs/snapshot-format.md#the-policy-section-tag-1-the-canonical-body).
public enum MeterKindTag: UInt8, Sendable, CaseIterable {
    case counter = 0
    case gauge = 1

    public init(_ kind: MeterKind) {
        switch kind {
        case .counter: self = .counter
        case .gauge: self = .gauge
        }
    }

    public var kind: MeterKind {
        switch self {
        case .counter: .counter
        case .gauge: .gauge
        }
    }
}
