import PolicyModel

/// The package form in the generated Policy.swift: `UsagePrice.Scheme.package(Int64, PolicyDecimal)`, one line.
extension PackagePrice: SwiftEmittedModel {
    static func schemeCase(currency: String) -> SwiftDeclaration {
        SwiftDeclaration(doc: ["Whole packages of the given size at the given price each, a started package in full."],
                         .enumCase(name: name, rawValue: nil, payload: [.named("Int64"), .named("PolicyDecimal")]))
    }

    static let amountCase = #"""
                    case .package(let size, let packagePrice):
                        guard size > 0, let unit = Exact.powerOfTen(quantity.scale) else { throw .tooLarge }
                        let (divisor, overflow) = Int128(size).multipliedReportingOverflow(by: unit)
                        guard !overflow else { throw .tooLarge }
                        let (packages, remainder) = quantity.significand.quotientAndRemainder(dividingBy: divisor)
                        let count = Exact(packages + (remainder > 0 ? 1 : 0), scale: 0)
                        total = try Exact.product(count, try Exact(packagePrice, "a package price"))
                        per = 1
        """#

    func schemeExpression(_ translator: inout SwiftTranslator, place: String) -> (SwiftExpression, multiline: Bool) {
        (.call(.implicitMember(Self.name), [SwiftArgument(nil, .integer(size)), SwiftArgument(nil, translator.decimal(price, place))],
               multiline: false), false)
    }
}
