import PolicySource
import PolicyModel

/// A usage price model as tiers.yaml writes it (docs/pricing-models.md#yaml, docs/policy-format.md#usage_prices):
/// the keys it reads, how it decodes and validates them, and its part of the JSON Schema. No defaults:
/// ``UsagePrice/Scheme/Kind/yaml``, this layer's one switch over the models, does not compile until a new one is here.
protocol YAMLDecodedModel: UsagePriceModel {
    /// The other keys of the usage price that this form reads as its own parameters (`price` with `package`); such
    /// a key is then not a form of its own.
    static var parameterKeys: [String] { get }
    /// The diagnostic when this form is written with another: `invalid-value` for the forms of version 1 (codes
    /// never change meaning), `conflicting-price-forms` for later ones, which wins when both are written.
    static var conflictCode: DiagnosticCode { get }
    /// The JSON Schema of the form's key (``UsagePriceModel/formKey``) in a usage price.
    static var schemaProperty: Property { get }
    /// The model from its form key `form` and the usage price's keys `fields`, reporting every problem through
    /// `decoder`; nil when there was one. `place` names the usage price in messages.
    static func decode(_ form: YAMLPair, fields: [String: YAMLPair], place: String, with decoder: inout PolicyDecoder) -> Self?
}

extension UsagePrice.Scheme.Kind {
    /// The YAML side of this kind's model: the checker's one switch over the models (docs/pricing-models.md#yaml).
    var yaml: any YAMLDecodedModel.Type {
        switch self {
        case .flat: UnitPrice.self
        case .graduated: GraduatedPrice.self
        case .volume: VolumePrice.self
        case .package: PackagePrice.self
        }
    }

    /// Every model's YAML side, in documentation order.
    static var yamlModels: [any YAMLDecodedModel.Type] { allCases.map(\.yaml) }
}
