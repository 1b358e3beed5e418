import PolicySource
import PolicyModel

/// Volume pricing in tiers.yaml: `volume:` and a list of bands (``PolicyDecoder/decodeBands(_:kind:place:)``).
extension VolumePrice: YAMLDecodedModel {
    static let parameterKeys: [String] = []
    static let conflictCode = DiagnosticCode.invalidValue

    static var schemaProperty: Property {
        Property(Self.formKey, SchemaNode.reference("priceBands").described(
            "Volume pricing: all units at the price of the band the total falls in, plus that band's flat fee."))
    }

    static func decode(_ form: YAMLPair, fields: [String: YAMLPair], place: String,
                       with decoder: inout PolicyDecoder) -> VolumePrice? {
        decoder.decodeBands(form.value, kind: formKey, place: place).map(VolumePrice.init(bands:))
    }
}
