import Foundation
import PolicySource
import Testing

@testable import PolicyCheck

/// Each set of tiers.yaml keys is declared once, by its enum (docs/policy-format.md "tiers.yaml, key by key"): the
/// JSON Schema's properties and the decoder's allowed keys are those cases (the committed schema, compared byte for
/// byte by ``SchemaTests``, keeps their order).
@Suite struct PolicyKeysTests {
    /// The names of the schema's `properties` at `definition` (nil: the top level), sorted.
    static func properties(_ definition: String?, inner: String? = nil) throws -> [String] {
        let text = PolicySchema.jsonSchema()
        let root = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        var node = root
        if let definition {
            let definitions = try #require(root["definitions"] as? [String: Any])
            node = try #require(definitions[definition] as? [String: Any])
        }
        var properties = try #require(node["properties"] as? [String: Any])
        if let inner {
            let block = try #require(properties[inner] as? [String: Any])
            properties = try #require(block["properties"] as? [String: Any])
        }
        return properties.keys.sorted()
    }

    static func names<Key: RawRepresentable & CaseIterable>(_ key: Key.Type) -> [String] where Key.RawValue == String {
        key.allCases.map(\.rawValue).sorted()
    }

    @Test func theSchemaSpellsEachKeySetFromItsEnum() throws {
        #expect(try Self.properties(nil) == Self.names(TopLevelKey.self))
        #expect(try Self.properties("tier") == Self.names(TierKey.self))
        #expect(try Self.properties("identification") == Self.names(IdentificationKey.self))
        for key in IdentificationKey.allCases {
            guard let inner = key.inner else { continue }
            #expect(try Self.properties("identification", inner: key.rawValue) == [inner.rawValue])
        }
        #expect(try Self.properties("meter") == Self.names(MeterKey.self))
        #expect(try Self.properties("feature") == Self.names(FeatureKey.self))
        #expect(try Self.properties("route") == Self.names(RouteKey.self))
        #expect(try Self.properties("usagePrice") == Self.names(UsagePriceKey.self))
        #expect(try Self.properties("priceBand") == Self.names(PriceBandKey.self))
    }

    @Test func theDecoderAllowsEachKeySetFromItsEnum() {
        #expect(PolicyDecoder.topLevelKeys == TopLevelKey.allCases.map(\.rawValue))
        #expect(PolicyDecoder.tierKeys == TierKey.allCases.map(\.rawValue))
        #expect(PolicyDecoder.usagePriceKeys == UsagePriceKey.allCases.map(\.rawValue))
    }

    /// An unknown key of a meter, a route, `identification` and a band is reported with the enum's key suggested.
    @Test(arguments: [
        ("    kind: counter", "    kind: counter\n    unitt: call", "unit"),
        ("  - match: /api/**", "  - match: /api/**\n    costt: 2", "cost"),
        ("identification:\n  order: [api_key]", "identification:\n  order: [api_key]\n  require_tenantt: true", "require_tenant"),
    ])
    func aMisspeltKeyIsCorrectedToTheEnumsKey(_ old: String, _ new: String, _ suggested: String) throws {
        let base = """
            format: 1
            policy: keys
            currency: USD
            identification:
              order: [api_key]
            meters:
              api_calls:
                kind: counter
            routes:
              - match: /api/**
            tiers:
              free:
                price: 0

            """
        let text = base.replacingOccurrences(of: old, with: new)
        try #require(text != base)
        let result = PolicyChecker.check(policy: SourceFile(name: "tiers.yaml", text: text))
        let unknown = result.diagnostics.filter { $0.code == .unknownKey }
        #expect(unknown.count == 1)
        #expect(unknown.first?.message.contains("`\(suggested)`") == true, "\(unknown.map(\.message))")
    }
}
