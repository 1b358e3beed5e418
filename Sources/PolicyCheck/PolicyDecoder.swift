import PolicySource
import PolicyModel

/// Decodes the root node of a tiers.yaml into a ``PolicyDocument``, reporting every problem of shape, type and
/// spelling in one pass. Cross-references (undefined names, `extends`) are the resolver's job.
struct PolicyDecoder: NodeDecoding {
    let file: String
    var diagnostics: [Diagnostic] = []
    var misspelt: [String: SourceRange] = [:]
    /// Meters by id, known once `meters` is decoded (decoded first, wherever it stands in the file).
    private var meterKinds: [String: MeterKind] = [:]
    private var currency: Currency?
    /// Declared names rejected as identifiers (see ``PolicyDocument/rejectedNames``).
    private var rejectedNames: Set<String> = []

    static let topLevelKeys = ["format", "policy", "currency", "rounding", "default_meter", "identification",
                               "meters", "features", "routes", "usage_prices", "tiers"]

    init(file: String) {
        self.file = file
    }

    mutating func decode(_ root: YAMLNode) -> PolicyDocument {
        var document = PolicyDocument(range: root.range)
        guard let pairs = mapping(root, "a tiers.yaml file") else { return document }
        let top = fields(pairs, allowed: Self.topLevelKeys, in: "the policy")
        let start = SourceRange(at: root.range.start)

        if let pair = top["format"] {
            if let format = integer(pair.value, "`format`") {
                if format.value != 1 {
                    error(.unsupportedFormat, "format \(format.value) is not supported; this tierc reads format 1", at: format.range,
                          fixIts: [FixIt("replace with `1`", range: format.range, replacement: "1")])
                } else {
                    document.format = Located(1, format.range)
                }
            }
        } else {
            missing("format", in: "the policy", at: start, example: "format: 1")
        }

        if let pair = top["policy"] {
            document.name = identifier(pair.value, "the policy name", rule: .policy)
        } else {
            missing("policy", in: "the policy", at: start, example: "policy: my-service")
        }

        if let pair = top["currency"] {
            if let code = string(pair.value, "`currency`") {
                if let currency = Currency(code: code.value) {
                    document.currency = Located(currency, code.range)
                    self.currency = currency
                } else {
                    let upper = code.value.uppercased()
                    let suggestion = Currency(code: upper) != nil ? upper : Suggestion.closest(to: code.value, in: Currency.allCodes)
                    error(.unknownCurrency, "`\(code.value)` is not an ISO 4217 currency code"
                          + (suggestion.map { "; did you mean `\($0)`?" } ?? "; use a code like `USD`, `EUR` or `JPY`"),
                          at: code.range, fixIts: suggestion.map { [FixIt("replace with `\($0)`", range: code.range, replacement: $0)] } ?? [])
                }
            }
        } else {
            missing("currency", in: "the policy", at: start, example: "currency: USD")
        }

        if let pair = top["rounding"] {
            if let rounding = choice(pair.value, "`rounding`", Rounding.allCases.map { ($0.rawValue, $0) }) {
                document.rounding = Located(rounding, pair.value.range)
            }
        }

        if let pair = top["meters"] {
            document.metersKey = pair.key.range
            document.meters = decodeMeters(pair)
        } else {
            missing("meters", in: "the policy", at: start, example: "meters: { api_calls: { kind: counter } }")
        }

        if let pair = top["default_meter"] {
            document.defaultMeter = string(pair.value, "`default_meter`")
        }

        if let pair = top["identification"] {
            document.identification = decodeIdentification(pair)
        }

        if let pair = top["features"], let entries = optionalMapping(pair.value, "`features`") {
            for entry in entries {
                let valid = identifier(entry.key, "the feature name", rule: .snake)
                if valid == nil, let name = entry.key.scalar { rejectedNames.insert(name) }
                let id = valid ?? Located(entry.key.scalar ?? "", entry.key.range)
                var feature = FeatureDecl(id: id)
                if let body = optionalMapping(entry.value, "feature `\(id.value)`") {
                    let fields = fields(body, allowed: ["description"], in: "feature `\(id.value)`")
                    if let description = fields["description"] {
                        feature.description = string(description.value, "the description of `\(id.value)`",
                                                                 allowingLineBreaks: true)
                    }
                }
                if valid != nil { document.features.append(feature) }
            }
        }

        if let pair = top["routes"], !pair.value.isNull, let items = sequence(pair.value, "`routes`") {
            document.routes = items.enumerated().compactMap { decodeRoute($0.element, index: $0.offset) }
        }

        if let pair = top["usage_prices"], let entries = optionalMapping(pair.value, "`usage_prices`") {
            document.usagePrices = decodeUsagePrices(entries, owner: "the policy")
        }

        if let pair = top["tiers"] {
            if let entries = mapping(pair.value, "`tiers`") {
                if entries.isEmpty {
                    error(.missingKey, "`tiers` is empty; declare at least one tier", at: pair.value.range)
                }
                var previous: YAMLPair?
                for entry in entries {
                    if let tier = decodeTier(entry, previous: previous) { document.tiers.append(tier) }
                    if let key = entry.key.scalar, !Self.tierKeys.contains(key) { previous = entry }
                }
            }
        } else {
            missing("tiers", in: "the policy", at: start, example: "tiers: { free: { price: 0 } }")
        }
        document.rejectedNames = rejectedNames
        return document
    }

    // MARK: - Meters

    private mutating func decodeMeters(_ pair: YAMLPair) -> [MeterDecl] {
        guard let entries = mapping(pair.value, "`meters`") else { return [] }
        if entries.isEmpty {
            error(.missingKey, "`meters` is empty; declare at least one meter, e.g. `api_calls: { kind: counter }`",
                  at: pair.value.range)
        }
        var meters: [MeterDecl] = []
        for entry in entries {
            // An invalid id is reported, and its body is still checked.
            let valid = identifier(entry.key, "the meter name", rule: .snake)
            if valid == nil, let name = entry.key.scalar { rejectedNames.insert(name) }
            let id = valid ?? Located(entry.key.scalar ?? "", entry.key.range)
            var meter = MeterDecl(id: id)
            if let body = mapping(entry.value, "meter `\(id.value)`") {
                let fields = fields(body, allowed: ["kind", "unit"], in: "meter `\(id.value)`")
                if let kind = fields["kind"] {
                    if let value = choice(kind.value, "the kind of `\(id.value)`", MeterKind.allCases.map { ($0.rawValue, $0) }) {
                        meter.kind = Located(value, kind.value.range)
                        meterKinds[id.value] = value
                    }
                } else {
                    missing("kind", in: "meter `\(id.value)`", at: entry.key.range, example: "kind: counter")
                }
                if let unit = fields["unit"] { meter.unit = string(unit.value, "the unit of `\(id.value)`") }
            }
            if valid != nil { meters.append(meter) } else { meterKinds[id.value] = nil }
        }
        return meters
    }

    // MARK: - Identification

    private mutating func decodeIdentification(_ pair: YAMLPair) -> IdentificationDecl {
        var decl = IdentificationDecl()
        decl.range = pair.key.range
        guard let body = optionalMapping(pair.value, "`identification`") else { return decl }
        let fields = fields(body, allowed: ["order", "api_key", "header", "subdomain", "query", "require_tenant", "trusted_header"],
                            in: "`identification`")
        if let order = fields["order"], let items = sequence(order.value, "`identification.order`") {
            var seen: [IdentificationMethod: SourceRange] = [:]
            var methods: [Located<IdentificationMethod>] = []
            for item in items {
                guard let method = choice(item, "an identification method",
                                          IdentificationMethod.allCases.map { ($0.rawValue, $0) }) else { continue }
                if let first = seen[method] {
                    error(.invalidValue, "`\(method.rawValue)` appears twice in `identification.order`; list each method once",
                          at: item.range, notes: [note("first listed here", at: first)])
                    continue
                }
                seen[method] = item.range
                methods.append(Located(method, item.range))
            }
            decl.order = methods
        }
        if let apiKey = fields["api_key"], let body = optionalMapping(apiKey.value, "`identification.api_key`") {
            let f = self.fields(body, allowed: ["scheme"], in: "`identification.api_key`")
            if let scheme = f["scheme"], let text = string(scheme.value, "the Authorization scheme") {
                if HTTPToken.isToken(text.value) {
                    decl.apiKeyScheme = text
                } else {
                    error(.invalidIdentifier, "the Authorization scheme `\(text.value)` is not an RFC 9110 token (no spaces or separators)",
                          at: text.range)
                }
            }
        }
        if let header = fields["header"], let body = optionalMapping(header.value, "`identification.header`") {
            let f = self.fields(body, allowed: ["names"], in: "`identification.header`")
            if let names = f["names"], let items = sequence(names.value, "`identification.header.names`") {
                if items.isEmpty {
                    error(.missingKey, "`identification.header.names` is empty; list at least one header, e.g. `[X-Tenant-ID]`",
                          at: names.value.range)
                }
                var valid: [Located<String>] = []
                for item in items {
                    guard let name = string(item, "a header name") else { continue }
                    guard HTTPToken.isToken(name.value) else {
                        error(.invalidIdentifier, "`\(name.value)` is not a valid HTTP header name: RFC 9110 allows letters, digits and !#$%&'*+-.^_`|~",
                              at: name.range)
                        continue
                    }
                    valid.append(name)
                }
                decl.headerNames = valid
            }
        }
        if let subdomain = fields["subdomain"] {
            decl.subdomainKey = subdomain.key.range
            if let body = optionalMapping(subdomain.value, "`identification.subdomain`") {
                let f = self.fields(body, allowed: ["base_domain"], in: "`identification.subdomain`")
                decl.baseDomainKey = f["base_domain"]?.key.range
                if let base = f["base_domain"], let text = string(base.value, "`base_domain`") {
                    let domain = text.value.lowercased()
                    if HTTPToken.isDomain(domain) {
                        decl.baseDomain = Located(domain, text.range)
                    } else {
                        error(.invalidValue, "`base_domain` `\(text.value)` is not a domain name like `example.com` (no scheme, port, path or trailing dot)",
                              at: text.range)
                    }
                }
            }
        }
        if let query = fields["query"], let body = optionalMapping(query.value, "`identification.query`") {
            let f = self.fields(body, allowed: ["param"], in: "`identification.query`")
            if let param = f["param"] { decl.queryParam = string(param.value, "the query parameter") }
        }
        if let require = fields["require_tenant"] {
            decl.requireTenant = boolean(require.value, "`require_tenant`")
        }
        if let trusted = fields["trusted_header"] {
            decl.trustedHeader = boolean(trusted.value, "`trusted_header`")
        }
        return decl
    }

    // MARK: - Routes

    private mutating func decodeRoute(_ node: YAMLNode, index: Int) -> RouteDecl? {
        let place = "route \(index + 1)"
        guard let body = mapping(node, place) else { return nil }
        let f = fields(body, allowed: ["match", "feature", "meter", "cost"], in: place)
        var route = RouteDecl(range: node.range)
        if let match = f["match"] {
            if let pattern = string(match.value, "the `match` of \(place)") {
                // The first Unicode scalar, not the first Character: `/` followed by a combining mark starts with `/`.
                if pattern.value.unicodeScalars.first == "/" {
                    route.match = pattern
                } else {
                    error(.invalidValue, "the `match` of \(place) must be a path glob starting with `/`, found `\(pattern.value)`",
                          at: pattern.range, fixIts: [FixIt("replace with `/\(pattern.value)`", range: pattern.range, replacement: "/" + pattern.value)])
                }
            }
        } else {
            missing("match", in: place, at: node.range, example: "match: /api/**")
        }
        if let feature = f["feature"] { route.feature = string(feature.value, "the `feature` of \(place)") }
        if let meter = f["meter"] { route.meter = string(meter.value, "the `meter` of \(place)") }
        if let cost = f["cost"] { route.cost = integer(cost.value, "the `cost` of \(place)", minimum: 0) }
        return route
    }

    // MARK: - Usage prices

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
    private mutating func decodeUsagePrice(_ body: [YAMLPair], place: String, meter: String,
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

    private mutating func decodeBands(_ node: YAMLNode, kind: String, place: String) -> [PriceBand]? {
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

    // MARK: - Tiers

    static let tierKeys = ["name", "description", "extends", "price", "minimum", "limits", "features", "usage_prices"]

    /// A tier; nil when its id is invalid, after its body was checked all the same (an invalid id must not hide
    /// the other errors of its block).
    private mutating func decodeTier(_ entry: YAMLPair, previous: YAMLPair?) -> TierDecl? {
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
        if f["price"] == nil, let misspelt = misspelling(of: "price", in: place) { tier.priceKey = misspelt }
        noteEmptyBlockAbove(body, fields: f)
        if let name = f["name"] { tier.name = string(name.value, "the name of \(place)") }
        if let description = f["description"] { tier.description = string(description.value, "the description of \(place)",
                                                                                   allowingLineBreaks: true) }
        if let parent = f["extends"] { tier.extends = string(parent.value, "`extends` of \(place)") }
        if let price = f["price"] {
            tier.priceKey = price.key.range
            tier.price = money(price.value, "the price of \(place)", maxDecimals: currency?.minorUnits, currency: currency?.code)
        }
        if let minimum = f["minimum"] {
            tier.minimumKey = minimum.key.range
            tier.minimum = money(minimum.value, "the minimum of \(place)", maxDecimals: currency?.minorUnits, currency: currency?.code)
        }
        if let limits = f["limits"], let entries = optionalMapping(limits.value, "the limits of \(place)") {
            tier.limits = entries.compactMap { decodeLimit($0, tier: id.value) }
        }
        if let features = f["features"], !features.value.isNull, let items = sequence(features.value, "the features of \(place)") {
            var seen: Set<String> = []
            for item in items {
                guard let name = string(item, "a feature name") else { continue }
                if !seen.insert(name.value).inserted { continue }
                tier.features.append(name)
            }
        }
        if let prices = f["usage_prices"], let entries = optionalMapping(prices.value, "the usage prices of \(place)") {
            tier.usagePrices = decodeUsagePrices(entries, owner: place)
        }
        return valid == nil ? nil : tier
    }

    /// A meter id written as a key of the tier right under a `limits:` with nothing: the block of `limits` broke
    /// there (the meter is not indented under it). A note at `limits` on the unknown-key error says so.
    private mutating func noteEmptyBlockAbove(_ body: [YAMLPair], fields f: [String: YAMLPair]) {
        guard let limits = f["limits"], limits.value.isNull else { return }
        for pair in body {
            guard let key = pair.key.scalar, meterKinds[key] != nil, pair.key.range.start.line > limits.key.range.start.line,
                  let index = diagnostics.lastIndex(where: { $0.code == .unknownKey && $0.range == pair.key.range }) else { continue }
            diagnostics[index].notes.append(note(
                "`limits` has no value: its block ended at the line of `\(key)`, which is not indented under it; indent the meters of `limits` by two more spaces",
                at: limits.key.range))
            return
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
    private mutating func misindentedTierKey(_ entry: YAMLPair, previous: YAMLPair?) {
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
                ? [FixIt("indent `\(key)` to column \(column)", range: SourceRange(at: start),
                         replacement: String(repeating: " ", count: missingSpaces))] : [])
    }

    private static let windowSynonyms: [String: String] = [
        "minutely": "minute", "per_minute": "minute", "minutes": "minute", "min": "minute",
        "hourly": "hour", "per_hour": "hour", "hours": "hour",
        "daily": "day", "per_day": "day", "days": "day",
        "monthly": "month", "per_month": "month", "months": "month",
    ]

    private mutating func decodeLimit(_ entry: YAMLPair, tier: String) -> LimitDecl? {
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
                    let suggestion = Self.windowSynonyms[name.value] ?? Suggestion.closest(to: name.value, in: Window.allCases.map(\.rawValue))
                    error(.undefinedWindow, "`\(name.value)` is not a window; use `minute`, `hour`, `day` or `month`"
                          + (suggestion.map { "; did you mean `\($0)`?" } ?? ""), at: name.range,
                          fixIts: suggestion.map { [FixIt("replace with `\($0)`", range: name.range, replacement: $0)] } ?? [])
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

/// RFC 9110 tokens and DNS names.
enum HTTPToken {
    static func isToken(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || "!#$%&'*+-.^_`|~".utf8.contains(byte)
        }
    }

    /// Dot-separated labels of letters, digits and inner hyphens; no empty label.
    static func isDomain(_ text: String) -> Bool {
        let labels = text.split(separator: ".", omittingEmptySubsequences: false)
        return !text.isEmpty && text.utf8.count <= 253 && labels.allSatisfy(isLabel)
    }

    static func isLabel(_ label: Substring) -> Bool {
        guard let first = label.utf8.first, let last = label.utf8.last, label.utf8.count <= 63 else { return false }
        return first != UInt8(ascii: "-") && last != UInt8(ascii: "-") && label.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x61 && byte <= 0x7A) || byte == UInt8(ascii: "-")
        }
    }
}
