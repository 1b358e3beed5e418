/// The wire tag of a gauge's limit: a level (a decimal follows) or unlimited
/// (docs/snapshot-format.md#the-policy-section-tag-1-the-canonical-body).
public enum GaugeLimitTag: UInt8, Sendable, CaseIterable {
    case level = 0
    case unlimited = 1
}
