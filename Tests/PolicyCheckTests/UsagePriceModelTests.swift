import Foundation
import PolicyModel
import PolicySource
import SnapshotCodec
import Testing

@testable import PolicyCheck

/// Every usage price model of the registry (`UsagePrice.Scheme.Kind`, docs/pricing-models.md): it decodes from
/// tiers.yaml into its own model, survives the snapshot unchanged, and appears in the JSON Schema. A new model
/// fails here until it has an example below.
@Suite("Usage price models of the registry")
struct UsagePriceModelTests {
    /// One usage price per model, as tiers.yaml writes it, keyed by the model's name.
    static let examples: [String: String] = [
        "flat": "{ per: 1000, price: 0.0015, free: 50 }",
        "graduated": "{ graduated: [{ up_to: 100, price: 0.02, flat: 1 }, { up_to: unlimited, price: 0.01 }] }",
        "volume": "{ per: 10, free: 5, volume: [{ up_to: 100, price: 0.2 }, { up_to: unlimited, price: 0.1, flat: 2 }] }",
        "package": "{ package: 100, price: 5, free: 10 }",
    ]

    /// A policy whose tier `priced` prices `api_calls` with `price`.
    static func policyText(_ price: String) -> String {
        """
        format: 1
        policy: models
        currency: USD
        identification: { order: [api_key] }
        meters:
          api_calls: { kind: counter }
        default_meter: api_calls
        tiers:
          priced:
            price: 0
            usage_prices:
              api_calls: \(price)
        """
    }

    static func checked(_ kind: UsagePrice.Scheme.Kind) throws -> Policy {
        let example = try #require(examples[kind.model.name], "no example for the model `\(kind.model.name)`")
        let result = PolicyChecker.check(policy: SourceFile(name: "tiers.yaml", text: policyText(example)))
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics.map(\.message))")
        return try #require(result.policy)
    }

    @Test("the registry: one model per kind, distinct names and form keys, each form key a key of a usage price")
    func registry() {
        let models = UsagePrice.Scheme.models
        #expect(models.count == UsagePrice.Scheme.Kind.allCases.count)
        #expect(Set(models.map { $0.name }).count == models.count)
        #expect(Set(models.map { $0.formKey }).count == models.count)
        for model in UsagePrice.Scheme.Kind.yamlModels {
            #expect(PolicyDecoder.usagePriceKeys.contains(model.formKey), "`\(model.formKey)` is not a usage price key")
            for key in model.parameterKeys {
                #expect(PolicyDecoder.usagePriceKeys.contains(key), "`\(key)` of `\(model.formKey)` is not a usage price key")
            }
        }
    }

    @Test("YAML → policy → snapshot → policy: the model decodes to its own kind and the snapshot keeps it",
          arguments: UsagePrice.Scheme.Kind.allCases)
    func roundTrip(kind: UsagePrice.Scheme.Kind) throws {
        let policy = try Self.checked(kind)
        let price = try #require(policy.tiers.first { $0.id == "priced" }?.usagePrices["api_calls"])
        #expect(price.scheme.kind == kind)
        #expect(type(of: price.scheme.model) == kind.model)
        #expect(price.scheme.model.scheme == price.scheme)
        let bytes = try Snapshot.encode(policy: policy, tenants: nil, revision: 1, sourceRevision: nil,
                                        compilerVersion: "test", signed: false)
        let loaded = try Snapshot.load(bytes)
        #expect(loaded.policy == policy)
        #expect(loaded.policy.tiers.first { $0.id == "priced" }?.usagePrices["api_calls"] == price)
    }

    @Test("the JSON Schema has the model's form key as a property and one `oneOf` alternative requiring it",
          arguments: UsagePrice.Scheme.Kind.allCases)
    func schema(kind: UsagePrice.Scheme.Kind) throws {
        let schema = try #require(try JSONSerialization.jsonObject(with: Data(PolicySchema.jsonSchema().utf8)) as? [String: Any])
        let definitions = try #require(schema["definitions"] as? [String: Any])
        let usagePrice = try #require(definitions["usagePrice"] as? [String: Any])
        let properties = try #require(usagePrice["properties"] as? [String: Any])
        let model = kind.yaml
        #expect(properties[model.formKey] != nil)
        let alternatives = try #require(usagePrice["oneOf"] as? [[String: Any]])
        let requiring = alternatives.filter { ($0["required"] as? [String]) == [model.formKey] + model.parameterKeys }
        #expect(requiring.count == 1)
    }
}
