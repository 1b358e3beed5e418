import PolicySource
import PolicyModel

/// `usage_prices:`, policy-wide or in a tier: the price forms and their bands (docs/policy-format.md#usage_prices).
extension PolicyDecoder {
    mutating func decodeUsagePrices(_ entries: [YAMLPair], owner: String) -> [UsagePriceDecl] {
        var result: [UsagePriceDecl] = []
        for entry in entries {
            guard let meter = string(entry.key, "a meter name") else { continue }
            let place = "the usage price of `\(meter.value)` in \(owner)"
            var decl = UsagePriceDecl(meter: meter, price: nil, range: entry.value.range)
            if let body = mapping(entry.value, place) {
                decl.price = decodeUsagePrice(body, place: place, meter: meter.value, at: entry.key.range)
                decl.freeRange = body.first { $0.key.scalar == "free" }?.value.range
            }
            result.append(decl)
        }
        return result
    }

    /// The keys of a usage price, in documentation order.
    static let usagePriceKeys = ["per", "price", "free", "package", "graduated", "volume"]

    /// One usage price: exactly one form (`price`, `graduated`, `volume`, or `package` with `price`), `per` (not
    /// with `package`) and `free` (docs/policy-format.md#usage-price-forms-and-minimums).
    mutating func decodeUsagePrice(_ body: [YAMLPair], place: String, meter: String,
                                           at keyRange: SourceRange) -> UsagePrice? {
        let f = fields(body, allowed: Self.usagePriceKeys, in: place)
        var per: Int64 = 1
        var ok = true
        if let perPair = f["per"] {
            if let value = integer(perPair.value, "`per` in \(place)", minimum: 1) { per = value.value } else { ok = false }
        }
        var free = ExactDecimal.zero
        if let freePair = f["free"] {
            if let value = quantity(freePair.value, "`free` in \(place)") {
                if meterKinds[meter] == .counter, !value.value.isInteger {
                    let whole = value.value.rounded(toScale: 0, rule: .halfUp).description
                    error(.invalidValue, "`free` in \(place) must be whole units: `\(meter)` is a counter, whose quantities are whole; found `\(value.value)`",
                          at: value.range, fixIts: [FixIt("replace with `\(whole)`", range: value.range, replacement: whole)])
                    ok = false
                } else {
                    free = value.value
                }
            } else {
                ok = false
            }
        }
        // The forms written: `package` takes `price` as its price per package, so `price` is a form only without it.
        let package = f["package"]
        let forms = (package != nil ? ["package", "graduated", "volume"] : ["price", "graduated", "volume"]).compactMap { f[$0] }
        guard let chosen = forms.first else {
            // `prise: 0.01` was reported as an unknown key with `price` suggested: one problem, one report.
            guard !["price", "graduated", "volume", "package"].contains(where: { misspelling(of: $0, in: place) != nil }) else { return nil }
            error(.missingKey, "\(place) needs one of `price`, `graduated`, `volume` or `package` (with `price`)", at: keyRange)
            return nil
        }
        if forms.count > 1 {
            let first = chosen.key.scalar ?? "", second = forms[1].key.scalar ?? ""
            // Two of the forms of version 1 stay `invalid-value` (codes never change meaning); a package with
            // another form is pricing v2's `conflicting-price-forms`.
            error(package != nil ? .conflictingPriceForms : .invalidValue,
                  "\(place) has both `\(first)` and `\(second)`; a usage price has exactly one form: keep one",
                  at: forms[1].key.range, notes: [note("`\(first)` is given here", at: chosen.key.range)])
            return nil
        }
        let scheme: UsagePrice.Scheme
        switch chosen.key.scalar {
        case "price":
            guard let price = money(chosen.value, place) else { return nil }
            scheme = .flat(price.value)
        case "package":
            if let perPair = f["per"] {
                error(.conflictingPriceForms, "`per` is not allowed with `package` in \(place): the package size already says how many units one price buys; remove `per`",
                      at: perPair.key.range, notes: [note("`package` is given here", at: chosen.key.range)])
                ok = false
            }
            let size = integer(chosen.value, "`package` in \(place)", minimum: 1)
            guard let pricePair = f["price"] else {
                missing("price", in: place, at: chosen.key.range, example: "package: \(size?.value ?? 100), price: 5")
                return nil
            }
            guard let size, let price = money(pricePair.value, "the package price of \(place)") else { return nil }
            scheme = .package(size: size.value, price: price.value)
            per = 1
        case let kind?:
            guard let bands = decodeBands(chosen.value, kind: kind, place: place) else { return nil }
            scheme = kind == "graduated" ? .graduated(bands) : .volume(bands)
        case nil:
            return nil
        }
        return ok ? UsagePrice(per: per, scheme: scheme, free: free) : nil
    }

    mutating func decodeBands(_ node: YAMLNode, kind: String, place: String) -> [PriceBand]? {
        guard let items = sequence(node, "`\(kind)` in \(place)") else { return nil }
        guard !items.isEmpty else {
            error(.invalidBands, "`\(kind)` in \(place) has no bands; end with `{ up_to: unlimited, price: … }`", at: node.range)
            return nil
        }
        var bands: [PriceBand] = []
        var valid = true
        var previous: (ExactDecimal, SourceRange)?
        var unlimitedAt: SourceRange?
        for (index, item) in items.enumerated() {
            let bandPlace = "band \(index + 1) of `\(kind)`"
            guard let body = mapping(item, bandPlace) else { valid = false; continue }
            let f = fields(body, allowed: ["up_to", "price", "flat"], in: bandPlace)
            var bound: BandBound?
            if let upTo = f["up_to"] {
                if upTo.value.scalar == "unlimited" {
                    bound = .unlimited
                    if let earlier = unlimitedAt {
                        error(.invalidBands, "only the last band may be `unlimited`", at: earlier,
                              notes: [note("a later band follows here", at: upTo.value.range)])
                        valid = false
                    }
                    unlimitedAt = upTo.value.range
                } else if let value = quantity(upTo.value, "`up_to` of \(bandPlace)") {
                    if let unlimited = unlimitedAt {
                        error(.invalidBands, "only the last band may be `unlimited`", at: unlimited,
                              notes: [note("a later band follows here", at: value.range)])
                        unlimitedAt = nil
                        valid = false
                    }
                    if let (last, lastRange) = previous, !(last < value.value) {
                        error(.invalidBands, "bands must be ascending: `up_to: \(value.value)` is not above the previous band's `\(last)`",
                              at: value.range, notes: [note("the previous band ends here", at: lastRange)])
                        valid = false
                    }
                    previous = (value.value, value.range)
                    bound = .upTo(value.value)
                } else {
                    valid = false
                }
            } else {
                missing("up_to", in: bandPlace, at: item.range, example: "up_to: 1000")
                valid = false
            }
            var price: ExactDecimal?
            if let pricePair = f["price"] {
                price = money(pricePair.value, "the price of \(bandPlace)")?.value
            } else {
                missing("price", in: bandPlace, at: item.range, example: "price: 0.01")
            }
            var flat = ExactDecimal.zero
            if let flatPair = f["flat"] {
                if let value = money(flatPair.value, "the flat fee of \(bandPlace)") { flat = value.value } else { valid = false }
            }
            if let bound, let price { bands.append(PriceBand(upTo: bound, price: price, flat: flat)) } else { valid = false }
        }
        if let last = items.last, case .mapping(let pairs) = last.content,
           let upTo = pairs.first(where: { $0.key.scalar == "up_to" }), upTo.value.scalar != "unlimited" {
            error(.invalidBands, "the last band of `\(kind)` must be `up_to: unlimited`, so every quantity has a price",
                  at: upTo.value.range, fixIts: [FixIt("replace with `unlimited`", range: upTo.value.range, replacement: "unlimited")])
            valid = false
        }
        return valid ? bands : nil
    }
}
