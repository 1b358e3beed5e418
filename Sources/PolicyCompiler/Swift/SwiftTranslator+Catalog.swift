import PolicyModel

/// The `Feature` and `Meter` enums, and the helpers every id enum shares (cases, `switch self` properties).
extension SwiftTranslator {
    func featureEnum() -> SwiftDeclaration {
        let features = policy.features
        var members = enumCases(features.map { ($0.id, names.feature($0.id), $0.description) })
        members.append(property("summary", .optional(.named("String")),
                                "The feature's `description` in tiers.yaml; nil when it has none.",
                                features.map { (names.feature($0.id), $0.description.map(SwiftExpression.string) ?? .nil) }))
        return catalogEnum("Feature", doc: [
            "The feature flags of `\(policy.name)`, in declaration order. The raw value is the feature's key in tiers.yaml.",
        ], cases: features.map(\.id), members: members)
    }

    func meterEnum() -> SwiftDeclaration {
        let meters = policy.meters
        var members = enumCases(meters.map { meter in
            (meter.id, names.meter(meter.id), "A \(meter.kind.rawValue) meter" + (meter.unit.map { " (unit: \($0))" } ?? "") + ".")
        })
        members.append(property("kind", .named("Kind"), "Whether the meter counts requests or holds a reported level.",
                                meters.map { (names.meter($0.id), .implicitMember($0.kind.rawValue)) }))
        members.append(property("unit", .optional(.named("String")), "The unit of the meter's quantities; nil when none is given.",
                                meters.map { (names.meter($0.id), $0.unit.map(SwiftExpression.string) ?? .nil) }))
        members.append(SwiftDeclaration(doc: [
            "`counter`: every allowed request adds its cost; `gauge`: tenants report levels, billed on the month's highest.",
        ], .type(SwiftTypeDeclaration(keyword: .enum, name: "Kind", conformances: Self.rawEnumConformances, members: [
            SwiftDeclaration(.enumCase(name: "counter", rawValue: .string("counter"), payload: [])),
            SwiftDeclaration(.enumCase(name: "gauge", rawValue: .string("gauge"), payload: [])),
        ]))))
        return catalogEnum("Meter", doc: [
            "The meters of `\(policy.name)`, in declaration order. The raw value is the meter's key in tiers.yaml.",
        ], cases: meters.map(\.id), members: members)
    }

    /// The conformances of every enum with a `String` raw value.
    static let rawEnumConformances = ["String", "CaseIterable", "Sendable", "Hashable", "Codable"]

    /// `case name = "key"` for each `(key, name, doc)`.
    func enumCases(_ cases: [(key: String, name: String, doc: String?)]) -> [SwiftDeclaration] {
        cases.map { SwiftDeclaration(doc: $0.doc.map { [$0] } ?? [], .enumCase(name: $0.name, rawValue: .string($0.key), payload: [])) }
    }

    /// `public var name: Type { switch self { case .x: return value … } }`.
    func property(_ name: String, _ type: SwiftType, _ doc: String, _ values: [(caseName: String, value: SwiftExpression)])
        -> SwiftDeclaration
    {
        let cases = values.map { SwiftSwitchCase(patterns: [.implicitMember($0.caseName)], body: [.return($0.value)]) }
        return SwiftDeclaration(doc: [doc], .computedProperty(name: name, type: type, body: [.switch(.selfReference, cases)]))
    }

    /// An enum of policy ids. Swift forbids a raw type on an enum without cases, so an empty one (a policy without
    /// features) spells `RawRepresentable` out and keeps the same API.
    func catalogEnum(_ name: String, doc: [String], cases: [String], members: [SwiftDeclaration]) -> SwiftDeclaration {
        guard cases.isEmpty else {
            return SwiftDeclaration(doc: doc, .type(SwiftTypeDeclaration(
                keyword: .enum, name: name, conformances: Self.rawEnumConformances, members: members)))
        }
        let rawRepresentable: [SwiftDeclaration] = [
            SwiftDeclaration(doc: ["No case has a raw value: the policy declares none."], .function(SwiftFunction(
                kind: .initializer(failable: true),
                parameters: [SwiftFunction.Parameter(label: "rawValue", name: "rawValue", type: .named("String"), defaultValue: nil)],
                returnType: nil, body: [.return(.nil)]))),
            SwiftDeclaration(doc: ["The key in tiers.yaml."], .computedProperty(
                name: "rawValue", type: .named("String"), body: [.switch(.selfReference, [])])),
        ]
        return SwiftDeclaration(doc: doc, .type(SwiftTypeDeclaration(
            keyword: .enum, name: name, conformances: ["RawRepresentable"] + Self.rawEnumConformances.dropFirst(),
            members: rawRepresentable + members)))
    }
}
