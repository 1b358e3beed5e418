import PolicyModel

/// The unit form in the generated Policy.swift: `UsagePrice.Scheme.flat(PolicyDecimal)`, one line.
extension UnitPrice: SwiftEmittedModel {
    static func schemeCase(currency: String) -> SwiftDeclaration {
        SwiftDeclaration(doc: ["One price for every `per` units, in \(currency)."],
                         .enumCase(name: name, rawValue: nil, payload: [.named("PolicyDecimal")]))
    }

    static let amountCase = #"""
                    case .flat(let unitPrice):
                        total = try Exact.product(quantity, try Exact(unitPrice, "a price"))
        """#

    func schemeExpression(_ translator: inout SwiftTranslator, place: String) -> (SwiftExpression, multiline: Bool) {
        // One line: `UsagePrice(per: 1000, scheme: .flat(PolicyDecimal(1, scale: 2)))`.
        (.call(.implicitMember(Self.name), [SwiftArgument(nil, translator.decimal(price, place))], multiline: false), false)
    }
}
