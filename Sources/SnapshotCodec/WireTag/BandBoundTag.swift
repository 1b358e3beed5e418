/// The wire tag of a price band's upper bound: up to a quantity (a decimal follows) or unlimited
/// (docs/snapshot-format.md#the-policy-section-tag-1-the-canonical-body).
public enum BandBoundTag: UInt8, Sendable, CaseIterable {
    case upTo = 0
    case unlimited = 1
}
