import PolicySource
import PolicyModel

/// Graduated pricing in tiers.yaml: `graduated:` and a list of bands (``PolicyDecoder/decodeBands(_:kind:place:)``).
extension GraduatedPrice: YAMLDecodedModel {
    static let parameterKeys: [String] = []
    static let conflictCode = DiagnosticCode.invalidValue

    static var schemaProperty: Property {
        Property(Self.formKey, SchemaNode.reference("priceBands").described(
            "Graduated pricing: each band charges its own units at its own price, plus the flat fee of every band reached."))
    }

    static func decode(_ form: YAMLPair, fields: [String: YAMLPair], place: String,
                       with decoder: inout PolicyDecoder) -> GraduatedPrice? {
        decoder.decodeBands(form.value, kind: formKey, place: place).map(GraduatedPrice.init(bands:))
    }
}
