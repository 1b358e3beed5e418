import PolicyCheck
import PolicyModel
import PolicyRuntime
import TiercPipeline

/// What `tierc inspect` prints about a loaded snapshot: a summary for people, or the JSON object of
/// docs/cli.md. Pure functions of the snapshot, so the output is deterministic.
struct SnapshotReport {
    let file: String
    let snapshot: Snapshot

    private var policy: Policy { snapshot.policy }
    private var digits: Int { policy.currency.minorUnits }

    // MARK: Human

    func human() -> String {
        let header = snapshot.header
        var lines: [String] = []
        lines.append("\(UntrustedText.safe(file)): tierc snapshot, format version \(header.formatVersion), \(snapshot.byteCount) bytes")
        var fields: [(String, String)] = [
            ("policy", header.policyName),
            ("fingerprint", header.fingerprint),
            ("revision", String(header.revision)),
            ("compiler", "tierc \(header.compilerVersion)"),
            ("source revision", header.sourceRevision ?? "-"),
            ("checksum", "\(snapshot.checksum) (verified)"),
            ("signature", signatureText),
        ]
        fields.append(("sections", snapshot.sections.map { "\($0.tag.name) (\($0.length) bytes at byte \($0.offset))" }
            .joined(separator: ", ")))
        lines += Self.aligned(fields)
        lines.append("")
        lines.append("policy \(policy.name): \(policy.currency.code) (\(digits) decimal\(digits == 1 ? "" : "s")), "
                     + "rounding \(policy.rounding.rawValue), default meter \(policy.defaultMeter ?? "none")")
        lines += Self.aligned([
            ("identification", identificationText),
            ("meters", policy.meters.map { "\($0.id) (\($0.kind.rawValue)\($0.unit.map { ", \($0)" } ?? ""))" }.joined(separator: ", ")),
            ("features", policy.features.isEmpty ? "none" : policy.features.map(\.id).joined(separator: ", ")),
            ("routes", String(policy.routes.count)),
            ("usage prices", pricesText(policy.usagePrices)),
        ])
        lines.append("")
        lines += tierTable()
        let overrides = policy.tiers.compactMap { tier -> String? in
            let own = tier.usagePrices.filter { policy.usagePrices[$0.key] != $0.value }
            return own.isEmpty ? nil : "  \(tier.id): \(pricesText(own))"
        }
        if !overrides.isEmpty {
            lines.append("")
            lines.append("tier usage prices (where they differ from the policy's):")
            lines += overrides
        }
        lines.append("")
        lines.append(tenantsText)
        return lines.map(UntrustedText.safe).joined(separator: "\n") + "\n"
    }

    private var signatureText: String {
        switch snapshot.signature {
        case .unsigned: "none"
        case .notVerified: "Ed25519, not verified (give --public-key to verify it)"
        case .verified(let keyID): "Ed25519, verified with \(keyID)"
        }
    }

    private var identificationText: String {
        let id = policy.identification
        let methods = id.order.map { method -> String in
            switch method {
            case .apiKey: "api_key (\(id.apiKeyScheme))"
            case .header: "header (\(id.headerNames.joined(separator: ", ")))"
            case .subdomain: "subdomain (*.\(id.baseDomain ?? "?"))"
            case .query: "query (\(id.queryParam))"
            }
        }
        return (methods.isEmpty ? "none" : methods.joined(separator: ", ")) + (id.requireTenant ? "; tenant required" : "; tenant optional")
    }

    private var tenantsText: String {
        guard let tenants = snapshot.tenants else { return "tenants: none compiled in" }
        var perTier: [String: Int] = [:]
        for tenant in tenants.tenants { perTier[tenant.tier, default: 0] += 1 }
        let counts = policy.tiers.compactMap { tier in perTier[tier.id].map { "\(tier.id) \($0)" } }
        return "tenants: \(tenants.tenants.count)" + (counts.isEmpty ? "" : " (\(counts.joined(separator: ", ")))")
    }

    private func pricesText(_ prices: [String: UsagePrice]) -> String {
        guard !prices.isEmpty else { return "none" }
        return policy.meters.compactMap { meter in prices[meter.id].map { "\(meter.id) \(priceText($0))" } }.joined(separator: "; ")
    }

    private func priceText(_ price: UsagePrice) -> String {
        let per = "per \(price.per)"
        let free = price.free.isZero ? "" : ", \(price.free) free"
        return Self.inspected(price.scheme).inspectText(per: per) + free
    }

    /// The report's one switch over the usage price models (docs/pricing-models.md#reports).
    private static func inspected(_ scheme: UsagePrice.Scheme) -> any InspectedUsageModel {
        switch scheme {
        case .flat(let price): UnitPrice(price: price)
        case .graduated(let bands): GraduatedPrice(bands: bands)
        case .volume(let bands): VolumePrice(bands: bands)
        case .package(let size, let price): PackagePrice(size: size, price: price)
        }
    }

    private func tierTable() -> [String] {
        var rows = [["tier", "name", "extends", "price"] + policy.meters.map(\.id) + ["features"]]
        for tier in policy.tiers {
            var row = [tier.id, tier.name, tier.parent ?? "-", tier.price.formatted(fractionDigits: digits)]
            row += policy.meters.map { limitText(tier.limits[$0.id]) }
            row.append(tier.features.isEmpty ? "-" : tier.features.joined(separator: ", "))
            rows.append(row)
        }
        let widths = (0..<rows[0].count).map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { column, cell in
                column == row.count - 1 ? cell : cell + String(repeating: " ", count: widths[column] - cell.count)
            }.joined(separator: "  ")
        }
    }

    private func limitText(_ limit: MeterLimit?) -> String {
        switch limit {
        case nil: return "unlimited"
        case .gauge(let level)?: return level.description
        case .counter(let windows)?:
            let set = Window.allCases.compactMap { window in windows[window].map { (window, $0) } }
            if set.count == Window.allCases.count, set.allSatisfy({ $0.1 == .unlimited }) { return "unlimited" }
            return set.isEmpty ? "unlimited" : set.map { "\($0.1)/\($0.0.rawValue)" }.joined(separator: ", ")
        }
    }

    private static func aligned(_ fields: [(String, String)]) -> [String] {
        let width = fields.map(\.0.count).max() ?? 0
        return fields.map { "  " + $0.0 + String(repeating: " ", count: width - $0.0.count + 2) + $0.1 }
    }

    // MARK: JSON

    func json() -> String {
        let header = snapshot.header
        let object: JSONValue = .object([
            ("file", .string(file)),
            ("bytes", .int(snapshot.byteCount)),
            ("format_version", .int(Int(header.formatVersion))),
            ("header", .object([
                ("policy", .string(header.policyName)),
                ("fingerprint", .string(header.fingerprint)),
                ("revision", .int(Int(header.revision))),
                ("compiler_version", .string(header.compilerVersion)),
                ("source_revision", header.sourceRevision.map(JSONValue.string) ?? .null),
            ])),
            ("checksum", .string(snapshot.checksum)),
            ("signature", signatureJSON),
            ("sections", .array(snapshot.sections.map { section in
                .object([("name", .string(section.tag.name)), ("tag", .int(Int(section.tag.rawValue))),
                         ("offset", .int(section.offset)), ("length", .int(section.length))])
            })),
            ("policy", policyJSON),
            ("tenants", tenantsJSON),
        ])
        return object.serialized() + "\n"
    }

    private var signatureJSON: JSONValue {
        switch snapshot.signature {
        case .unsigned: .object([("status", .string("unsigned")), ("algorithm", .null), ("key_id", .null)])
        case .notVerified: .object([("status", .string("not_verified")), ("algorithm", .string("ed25519")), ("key_id", .null)])
        case .verified(let keyID): .object([("status", .string("verified")), ("algorithm", .string("ed25519")), ("key_id", .string(keyID))])
        }
    }

    private var policyJSON: JSONValue {
        let id = policy.identification
        let identification: JSONValue = .object([
            ("order", .array(id.order.map { .string($0.rawValue) })),
            ("api_key_scheme", .string(id.apiKeyScheme)),
            ("header_names", .array(id.headerNames.map(JSONValue.string))),
            ("base_domain", Self.optional(id.baseDomain)),
            ("query_param", .string(id.queryParam)),
            ("require_tenant", .bool(id.requireTenant)),
        ])
        let meters: [JSONValue] = policy.meters.map { meter in
            .object([("id", .string(meter.id)), ("kind", .string(meter.kind.rawValue)), ("unit", Self.optional(meter.unit))])
        }
        let features: [JSONValue] = policy.features.map { feature in
            .object([("id", .string(feature.id)), ("description", Self.optional(feature.description))])
        }
        let routes: [JSONValue] = policy.routes.map { route in
            .object([("match", .string(route.match)), ("feature", Self.optional(route.feature)),
                     ("meter", Self.optional(route.meter)), ("cost", .int(Int(route.cost)))])
        }
        return .object([
            ("name", .string(policy.name)),
            ("currency", .string(policy.currency.code)),
            ("minor_units", .int(digits)),
            ("rounding", .string(policy.rounding.rawValue)),
            ("default_meter", Self.optional(policy.defaultMeter)),
            ("identification", identification),
            ("meters", .array(meters)),
            ("features", .array(features)),
            ("routes", .array(routes)),
            ("usage_prices", pricesJSON(policy.usagePrices)),
            ("tiers", .array(policy.tiers.map(tierJSON))),
        ])
    }

    private func tierJSON(_ tier: Tier) -> JSONValue {
        var limits: [(key: String, value: JSONValue)] = []
        for meter in policy.meters {
            if let limit = tier.limits[meter.id] { limits.append((meter.id, limitJSON(limit))) }
        }
        return .object([
            ("id", .string(tier.id)),
            ("name", .string(tier.name)),
            ("extends", Self.optional(tier.parent)),
            ("price", .string(tier.price.formatted(fractionDigits: digits))),
        ] + (tier.minimum.map { [("minimum", JSONValue.string($0.formatted(fractionDigits: digits)))] } ?? []) + [
            ("limits", .object(limits)),
            ("features", .array(tier.features.map(JSONValue.string))),
            ("usage_prices", pricesJSON(tier.usagePrices)),
        ])
    }

    private static func optional(_ text: String?) -> JSONValue {
        text.map(JSONValue.string) ?? .null
    }

    private var tenantsJSON: JSONValue {
        guard let tenants = snapshot.tenants else { return .null }
        var perTier: [String: Int] = [:]
        for tenant in tenants.tenants { perTier[tenant.tier, default: 0] += 1 }
        return .object([
            ("count", .int(tenants.tenants.count)),
            ("by_tier", .object(policy.tiers.compactMap { tier in perTier[tier.id].map { (tier.id, .int($0)) } })),
        ])
    }

    /// Keys in the policy's meter order.
    private func pricesJSON(_ prices: [String: UsagePrice]) -> JSONValue {
        .object(policy.meters.compactMap { meter in
            prices[meter.id].map { price in
                var fields: [(String, JSONValue)] = [("per", .int(Int(price.per)))]
                fields += Self.inspected(price.scheme).inspectJSON
                if !price.free.isZero { fields.append(("free", .string(price.free.description))) }
                return (meter.id, .object(fields))
            }
        })
    }


    private func limitJSON(_ limit: MeterLimit) -> JSONValue {
        switch limit {
        case .gauge(let level): .string(level.description)
        case .counter(let windows):
            .object(Window.allCases.compactMap { window in
                windows[window].map { limit in
                    switch limit {
                    case .limited(let value): (window.rawValue, JSONValue.int(Int(value)))
                    case .unlimited: (window.rawValue, JSONValue.string("unlimited"))
                    }
                }
            })
        }
    }
}
