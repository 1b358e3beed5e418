import PolicyModel

/// The rows of the policy tables for one policy, in a fixed order: declaration order where the policy has one
/// (meters, features, routes, tiers, bands), otherwise meters in declaration order and windows month → minute.
/// Same policy, same rows, same bytes.
struct PostgresPolicyRows: Sendable {
    let policy: Policy
    let revision: UInt64
    let fingerprint: String

    /// Position of each meter in the declaration, to order maps keyed by meter id.
    private var meterOrder: [String: Int] {
        Dictionary(policy.meters.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// Map keys ordered by meter declaration, unknown ids last and by id.
    private func meterKeys(_ keys: some Sequence<String>) -> [String] {
        let order = meterOrder
        return keys.sorted { (order[$0] ?? .max, $0) < (order[$1] ?? .max, $1) }
    }

    /// Every insert, parents before children (the foreign keys hold at each statement).
    var inserts: [SQLInsert] {
        [policyInfo, meters, features, tiers, tierFeatures, limits, gaugeLimits, routes] + usagePrices
    }

    var policyInfo: SQLInsert {
        let identification = policy.identification
        return SQLInsert(
            table: "tierc.policy_info",
            columns: ["name", "format", "fingerprint", "revision", "currency", "minor_units", "rounding",
                      "default_meter", "identification_order", "api_key_scheme", "header_names", "base_domain",
                      "query_param", "require_tenant"],
            rows: [[.text(policy.name), .integer(Int64(policy.format)), .text(fingerprint), .unsigned(revision),
                    .text(policy.currency.code), .integer(Int64(policy.currency.minorUnits)),
                    .text(policy.rounding.rawValue), .text(policy.defaultMeter),
                    .textArray(identification.order.map(\.rawValue)), .text(identification.apiKeyScheme),
                    .textArray(identification.headerNames), .text(identification.baseDomain),
                    .text(identification.queryParam), .boolean(identification.requireTenant)]])
    }

    var meters: SQLInsert {
        SQLInsert(table: "tierc.meters", columns: ["id", "ordinal", "kind", "unit"],
                  rows: policy.meters.enumerated().map { index, meter in
                      [.text(meter.id), .integer(Int64(index)), .text(meter.kind.rawValue), .text(meter.unit)]
                  })
    }

    var features: SQLInsert {
        SQLInsert(table: "tierc.features", columns: ["id", "ordinal", "description"],
                  rows: policy.features.enumerated().map { index, feature in
                      [.text(feature.id), .integer(Int64(index)), .text(feature.description)]
                  })
    }

    var tiers: SQLInsert {
        SQLInsert(table: "tierc.tiers", columns: ["id", "ordinal", "name", "parent", "price", "minimum"],
                  rows: policy.tiers.enumerated().map { index, tier in
                      [.text(tier.id), .integer(Int64(index)), .text(tier.name), .text(tier.parent), .decimal(tier.price),
                       tier.minimum.map { .decimal($0) } ?? .null]
                  })
    }

    var tierFeatures: SQLInsert {
        SQLInsert(table: "tierc.tier_features", columns: ["tier", "feature"],
                  rows: policy.tiers.flatMap { tier in tier.features.map { [.text(tier.id), .text($0)] } })
    }

    /// Counter limits; a window without a row is unlimited.
    var limits: SQLInsert {
        var rows: [[SQLValue]] = []
        for tier in policy.tiers {
            for meter in meterKeys(tier.limits.keys) {
                guard case .counter(let windows)? = tier.limits[meter] else { continue }
                for window in Window.checkOrder {
                    guard case .limited(let value)? = windows[window] else { continue }
                    rows.append([.text(tier.id), .text(meter), .text(window.rawValue), .integer(value)])
                }
            }
        }
        return SQLInsert(table: "tierc.limits", columns: ["tier", "meter", "window_kind", "limit_value"], rows: rows)
    }

    /// Gauge limits; an unlimited gauge has no row.
    var gaugeLimits: SQLInsert {
        var rows: [[SQLValue]] = []
        for tier in policy.tiers {
            for meter in meterKeys(tier.limits.keys) {
                guard case .gauge(.level(let level))? = tier.limits[meter] else { continue }
                rows.append([.text(tier.id), .text(meter), .decimal(level)])
            }
        }
        return SQLInsert(table: "tierc.gauge_limits", columns: ["tier", "meter", "level"], rows: rows)
    }

    var routes: SQLInsert {
        SQLInsert(table: "tierc.routes",
                  columns: ["ordinal", "match", "literal_prefix", "match_regex", "feature", "meter", "cost"],
                  rows: policy.routes.enumerated().map { index, route in
                      let glob = PostgresRouteGlob(route.match)
                      return [.integer(Int64(index)), .text(route.match), .text(glob.literalPrefix), .text(glob.regex),
                              .text(route.feature), .text(route.meter), .integer(route.cost)]
                  })
    }

    /// The policy-wide usage prices (tier NULL), then each tier's effective prices, with their bands.
    var usagePrices: [SQLInsert] {
        var prices = SQLInsert(table: "tierc.usage_prices",
                               columns: ["price_id", "tier", "meter", "per", "scheme", "flat_price", "package_size", "free"])
        var bands = SQLInsert(table: "tierc.price_bands", columns: ["price_id", "ordinal", "up_to", "price", "flat"])
        let scopes: [(tier: String?, prices: [String: UsagePrice])] =
            [(nil, policy.usagePrices)] + policy.tiers.map { ($0.id, $0.usagePrices) }
        var id: Int64 = 0
        for scope in scopes {
            for meter in meterKeys(scope.prices.keys) {
                guard let price = scope.prices[meter] else { continue }
                id += 1
                let (scheme, columns) = Self.priceColumns(price.scheme)
                prices.rows.append([.integer(id), .text(scope.tier), .text(meter), .integer(price.per), .text(scheme),
                                    columns.flatPrice, columns.packageSize, .decimal(price.free)])
                for (ordinal, band) in columns.bands.enumerated() {
                    let upTo: SQLValue
                    switch band.upTo {
                    case .upTo(let bound): upTo = .decimal(bound)
                    case .unlimited: upTo = .null
                    }
                    bands.rows.append([.integer(id), .integer(Int64(ordinal)), upTo, .decimal(band.price), .decimal(band.flat)])
                }
            }
        }
        return [prices, bands]
    }

    /// The SQL rows' one switch over the models (docs/pricing-models.md#postgresql): the `scheme` name and columns.
    private static func priceColumns(_ scheme: UsagePrice.Scheme) -> (String, PostgresPriceColumns) {
        switch scheme {
        case .flat(let price): columns(UnitPrice(price: price))
        case .graduated(let bands): columns(GraduatedPrice(bands: bands))
        case .volume(let bands): columns(VolumePrice(bands: bands))
        case .package(let size, let price): columns(PackagePrice(size: size, price: price))
        }
    }

    private static func columns<Model: PostgresPricedModel>(_ model: Model) -> (String, PostgresPriceColumns) {
        (Model.name, model.sqlColumns)
    }
}
