import PolicySource
import PolicyModel

/// The package form in tiers.yaml: `package: 100` (a whole number ≥ 1) with `price` (money, the price of one
/// package), never with `per` (pricing v2: `conflicting-price-forms`).
extension PackagePrice: YAMLDecodedModel {
    static let parameterKeys = [UsagePriceKey.price.rawValue]
    static let conflictCode = DiagnosticCode.conflictingPriceForms

    static var schemaProperty: Property {
        Property(Self.formKey, SchemaNode.wholeNumber(minimum: 1).described(
            "The package form: `price` per started package of this many units (ceil(billed / package) x price).",
            examples: [.int(100)]))
    }

    static func decode(_ form: YAMLPair, fields: [String: YAMLPair], place: String, with decoder: inout PolicyDecoder) -> PackagePrice? {
        var ok = true
        if let perPair = fields[UsagePriceKey.per.rawValue] {
            decoder.error(.conflictingPriceForms, "`per` is not allowed with `package` in \(place): the package size already says how many units one price buys; remove `per`",
                          at: perPair.key.range, notes: [decoder.note("`package` is given here", at: form.key.range)])
            ok = false
        }
        let size = decoder.integer(form.value, "`package` in \(place)", minimum: 1)
        guard let pricePair = fields[UsagePriceKey.price.rawValue] else {
            decoder.missing(UsagePriceKey.price.rawValue, in: place, at: form.key.range, example: "package: \(size?.value ?? 100), price: 5")
            return nil
        }
        guard let size, let price = decoder.money(pricePair.value, "the package price of \(place)") else { return nil }
        return ok ? PackagePrice(size: size.value, price: price.value) : nil
    }
}
