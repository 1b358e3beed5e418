import PolicyModel

/// The `Tier` enum: one case per tier in ladder order, and what each tier grants, costs and limits.
extension SwiftTranslator {
    mutating func tierEnum() -> SwiftDeclaration {
        let tiers = policy.tiers
        let currency = policy.currency
        var members: [SwiftDeclaration] = enumCases(tiers.map { tier in
            var summary = "\(tier.name): \(tier.price.formatted(fractionDigits: currency.minorUnits)) \(currency.code) a month"
            if let parent = tier.parent { summary += ", extends `\(parent)`" }
            return (tier.id, names.tier(tier.id), summary + ".")
        })
        members.append(property("name", .named("String"), "The display name (`name:` in tiers.yaml, else the key).",
                                tiers.map { (names.tier($0.id), SwiftExpression.string($0.name)) }))
        members.append(property("parent", .optional(.named("Tier")), """
            The tier this one `extends` in tiers.yaml; nil for a root. Everything inherited is already in this tier's \
            values.
            """, tiers.map { (names.tier($0.id), tierReference($0.parent)) }))
        var prices: [(String, SwiftExpression)] = []
        for tier in tiers { prices.append((names.tier(tier.id), priceMinorUnits(tier))) }
        members.append(property("priceMinorUnits", .named("Int64"), """
            The base price per calendar month in minor units of \(currency.code) (\(Self.minorUnitExample(currency))).
            """, prices))
        var minimums: [(String, SwiftExpression)] = []
        for tier in tiers {
            var value = SwiftExpression.nil
            if let minimum = tier.minimum { value = minorUnits(minimum, "the minimum of tier `\(tier.id)`") }
            minimums.append((names.tier(tier.id), value))
        }
        members.append(property("minimumMinorUnits", .optional(.named("Int64")), """
            The monthly minimum spend in minor units of \(currency.code), prorated like the base price; nil: none.
            """, minimums))
        members.append(property("features", .set(.named("Feature")), "The features the tier grants, inherited ones included.",
                                tiers.map { tier in
                                    (names.tier(tier.id), .array(tier.features.map { featureReference($0) }, multiline: false))
                                }))
        members.append(limitsFunction())
        members.append(usagePriceFunction())
        members.append(limitsStruct())
        members.append(usagePriceStruct())
        return catalogEnum("Tier", doc: [
            "The tiers of `\(policy.name)` in ladder order, cheapest first (`allCases` keeps that order).",
            "The raw value is the tier's key in tiers.yaml.",
        ], cases: tiers.map(\.id), members: members)
    }

    private mutating func priceMinorUnits(_ tier: Tier) -> SwiftExpression {
        minorUnits(tier.price, "the price of tier `\(tier.id)`")
    }

    private mutating func minorUnits(_ amount: ExactDecimal, _ what: String) -> SwiftExpression {
        let digits = policy.currency.minorUnits
        if let scaled = amount.significand(atScale: digits), let value = Int64(exactly: scaled) {
            return .integer(value)
        }
        problems.append("\(what) (\(amount)) is not a whole number of \(policy.currency.code) minor units that fits in Int64")
        return .integer(0)
    }

    /// `limits(for:)`: a switch on the tier, then on the meter, so every pair is spelt out.
    private mutating func limitsFunction() -> SwiftDeclaration {
        var outer: [SwiftSwitchCase] = []
        for tier in policy.tiers {
            var inner: [SwiftSwitchCase] = []
            for meter in policy.meters {
                inner.append(SwiftSwitchCase(patterns: [.implicitMember(names.meter(meter.id))],
                                             body: [.return(limits(tier.limits[meter.id], tier: tier.id, meter: meter.id))]))
            }
            outer.append(SwiftSwitchCase(patterns: [.implicitMember(names.tier(tier.id))],
                                         body: [.switch(.identifier("meter"), inner)]))
        }
        return SwiftDeclaration(doc: ["The tier's limits on a meter; `.unlimited` when the tier sets none."], .function(SwiftFunction(
            kind: .method(name: "limits", isStatic: false),
            parameters: [SwiftFunction.Parameter(label: "for", name: "meter", type: .named("Meter"), defaultValue: nil)],
            returnType: .named("Limits"), body: [.switch(.selfReference, outer)])))
    }

    private mutating func limits(_ limit: MeterLimit?, tier: String, meter: String) -> SwiftExpression {
        var arguments: [SwiftArgument] = []
        switch limit {
        case .counter(let windows)?:
            for window in Window.allCases {
                if case .limited(let value)? = windows[window] { arguments.append(SwiftArgument(window.rawValue, .integer(value))) }
            }
        case .gauge(.level(let level))?:
            arguments.append(SwiftArgument("level", decimal(level, "the `\(meter)` limit of tier `\(tier)`")))
        case .gauge(.unlimited)?, nil:
            break
        }
        return arguments.isEmpty ? .implicitMember("unlimited") : .call(.identifier("Limits"), arguments, multiline: false)
    }

    /// `usagePrice(for:)`: a switch on the tier, then on the meter.
    private mutating func usagePriceFunction() -> SwiftDeclaration {
        var outer: [SwiftSwitchCase] = []
        for tier in policy.tiers {
            var inner: [SwiftSwitchCase] = []
            for meter in policy.meters {
                let price = tier.usagePrices[meter.id].map { usagePrice($0, tier: tier.id, meter: meter.id) } ?? .nil
                inner.append(SwiftSwitchCase(patterns: [.implicitMember(names.meter(meter.id))], body: [.return(price)]))
            }
            outer.append(SwiftSwitchCase(patterns: [.implicitMember(names.tier(tier.id))],
                                         body: [.switch(.identifier("meter"), inner)]))
        }
        return SwiftDeclaration(doc: [
            "What the tier charges for usage of a meter on top of its base price; nil when that usage is not billed.",
        ], .function(SwiftFunction(
            kind: .method(name: "usagePrice", isStatic: false),
            parameters: [SwiftFunction.Parameter(label: "for", name: "meter", type: .named("Meter"), defaultValue: nil)],
            returnType: .optional(.named("UsagePrice")), body: [.switch(.selfReference, outer)])))
    }

    private mutating func usagePrice(_ price: UsagePrice, tier: String, meter: String) -> SwiftExpression {
        let place = "the usage price of `\(meter)` in tier `\(tier)`"
        var free: [SwiftArgument] = []
        if !price.free.isZero { free.append(SwiftArgument("free", decimal(price.free, "`free` of \(place)"))) }
        let (scheme, multiline) = schemeExpression(price.scheme, place: place)
        return .call(.identifier("UsagePrice"), [SwiftArgument("per", .integer(price.per)), SwiftArgument("scheme", scheme)] + free,
                     multiline: multiline)
    }

    /// The bands of a graduated or volume price, one per line.
    mutating func bands(_ bands: [PriceBand], _ place: String) -> SwiftExpression {
        var rows: [SwiftExpression] = []
        for band in bands {
            let upTo: SwiftExpression
            switch band.upTo {
            case .upTo(let bound): upTo = decimal(bound, "a band bound of \(place)")
            case .unlimited: upTo = .nil
            }
            var arguments = [SwiftArgument("upTo", upTo), SwiftArgument("price", decimal(band.price, "a band price of \(place)"))]
            if !band.flat.isZero { arguments.append(SwiftArgument("flat", decimal(band.flat, "a band's flat fee of \(place)"))) }
            rows.append(.call(.member(.identifier("UsagePrice"), "Band"), arguments, multiline: false))
        }
        return .array(rows, multiline: true)
    }
}
