/// The wire tag of a usage price's scheme (docs/snapshot-format.md#the-policy-section-tag-1-the-canonical-body).
/// What follows it: a decimal (flat), bands (graduated, volume), or an i64 size and a decimal price (package).
public enum PricingSchemeTag: UInt8, Sendable, CaseIterable {
    case flat = 0
    case graduated = 1
    case volume = 2
    case package = 3
}
