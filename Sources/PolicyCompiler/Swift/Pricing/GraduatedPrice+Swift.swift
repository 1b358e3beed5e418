import PolicyModel

/// Graduated pricing in the generated Policy.swift: `UsagePrice.Scheme.graduated([Band])`, a band per line.
extension GraduatedPrice: SwiftEmittedModel {
    static func schemeCase(currency: String) -> SwiftDeclaration {
        SwiftDeclaration(doc: ["Each band charges its own units at its own price."],
                         .enumCase(name: name, rawValue: nil, payload: [.array(.named("Band"))]))
    }

    static let amountCase = #"""
                    case .graduated(let bands):
                        var lower = Exact.zero
                        for (index, band) in bands.enumerated() {
                            guard index == 0 || lower < quantity else { break }
                            let flat = try Exact(band.flat ?? PolicyDecimal(0, scale: 0), "a flat fee")
                            flats = try Exact.sum(flats, flat)
                            guard lower < quantity else { break }
                            var upper = quantity
                            if let bound = band.upTo {
                                let exactBound = try Exact(bound, "a band bound")
                                if exactBound < quantity { upper = exactBound }
                            }
                            if lower < upper {
                                let units = try Exact.sum(upper, lower.negated)
                                let bandPrice = try Exact(band.price, "a price")
                                total = try Exact.sum(total, try Exact.product(units, bandPrice))
                            }
                            guard let bound = band.upTo else { break }
                            lower = try Exact(bound, "a band bound")
                        }
        """#

    func schemeExpression(_ translator: inout SwiftTranslator, place: String) -> (SwiftExpression, multiline: Bool) {
        (.call(.implicitMember(Self.name), [SwiftArgument(nil, translator.bands(bands, place))], multiline: false), true)
    }
}
