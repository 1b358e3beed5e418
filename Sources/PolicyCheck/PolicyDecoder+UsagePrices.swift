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
                decl.freeRange = body.first { $0.key.scalar == UsagePriceKey.free.rawValue }?.value.range
            }
            result.append(decl)
        }
        return result
    }

    /// The keys of a usage price, in documentation order, declared once by ``UsagePriceKey``: the order of the JSON
    /// Schema's properties, and of the forms when two are written (docs/pricing-models.md#yaml).
    static let usagePriceKeys = UsagePriceKey.allCases.map(\.rawValue)

    /// One usage price: exactly one form (one model's ``UsagePriceModel/formKey``, with the keys it reads), `per`
    /// (not with a model that does not accept it) and `free` (docs/policy-format.md#usage-price-forms-and-minimums).
    mutating func decodeUsagePrice(_ body: [YAMLPair], place: String, meter: String,
                                           at keyRange: SourceRange) -> UsagePrice? {
        let f = fields(body, allowed: Self.usagePriceKeys, in: place)
        var per: Int64 = 1
        var ok = true
        if let perPair = f[UsagePriceKey.per.rawValue] {
            if let value = integer(perPair.value, "`per` in \(place)", minimum: 1) { per = value.value } else { ok = false }
        }
        var free = ExactDecimal.zero
        if let freePair = f[UsagePriceKey.free.rawValue] {
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
        // The forms written, in key order: a key that a written form reads as its parameter (`package` takes `price`
        // as its price per package) is not a form of its own.
        let models = UsagePrice.Scheme.Kind.yamlModels
        let written = models.filter { f[$0.formKey] != nil }
        let parameters = Set(written.flatMap { $0.parameterKeys })
        let forms = written.filter { !parameters.contains($0.formKey) }.sorted { a, b in
            (Self.usagePriceKeys.firstIndex(of: a.formKey) ?? .max) < (Self.usagePriceKeys.firstIndex(of: b.formKey) ?? .max)
        }
        guard let chosen = forms.first, let chosenPair = f[chosen.formKey] else {
            // `prise: 0.01` was reported as an unknown key with `price` suggested: one problem, one report.
            guard !models.contains(where: { misspelling(of: $0.formKey, in: place) != nil }) else { return nil }
            error(.missingKey, "\(place) needs one of \(Self.formList(models))", at: keyRange)
            return nil
        }
        if forms.count > 1, let secondPair = f[forms[1].formKey] {
            let first = chosen.formKey, second = forms[1].formKey
            // Two of the forms of version 1 stay `invalid-value` (codes never change meaning); a later form (a
            // package) with another form is pricing v2's `conflicting-price-forms`.
            let code: DiagnosticCode = forms.contains { $0.conflictCode == .conflictingPriceForms } ? .conflictingPriceForms : .invalidValue
            error(code, "\(place) has both `\(first)` and `\(second)`; a usage price has exactly one form: keep one",
                  at: secondPair.key.range, notes: [note("`\(first)` is given here", at: chosenPair.key.range)])
            return nil
        }
        guard let scheme = decodeForm(chosen, chosenPair, fields: f, place: place) else { return nil }
        if !chosen.acceptsPer { per = 1 }
        return ok ? UsagePrice(per: per, scheme: scheme, free: free) : nil
    }

    /// The chosen model decodes its form.
    private mutating func decodeForm<Model: YAMLDecodedModel>(_ model: Model.Type, _ form: YAMLPair, fields: [String: YAMLPair],
                                                              place: String) -> UsagePrice.Scheme? {
        Model.decode(form, fields: fields, place: place, with: &self)?.scheme
    }

    /// "`price`, `graduated`, `volume` or `package` (with `price`)": the forms, for a usage price with none.
    static func formList(_ models: [any YAMLDecodedModel.Type]) -> String {
        let names = models.map { model in
            "`\(model.formKey)`" + (model.parameterKeys.isEmpty ? "" : " (with " + model.parameterKeys.map { "`\($0)`" }.joined(separator: ", ") + ")")
        }
        guard names.count > 1 else { return names.joined() }
        return names.dropLast().joined(separator: ", ") + " or " + names[names.count - 1]
    }

    /// Price bands of a graduated or volume price (`kind` is its form key).
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
            let f = fields(body, allowed: PriceBandKey.spellings, in: bandPlace)
            var bound: BandBound?
            if let upTo = f[PriceBandKey.upTo.rawValue] {
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
                missing(PriceBandKey.upTo.rawValue, in: bandPlace, at: item.range, example: "up_to: 1000")
                valid = false
            }
            var price: ExactDecimal?
            if let pricePair = f[PriceBandKey.price.rawValue] {
                price = money(pricePair.value, "the price of \(bandPlace)")?.value
            } else {
                missing(PriceBandKey.price.rawValue, in: bandPlace, at: item.range, example: "price: 0.01")
            }
            var flat = ExactDecimal.zero
            if let flatPair = f[PriceBandKey.flat.rawValue] {
                if let value = money(flatPair.value, "the flat fee of \(bandPlace)") { flat = value.value } else { valid = false }
            }
            if let bound, let price { bands.append(PriceBand(upTo: bound, price: price, flat: flat)) } else { valid = false }
        }
        if let last = items.last, case .mapping(let pairs) = last.content,
           let upTo = pairs.first(where: { $0.key.scalar == PriceBandKey.upTo.rawValue }), upTo.value.scalar != "unlimited" {
            error(.invalidBands, "the last band of `\(kind)` must be `up_to: unlimited`, so every quantity has a price",
                  at: upTo.value.range, fixIts: [FixIt("replace with `unlimited`", range: upTo.value.range, replacement: "unlimited")])
            valid = false
        }
        return valid ? bands : nil
    }
}
