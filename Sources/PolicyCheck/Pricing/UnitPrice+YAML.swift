import PolicySource
import PolicyModel

/// The unit form in tiers.yaml: `price: 0.01` (money), per `per` units.
extension UnitPrice: YAMLDecodedModel {
    static let parameterKeys: [String] = []
    static let conflictCode = DiagnosticCode.invalidValue

    static var schemaProperty: Property {
        Property(Self.formKey, SchemaNode.reference("money").described(
            "The unit form: a price per `per` units; with `package`, the price of one package."))
    }

    static func decode(_ form: YAMLPair, fields: [String: YAMLPair], place: String, with decoder: inout PolicyDecoder) -> UnitPrice? {
        guard let price = decoder.money(form.value, place) else { return nil }
        return UnitPrice(price: price.value)
    }
}
