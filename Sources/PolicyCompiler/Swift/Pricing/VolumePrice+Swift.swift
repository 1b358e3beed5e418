import PolicyModel

/// Volume pricing in the generated Policy.swift: `UsagePrice.Scheme.volume([Band])`, a band per line.
extension VolumePrice: SwiftEmittedModel {
    static func schemeCase(currency: String) -> SwiftDeclaration {
        SwiftDeclaration(doc: ["All units at the price of the band the total falls in."],
                         .enumCase(name: name, rawValue: nil, payload: [.array(.named("Band"))]))
    }

    static let amountCase = #"""
                    case .volume(let bands):
                        var chosen = bands.last
                        for band in bands {
                            if let bound = band.upTo, try Exact(bound, "a band bound") < quantity { continue }
                            chosen = band
                            break
                        }
                        if let band = chosen {
                            total = try Exact.product(quantity, try Exact(band.price, "a price"))
                            flats = try Exact(band.flat ?? PolicyDecimal(0, scale: 0), "a flat fee")
                        }
        """#

    func schemeExpression(_ translator: inout SwiftTranslator, place: String) -> (SwiftExpression, multiline: Bool) {
        (.call(.implicitMember(Self.name), [SwiftArgument(nil, translator.bands(bands, place))], multiline: false), true)
    }
}
