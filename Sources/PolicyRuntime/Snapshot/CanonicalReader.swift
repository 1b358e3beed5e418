public import PolicyModel

/// Decodes the canonical body written by `Policy.canonicalBytes()` back into a ``PolicyModel/Policy``, field
/// for field in the writer's order, and checks what the runtime relies on: known tags, exact decimals in
/// canonical form (normalised, scale ≤ 18, non-negative), valid UTF-8, unique ids, references to declared
/// meters, features and tiers, maps in ascending key order. Whatever it accepts re-encodes to the same bytes.
struct CanonicalReader {
    private var reader: ByteReader
    private var declaredMeters = Declared()
    private var meterKinds: [MeterKind] = []
    private var declaredFeatures = Declared()
    private var currency: Currency?
    /// 10^30: a canonical decimal's significand is below it.
    private static let digitLimit = ExactDecimal.powerOfTen(ExactDecimal.maxDigits) ?? .max

    /// A reader over `bytes[start..<end]`, named `section` in errors.
    init(_ bytes: [UInt8], from start: Int = 0, to end: Int? = nil, section: String = "policy section") {
        reader = ByteReader(bytes, from: start, to: end, section: section)
    }

    private func malformed(_ problem: String, at offset: Int) -> SnapshotError {
        reader.malformed(problem, at: offset)
    }

    /// The whole policy; every byte of the range must belong to it.
    mutating func policy() throws(SnapshotError) -> Policy {
        var at = reader.offset
        let format = try reader.u32("the policy format")
        guard format == 1 else { throw malformed("policy format \(format) is not supported; expected 1", at: at) }
        let name = try reader.string("the policy name")
        at = reader.offset
        let code = try reader.string("the currency code")
        let minorUnitsAt = reader.offset
        let minorUnits = try reader.u8("the currency's minor units")
        guard let currency = Currency(code: code) else {
            throw malformed("`\(code)` is not an ISO 4217 currency code tierc knows", at: at)
        }
        guard Int(minorUnits) == currency.minorUnits else {
            throw malformed("\(code) has \(currency.minorUnits) minor-unit digits, the body says \(minorUnits)", at: minorUnitsAt)
        }
        self.currency = currency
        at = reader.offset
        let rounding: Rounding
        switch try reader.u8("the rounding rule") {
        case 0: rounding = .halfUp
        case 1: rounding = .halfEven
        case let tag: throw malformed("rounding tag \(tag) is unknown; expected 0 (half_up) or 1 (half_even)", at: at)
        }
        let defaultMeterAt = reader.offset
        let defaultMeter = try reader.optionalString("the default meter")
        let identification = try self.identification()
        let meters = try self.meters()
        if let defaultMeter, kind(ofMeter: defaultMeter) != .counter {
            throw malformed("the default meter `\(defaultMeter)` is not a declared counter meter", at: defaultMeterAt)
        }
        let features = try self.features()
        let routes = try self.routes()
        let usagePrices = try self.usagePrices(of: "the policy")
        let tiers = try self.tiers()
        try reader.expectEnd()
        return Policy(format: Int(format), name: name, currency: currency, rounding: rounding, defaultMeter: defaultMeter,
                      identification: identification, meters: meters, features: features, routes: routes,
                      usagePrices: usagePrices, tiers: tiers)
    }

    private mutating func identification() throws(SnapshotError) -> Identification {
        let methods = IdentificationMethod.allCases
        let count = try reader.count("identification methods", minimumElementSize: 1, maximum: methods.count)
        var order: [IdentificationMethod] = []
        for _ in 0..<count {
            let at = reader.offset
            let tag = Int(try reader.u8("an identification method"))
            guard tag < methods.count else {
                throw malformed("identification method tag \(tag) is unknown; expected 0 to \(methods.count - 1)", at: at)
            }
            guard !order.contains(methods[tag]) else {
                throw malformed("identification method `\(methods[tag].rawValue)` appears twice", at: at)
            }
            order.append(methods[tag])
        }
        let scheme = try reader.string("the API key scheme")
        let headerCount = try reader.count("identification header names", minimumElementSize: 4)
        var headerNames: [String] = []
        headerNames.reserveCapacity(headerCount)
        for _ in 0..<headerCount { headerNames.append(try reader.string("a header name")) }
        let baseDomainAt = reader.offset
        let baseDomain = try reader.optionalString("the base domain")
        if order.contains(.subdomain), baseDomain == nil {
            throw malformed("subdomain identification needs a base domain, and there is none", at: baseDomainAt)
        }
        let queryParam = try reader.string("the query parameter")
        let requireTenant = try reader.bool("require_tenant")
        return Identification(order: order, apiKeyScheme: scheme, headerNames: headerNames, baseDomain: baseDomain,
                              queryParam: queryParam, requireTenant: requireTenant)
    }

    private mutating func meters() throws(SnapshotError) -> [Meter] {
        let count = try reader.count("meters", minimumElementSize: 6)
        guard count > 0 else { throw malformed("the policy declares no meter; at least one is required", at: reader.offset - 4) }
        var list: [Meter] = []
        list.reserveCapacity(count)
        for _ in 0..<count {
            let range = try reader.stringRange("a meter id")
            guard let id = reader.text(range) else { throw malformed("a meter id is not valid UTF-8", at: range.lowerBound) }
            guard declaredMeters.declare(id, at: range) else { throw malformed("meter `\(id)` is declared twice", at: range.lowerBound) }
            let kindAt = reader.offset
            let kind: MeterKind
            switch try reader.u8("the kind of meter `\(id)`") {
            case 0: kind = .counter
            case 1: kind = .gauge
            case let tag: throw malformed("meter kind tag \(tag) is unknown; expected 0 (counter) or 1 (gauge)", at: kindAt)
            }
            let unit = try reader.optionalString("the unit of meter `\(id)`")
            meterKinds.append(kind)
            list.append(Meter(id: id, kind: kind, unit: unit))
        }
        return list
    }

    private mutating func features() throws(SnapshotError) -> [Feature] {
        let count = try reader.count("features", minimumElementSize: 5)
        var list: [Feature] = []
        list.reserveCapacity(count)
        for _ in 0..<count {
            let range = try reader.stringRange("a feature id")
            guard let id = reader.text(range) else { throw malformed("a feature id is not valid UTF-8", at: range.lowerBound) }
            guard declaredFeatures.declare(id, at: range) else { throw malformed("feature `\(id)` is declared twice", at: range.lowerBound) }
            list.append(Feature(id: id, description: try reader.optionalString("the description of feature `\(id)`")))
        }
        return list
    }

    private mutating func routes() throws(SnapshotError) -> [Route] {
        let count = try reader.count("routes", minimumElementSize: 14)
        var routes: [Route] = []
        routes.reserveCapacity(count)
        for _ in 0..<count {
            let match = try reader.string("a route's match pattern")
            var at = reader.offset
            let feature = try reader.optionalString("the feature of route `\(match)`")
            if let feature, declaredFeatures.index[feature] == nil {
                throw malformed("route `\(match)` names feature `\(feature)`, which is not declared", at: at)
            }
            at = reader.offset
            let meter = try reader.optionalString("the meter of route `\(match)`")
            if let meter, kind(ofMeter: meter) != .counter {
                throw malformed("route `\(match)` names meter `\(meter)`, which is not a declared counter meter", at: at)
            }
            at = reader.offset
            let cost = try reader.i64("the cost of route `\(match)`")
            guard cost >= 0 else { throw malformed("route `\(match)` has cost \(cost); a cost is at least 0", at: at) }
            routes.append(Route(match: match, feature: feature, meter: meter, cost: cost))
        }
        return routes
    }

    /// A map of usage prices, keys in strictly ascending order.
    private mutating func usagePrices(of owner: @autoclosure () -> String) throws(SnapshotError) -> [String: UsagePrice] {
        let count = try reader.count("usage prices of \(owner())", minimumElementSize: 34)
        var prices: [String: UsagePrice] = [:]
        prices.reserveCapacity(count)
        var previous: String?
        for _ in 0..<count {
            var at = reader.offset
            let (index, meter) = try reference(to: declaredMeters, near: 0, "the meter of a usage price of \(owner())")
            try ascending(meter, after: previous, what: "usage prices of \(owner())", at: at)
            guard index != nil else {
                throw malformed("\(owner()) prices meter `\(meter)`, which is not declared", at: at)
            }
            previous = meter
            at = reader.offset
            let per = try reader.i64("`per` of the usage price of `\(meter)`")
            guard per > 0 else { throw malformed("`per` of the usage price of `\(meter)` is \(per); it must be positive", at: at) }
            at = reader.offset
            let scheme: UsagePrice.Scheme
            switch try reader.u8("the pricing scheme of `\(meter)`") {
            case 0: scheme = .flat(try decimal("the flat price of `\(meter)`"))
            case 1: scheme = .graduated(try bands(of: meter))
            case 2: scheme = .volume(try bands(of: meter))
            case 3:
                at = reader.offset
                let size = try reader.i64("the package size of `\(meter)`")
                guard size > 0 else { throw malformed("the package size of `\(meter)` is \(size); it must be positive", at: at) }
                guard per == 1 else { throw malformed("the package price of `\(meter)` has `per` \(per); a package price has per 1", at: at) }
                scheme = .package(size: size, price: try decimal("the package price of `\(meter)`"))
            case let tag:
                throw malformed("pricing scheme tag \(tag) is unknown; expected 0 (unit), 1 (graduated), 2 (volume) or 3 (package)", at: at)
            }
            let free = try decimal("`free` of the usage price of `\(meter)`")
            prices[meter] = UsagePrice(per: per, scheme: scheme, free: free)
        }
        return prices
    }

    /// Price bands: at least one, bounds strictly ascending, only the last `unlimited`, and the last must be.
    private mutating func bands(of meter: String) throws(SnapshotError) -> [PriceBand] {
        let countAt = reader.offset
        let count = try reader.count("price bands of `\(meter)`", minimumElementSize: 35)
        guard count > 0 else { throw malformed("the price of `\(meter)` has no band", at: countAt) }
        var bands: [PriceBand] = []
        bands.reserveCapacity(count)
        var previous: ExactDecimal?
        for index in 0..<count {
            let at = reader.offset
            let bound: BandBound
            switch try reader.u8("the bound of band \(index + 1) of `\(meter)`") {
            case 0:
                let value = try decimal("the bound of band \(index + 1) of `\(meter)`")
                if let previous, !(previous < value) {
                    throw malformed("band \(index + 1) of `\(meter)` ends at \(value), not above the previous band's \(previous)", at: at)
                }
                previous = value
                bound = .upTo(value)
            case 1:
                guard index == count - 1 else {
                    throw malformed("band \(index + 1) of `\(meter)` is unlimited but is not the last band", at: at)
                }
                bound = .unlimited
            case let tag: throw malformed("band bound tag \(tag) is unknown; expected 0 (up to) or 1 (unlimited)", at: at)
            }
            if index == count - 1, bound != .unlimited {
                throw malformed("the last band of `\(meter)` must be unlimited, so that every quantity has a price", at: at)
            }
            let price = try decimal("the price of band \(index + 1) of `\(meter)`")
            bands.append(PriceBand(upTo: bound, price: price, flat: try decimal("the flat fee of band \(index + 1) of `\(meter)`")))
        }
        return bands
    }

    private mutating func tiers() throws(SnapshotError) -> [Tier] {
        let countAt = reader.offset
        let count = try reader.count("tiers", minimumElementSize: 39)
        guard count > 0 else { throw malformed("the policy has no tier; at least one is required", at: countAt) }
        var tiers: [Tier] = []
        tiers.reserveCapacity(count)
        var ids: Set<String> = []
        var parents: [(tier: String, parent: String, offset: Int)] = []
        for _ in 0..<count {
            let at = reader.offset
            let id = try reader.string("a tier id")
            guard ids.insert(id).inserted else { throw malformed("tier `\(id)` appears twice", at: at) }
            let name = try reader.string("the name of tier `\(id)`")
            let parentAt = reader.offset
            let parent = try reader.optionalString("the parent of tier `\(id)`")
            if let parent { parents.append((id, parent, parentAt)) }
            let priceAt = reader.offset
            let price = try decimal("the price of tier `\(id)`")
            if let currency, price.scale > currency.minorUnits {
                throw malformed("the price \(price) of tier `\(id)` is finer than \(currency.code)'s \(currency.minorUnits) decimals",
                                at: priceAt)
            }
            let minimumAt = reader.offset
            var minimum: ExactDecimal?
            switch try reader.u8("whether tier `\(id)` has a minimum") {
            case 0: break
            case 1:
                let value = try decimal("the minimum of tier `\(id)`")
                if let currency, value.scale > currency.minorUnits {
                    throw malformed("the minimum \(value) of tier `\(id)` is finer than \(currency.code)'s \(currency.minorUnits) decimals",
                                    at: minimumAt)
                }
                minimum = value
            case let tag: throw malformed("the minimum flag \(tag) of tier `\(id)` is neither 0 nor 1", at: minimumAt)
            }
            let limits = try self.limits(of: id)
            let features = try self.tierFeatures(of: id)
            let usagePrices = try self.usagePrices(of: "tier `\(id)`")
            tiers.append(Tier(id: id, name: name, parent: parent, price: price, limits: limits, features: features,
                              usagePrices: usagePrices, minimum: minimum))
        }
        for (tier, parent, offset) in parents where parent == tier || !ids.contains(parent) {
            throw malformed("tier `\(tier)` extends `\(parent)`, which is \(parent == tier ? "itself" : "not a tier")", at: offset)
        }
        return tiers
    }

    private mutating func limits(of tier: String) throws(SnapshotError) -> [String: MeterLimit] {
        let count = try reader.count("limits of tier `\(tier)`", minimumElementSize: 6)
        var limits: [String: MeterLimit] = [:]
        limits.reserveCapacity(count)
        var previous: String?
        for _ in 0..<count {
            let at = reader.offset
            let (index, meter) = try reference(to: declaredMeters, near: 0, "the meter of a limit of tier `\(tier)`")
            try ascending(meter, after: previous, what: "limits of tier `\(tier)`", at: at)
            previous = meter
            guard let kind = index.map({ meterKinds[$0] }) else {
                throw malformed("tier `\(tier)` limits meter `\(meter)`, which is not declared", at: at)
            }
            let kindAt = reader.offset
            let tag = try reader.u8("the kind of the limit of `\(meter)` in tier `\(tier)`")
            switch (tag, kind) {
            case (0, .counter): limits[meter] = .counter(try windows(of: meter, tier: tier))
            case (1, .gauge): limits[meter] = .gauge(try gaugeLimit(of: meter, tier: tier))
            case (0, .gauge), (1, .counter):
                throw malformed("tier `\(tier)` gives the \(kind.rawValue) meter `\(meter)` a \(tag == 0 ? "counter" : "gauge") limit",
                                at: kindAt)
            default:
                throw malformed("limit kind tag \(tag) is unknown; expected 0 (counter) or 1 (gauge)", at: kindAt)
            }
        }
        return limits
    }

    private mutating func windows(of meter: String, tier: String) throws(SnapshotError) -> [Window: Limit] {
        let windows = Window.allCases
        let countAt = reader.offset
        let count = Int(try reader.u8("the number of windows of `\(meter)` in tier `\(tier)`"))
        guard count <= windows.count else {
            throw malformed("`\(meter)` in tier `\(tier)` has \(count) windows; there are only \(windows.count)", at: countAt)
        }
        var limits: [Window: Limit] = [:]
        var previousTag = -1
        for _ in 0..<count {
            let at = reader.offset
            let tag = Int(try reader.u8("a window of `\(meter)` in tier `\(tier)`"))
            guard tag < windows.count else {
                throw malformed("window tag \(tag) is unknown; expected 0 (minute), 1 (hour), 2 (day) or 3 (month)", at: at)
            }
            guard tag > previousTag else {
                throw malformed("the windows of `\(meter)` in tier `\(tier)` are not in ascending order (minute, hour, day, month)",
                                at: at)
            }
            previousTag = tag
            let limitAt = reader.offset
            switch try reader.u8("the limit of `\(meter)` per \(windows[tag].rawValue) in tier `\(tier)`") {
            case 0:
                let valueAt = reader.offset
                let value = try reader.i64("the limit of `\(meter)` per \(windows[tag].rawValue) in tier `\(tier)`")
                guard value >= 0 else {
                    throw malformed("the limit of `\(meter)` per \(windows[tag].rawValue) in tier `\(tier)` is \(value); limits are at least 0",
                                    at: valueAt)
                }
                limits[windows[tag]] = .limited(value)
            case 1:
                limits[windows[tag]] = .unlimited
            case let other:
                throw malformed("limit tag \(other) is unknown; expected 0 (a number) or 1 (unlimited)", at: limitAt)
            }
        }
        return limits
    }

    private mutating func gaugeLimit(of meter: String, tier: String) throws(SnapshotError) -> GaugeLimit {
        let at = reader.offset
        switch try reader.u8("the gauge limit of `\(meter)` in tier `\(tier)`") {
        case 0: return .level(try decimal("the gauge limit of `\(meter)` in tier `\(tier)`"))
        case 1: return .unlimited
        case let tag: throw malformed("gauge limit tag \(tag) is unknown; expected 0 (a level) or 1 (unlimited)", at: at)
        }
    }

    /// A tier's features: declared ones, each once, in declaration order.
    private mutating func tierFeatures(of tier: String) throws(SnapshotError) -> [String] {
        let count = try reader.count("features of tier `\(tier)`", minimumElementSize: 4)
        var features: [String] = []
        features.reserveCapacity(count)
        var previousIndex = -1
        for _ in 0..<count {
            let at = reader.offset
            let (found, feature) = try reference(to: declaredFeatures, near: previousIndex + 1, "a feature of tier `\(tier)`")
            guard let index = found else {
                throw malformed("tier `\(tier)` grants feature `\(feature)`, which is not declared", at: at)
            }
            guard index > previousIndex else {
                throw malformed("the features of tier `\(tier)` are not each once in declaration order (`\(feature)`)", at: at)
            }
            previousIndex = index
            features.append(feature)
        }
        return features
    }

    /// An exact decimal in canonical form: 128-bit significand, 8-bit scale ≤ 18, normalised (no trailing
    /// fractional zero), at most 30 significant digits, not negative (every decimal of a policy is money or a quantity).
    private mutating func decimal(_ what: @autoclosure () -> String) throws(SnapshotError) -> ExactDecimal {
        let at = reader.offset
        let significand = try reader.i128(what())
        let scale = Int(try reader.u8("the scale of \(what())"))
        guard scale <= ExactDecimal.maxScale else {
            throw malformed("\(what()) has scale \(scale); at most \(ExactDecimal.maxScale) decimals are allowed", at: at + 16)
        }
        guard significand >= 0 else { throw malformed("\(what()) is negative", at: at) }
        guard scale == 0 || significand % 10 != 0 else {
            throw malformed("\(what()) is not normalised: its significand \(significand) ends in 0 at scale \(scale)", at: at)
        }
        guard significand < Self.digitLimit else {
            throw malformed("\(what()) has more than \(ExactDecimal.maxDigits) significant digits", at: at)
        }
        return ExactDecimal(significand: significand, scale: scale)
    }

    private func kind(ofMeter id: String) -> MeterKind? {
        declaredMeters.index[id].map { meterKinds[$0] }
    }

    /// A reference to a declared meter or feature: its index (nil when nothing of that name is declared) and
    /// its name. The bytes are first compared with the few declared ids from `hint` on (references mostly
    /// follow declaration order), which reuses the declared `String` instead of building and hashing a new
    /// one; anything else is decoded and looked up, so the work per reference stays bounded.
    private mutating func reference(to declared: Declared, near hint: Int, _ what: @autoclosure () -> String)
        throws(SnapshotError) -> (index: Int?, name: String)
    {
        let range = try reader.stringRange(what())
        var candidate = max(0, hint)
        let last = min(declared.ids.count, candidate + Declared.probes)
        while candidate < last {
            if reader.equalBytes(range, declared.ranges[candidate]) { return (candidate, declared.ids[candidate]) }
            candidate += 1
        }
        guard let name = reader.text(range) else {
            throw malformed("\(what()) (\(range.count) bytes) is not valid UTF-8", at: range.lowerBound)
        }
        return (declared.index[name], name)
    }

    /// Throws unless `key` sorts strictly after `previous` (the writer's order: unique keys, ascending).
    private func ascending(_ key: String, after previous: String?, what: @autoclosure () -> String, at offset: Int)
        throws(SnapshotError)
    {
        if let previous, !(previous < key) {
            throw malformed("the \(what()) are not in strictly ascending key order: `\(key)` follows `\(previous)`", at: offset)
        }
    }
}

/// Declared ids (meters or features) in order, where their bytes are in the input, and an index by name.
private struct Declared {
    /// How many declared ids a reference is compared with, byte for byte, before it is looked up by name.
    static let probes = 8

    var ids: [String] = []
    var ranges: [Range<Int>] = []
    var index: [String: Int] = [:]

    /// Adds an id; false when it is already declared.
    mutating func declare(_ id: String, at range: Range<Int>) -> Bool {
        guard index.updateValue(ids.count, forKey: id) == nil else { return false }
        ids.append(id)
        ranges.append(range)
        return true
    }
}

extension Policy {
    /// Decodes the canonical body of ``PolicyModel/Policy/canonicalBytes()``, treating the bytes as hostile:
    /// a typed error (with the byte offset in `bytes`) for anything the writer would not have written.
    public init(canonicalBytes bytes: [UInt8]) throws(SnapshotError) {
        var reader = CanonicalReader(bytes)
        self = try reader.policy()
    }
}
