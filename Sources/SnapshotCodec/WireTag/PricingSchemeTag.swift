/// The wire tag of a usage price's scheme (docs/snapshot-format.md#the-policy-section-tag-1-the-canonical-body).
/// What follows it: a decimal (flat), bands (graduated, volume), or an i64 size and a decimal price (package); each
/// model writes and reads it in its ``SnapshotCodableModel`` conformance (docs/pricing-models.md#snapshot).
public enum PricingSchemeTag: UInt8, Sendable, CaseIterable {
    case flat = 0
    case graduated = 1
    case volume = 2
    case package = 3

    /// The tag's name in the reader's errors.
    var label: String {
        switch self {
        case .flat: "unit"
        case .graduated: "graduated"
        case .volume: "volume"
        case .package: "package"
        }
    }

    /// Every known tag, for an unknown tag's error: `0 (unit), 1 (graduated), 2 (volume) or 3 (package)`.
    static var expected: String {
        let names = allCases.map { "\($0.rawValue) (\($0.label))" }
        return names.dropLast().joined(separator: ", ") + " or " + names[names.count - 1]
    }
}
