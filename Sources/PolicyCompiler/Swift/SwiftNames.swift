import PolicyModel

/// The Swift case names of one policy's tiers, features and meters (``SwiftIdentifier``'s rule), each set unique
/// within its enum and apart from the members that enum declares.
struct SwiftNames: Sendable {
    /// Members of every generated enum (from `RawRepresentable`, `CaseIterable`, `Hashable`, `Codable`): a case with
    /// one of these names would be shadowed by or confused with the member, so it is renamed like a clash.
    static let protocolMembers: Set<String> = ["allCases", "encode", "hash", "hashValue", "init", "rawValue"]
    /// `Optional`'s cases. A case named `none` or `some` would be written `.none` where the type is `Tier?` (a
    /// tier's `parent`, a route's `feature` and `meter`), which Swift reads as `Optional.none`: the value would
    /// silently become nil. Such a case is renamed like a clash (`none_2`), so no name changes meaning
    /// (docs/generated-swift.md, "Names").
    static let optionalMembers: Set<String> = ["none", "some"]
    /// Members that `Tier` declares (see SwiftTranslator+Tier.swift).
    static let tierMembers: Set<String> = [
        "features", "invoice", "limits", "minimumMinorUnits", "name", "parent", "priceMinorUnits", "usagePrice",
    ]
    /// Members that `Feature` declares.
    static let featureMembers: Set<String> = ["summary"]
    /// Members that `Meter` declares.
    static let meterMembers: Set<String> = ["kind", "unit"]

    private(set) var tiers: [String: String] = [:]
    private(set) var features: [String: String] = [:]
    private(set) var meters: [String: String] = [:]

    init(_ policy: Policy) {
        tiers = Self.table(policy.tiers.map(\.id), reserved: Self.protocolMembers.union(Self.optionalMembers).union(Self.tierMembers), fallback: "tier")
        features = Self.table(policy.features.map(\.id), reserved: Self.protocolMembers.union(Self.optionalMembers).union(Self.featureMembers),
                              fallback: "feature")
        meters = Self.table(policy.meters.map(\.id), reserved: Self.protocolMembers.union(Self.optionalMembers).union(Self.meterMembers), fallback: "meter")
    }

    func tier(_ id: String) -> String { tiers[id] ?? SwiftIdentifier.name(for: id, fallback: "tier") }
    func feature(_ id: String) -> String { features[id] ?? SwiftIdentifier.name(for: id, fallback: "feature") }
    func meter(_ id: String) -> String { meters[id] ?? SwiftIdentifier.name(for: id, fallback: "meter") }

    private static func table(_ ids: [String], reserved: Set<String>, fallback: String) -> [String: String] {
        let names = SwiftIdentifier.uniqueNames(for: ids, reserved: reserved, fallback: fallback)
        // A repeated id (not possible in a checked policy) keeps its first name.
        return Dictionary(zip(ids, names), uniquingKeysWith: { first, _ in first })
    }
}
