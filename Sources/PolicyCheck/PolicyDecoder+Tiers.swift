import PolicySource
import PolicyModel

/// `tiers:`: each tier's keys, its limits, and the misindented-key hints (docs/policy-format.md#tiers).
extension PolicyDecoder {
    /// A tier's keys, declared once by ``TierKey``.
    static let tierKeys = TierKey.allCases.map(\.rawValue)

    /// A tier; nil when its id is invalid, after its body was checked all the same (an invalid id must not hide
    /// the other errors of its block).
    mutating func decodeTier(_ entry: YAMLPair, previous: YAMLPair?) -> TierDecl? {
        if let key = entry.key.scalar, Self.tierKeys.contains(key), Self.looksMisindented(entry.value) {
            misindentedTierKey(entry, previous: previous)
            rejectedNames.insert(key)
            return nil
        }
        let valid = identifier(entry.key, "the tier name", rule: .tier)
        if valid == nil, let name = entry.key.scalar { rejectedNames.insert(name) }
        let id = valid ?? Located(entry.key.scalar ?? "", entry.key.range)
        let place = "tier `\(id.value)`"
        var tier = TierDecl(id: id, range: entry.value.range)
        guard let body = optionalMapping(entry.value, place) else { return valid == nil ? nil : tier }
        defer { if valid == nil { tier = TierDecl(id: id, range: entry.value.range) } }
        let f = fields(body, allowed: Self.tierKeys, in: place)
        if f[TierKey.price.rawValue] == nil, let misspelt = misspelling(of: TierKey.price.rawValue, in: place) { tier.priceKey = misspelt }
        noteEmptyBlockAbove(body, fields: f)
        if let name = f[TierKey.name.rawValue] { tier.name = string(name.value, "the name of \(place)") }
        if let description = f[TierKey.description.rawValue] { tier.description = string(description.value, "the description of \(place)",
                                                                                   allowingLineBreaks: true) }
        if let parent = f[TierKey.extends.rawValue] { tier.extends = string(parent.value, "`extends` of \(place)") }
        if let price = f[TierKey.price.rawValue] {
            tier.priceKey = price.key.range
            tier.price = money(price.value, "the price of \(place)", maxDecimals: currency?.minorUnits, currency: currency?.code)
        }
        if let minimum = f[TierKey.minimum.rawValue] {
            tier.minimumKey = minimum.key.range
            tier.minimum = money(minimum.value, "the minimum of \(place)", maxDecimals: currency?.minorUnits, currency: currency?.code)
        }
        if let limits = f[TierKey.limits.rawValue], let entries = optionalMapping(limits.value, "the limits of \(place)") {
            tier.limits = entries.compactMap { decodeLimit($0, tier: id.value) }
        }
        if let features = f[TierKey.features.rawValue], !features.value.isNull, let items = sequence(features.value, "the features of \(place)") {
            var seen: Set<String> = []
            for item in items {
                guard let name = string(item, "a feature name") else { continue }
                if !seen.insert(name.value).inserted { continue }
                tier.features.append(name)
            }
        }
        if let prices = f[TierKey.usagePrices.rawValue], let entries = optionalMapping(prices.value, "the usage prices of \(place)") {
            tier.usagePrices = decodeUsagePrices(entries, owner: place)
        }
        return valid == nil ? nil : tier
    }

    /// A meter id written as a key of the tier right under a `limits:` with nothing: the block of `limits` broke
    /// there (the meter is not indented under it). A note at `limits` on the unknown-key error says so.
    mutating func noteEmptyBlockAbove(_ body: [YAMLPair], fields f: [String: YAMLPair]) {
        guard let limits = f[TierKey.limits.rawValue], limits.value.isNull else { return }
        for pair in body {
            guard let key = pair.key.scalar, meterKinds[key] != nil, pair.key.range.start.line > limits.key.range.start.line else { continue }
            let noted = diagnostics.appendNote(note(
                "`limits` has no value: its block ended at the line of `\(key)`, which is not indented under it; indent the meters of `limits` by two more spaces",
                at: limits.key.range), toLastWhere: { $0.code == .unknownKey && $0.range == pair.key.range })
            if noted { return }
        }
    }

    /// Whether the value under a tier id spelled like a tier key (`limits:`) reads as that key's value rather than
    /// as a tier: a scalar or a list, or a mapping with a key that a tier does not have (the meters of `limits`).
    /// A tier really named `name`, with a mapping of tier keys, stays a tier.
    static func looksMisindented(_ value: YAMLNode) -> Bool {
        switch value.content {
        case .scalar: !value.isNull
        case .sequence: true
        case .mapping(let pairs): pairs.contains { !tierKeys.contains($0.key.scalar ?? "") }
        }
    }

    /// `limits:`, `features:`… at the indentation of a tier id: a key of the tier above that lost its indentation.
    /// One error that says so, instead of a phantom tier named `limits` and the errors of its body.
    mutating func misindentedTierKey(_ entry: YAMLPair, previous: YAMLPair?) {
        let key = entry.key.scalar ?? ""
        guard let previous, let owner = previous.key.scalar else {
            error(.misindentedKey, "`\(key)` is a key of a tier, not a tier id: it is probably mis-indented; write it inside a tier, e.g. `free: { \(key): … }`",
                  at: entry.key.range)
            return
        }
        // Where the previous tier's own keys start, when it has any in block style (block indentation is spaces
        // only, so the text before the key is `column - 1` spaces and a fix-it can replace them).
        var column = previous.key.range.start.column + 2
        var block = entry.key.range.start.line > previous.key.range.start.line
        if case .mapping(let pairs) = previous.value.content, let first = pairs.first {
            if first.key.range.start.line > previous.key.range.start.line { column = first.key.range.start.column } else { block = false }
        }
        let start = entry.key.range.start
        let missingSpaces = column - start.column
        error(.misindentedKey, "`\(key)` is a key of a tier, not a tier id: it is probably mis-indented; it belongs to tier `\(owner)` above, indented to column \(column) like its other keys",
              at: entry.key.range,
              notes: [note("tier `\(owner)` starts here", at: previous.key.range)],
              fixIts: block && missingSpaces > 0
                ? [FixIt("indent `\(key)` to column \(column)", range: entry.key.range.atStart,
                         replacement: String(repeating: " ", count: missingSpaces))] : [])
    }

    static let windowSynonyms: [String: String] = [
        "minutely": "minute", "per_minute": "minute", "minutes": "minute", "min": "minute",
        "hourly": "hour", "per_hour": "hour", "hours": "hour",
        "daily": "day", "per_day": "day", "days": "day",
        "monthly": "month", "per_month": "month", "months": "month",
    ]

    mutating func decodeLimit(_ entry: YAMLPair, tier: String) -> LimitDecl? {
        guard let meter = string(entry.key, "a meter name") else { return nil }
        var decl = LimitDecl(meter: meter, value: nil, range: entry.value.range)
        let place = "the limit of `\(meter.value)` in tier `\(tier)`"
        // An undefined meter is reported by the resolver; decode by the shape written.
        let kind = meterKinds[meter.value]
        if case .mapping(let windows) = entry.value.content {
            if kind == .gauge {
                error(.meterKindMismatch, "`\(meter.value)` is a gauge: its limit is one level like `\(meter.value): 5`, not limits per window",
                      at: entry.value.range)
                return decl
            }
            var limits: [Located<Window>: Located<Limit>] = [:]
            for pair in windows {
                guard let name = string(pair.key, "a window name") else { continue }
                guard let window = Window(rawValue: name.value) else {
                    let correction = Self.windowSynonyms[name.value].map { Correction(candidate: $0) }
                        ?? Correction(name.value, in: Window.allCases.map(\.rawValue))
                    error(.undefinedWindow, "`\(name.value)` is not a window; use `minute`, `hour`, `day` or `month`" + correction.phrase(),
                          at: name.range, fixIts: correction.fixIts(replacing: name.range))
                    continue
                }
                if let limit = limit(pair.value, "the \(window.rawValue) limit of `\(meter.value)` in tier `\(tier)`") {
                    limits[Located(window, name.range)] = limit
                }
            }
            decl.value = .counter(limits)
        } else if case .scalar = entry.value.content, !entry.value.isNull {
            if kind == .counter, entry.value.scalar == "unlimited" {
                // `api_calls: unlimited` lifts every window (also over an inherited limit).
                var limits: [Located<Window>: Located<Limit>] = [:]
                for window in Window.allCases { limits[Located(window, entry.value.range)] = Located(.unlimited, entry.value.range) }
                decl.value = .counter(limits)
                return decl
            }
            if kind == .counter {
                let example = entry.value.scalar.map { "`\(meter.value): { month: \($0) }`" } ?? "`{ hour: 100 }`"
                error(.meterKindMismatch, "`\(meter.value)` is a counter: give its limit per window, e.g. \(example)",
                      at: entry.value.range)
                return decl
            }
            if entry.value.scalar == "unlimited" {
                decl.value = .gauge(Located(.unlimited, entry.value.range))
            } else if let level = quantity(entry.value, place) {
                decl.value = .gauge(Located(.level(level.value), level.range))
            }
        } else {
            error(.wrongType, "\(place) must be a number (gauge) or a mapping of windows (counter), found \(found(entry.value))",
                  at: entry.value.range)
        }
        return decl
    }
}
