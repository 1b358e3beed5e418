import PolicyModel

/// The Swift case names of one policy's tiers, features and meters (``SwiftIdentifier``'s rule), each set unique
/// within its enum and apart from the members that enum declares.
struct SwiftNames: Sendable {
    /// Members of every generated enum (from `RawRepresentable`, `CaseIterable`, `Hashable`, `Codable`): a case with
    /// one of these names would be shadowed by or confused with the member, so it is renamed like a clash.
    static let protocolMembers: Set<String> = ["allCases", "encode", "hash", "hashValue", "init", "rawValue"]
    /// Members that `Tier` declares (see SwiftTranslator+Tier.swift).
    static let tierMembers: Set<String> = ["features", "limits", "name", "parent", "priceMinorUnits", "usagePrice"]
    /// Members that `Feature` declares.
    static let featureMembers: Set<String> = ["summary"]
    /// Members that `Meter` declares.
    static let meterMembers: Set<String> = ["kind", "unit"]

    private(set) var tiers: [String: String] = [:]
    private(set) var features: [String: String] = [:]
    private(set) var meters: [String: String] = [:]

    init(_ policy: Policy) {
        tiers = Self.table(policy.tiers.map(\.id), reserved: Self.protocolMembers.union(Self.tierMembers), fallback: "tier")
        features = Self.table(policy.features.map(\.id), reserved: Self.protocolMembers.union(Self.featureMembers),
                              fallback: "feature")
        meters = Self.table(policy.meters.map(\.id), reserved: Self.protocolMembers.union(Self.meterMembers), fallback: "meter")
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
