/// The wire tag of a counter's limit in one window: a number (an i64 follows) or unlimited
/// (docs/snapshot-format.md#the-policy-section-tag-1-the-canonical-body).
public enum LimitTag: UInt8, Sendable, CaseIterable {
    case limited = 0
    case unlimited = 1
}
