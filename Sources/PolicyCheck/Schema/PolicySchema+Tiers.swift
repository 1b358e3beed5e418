import PolicyModel

/// The schema of `tiers.yaml`, place by place as `PolicyDecoder` reads it.
extension PolicySchema {
    static let tiersDocument = SchemaDocument(
        id: "https://tierc.dev/schemas/tiers-1.json",
        title: "tierc policy (tiers.yaml), format 1",
        description: "Subscription tiers of a multi-tenant service: meters, features, routes, prices and limits. "
            + "Check a file with `tierc check tiers.yaml`; this schema covers shapes and spellings, the checker also "
            + "cross-references names, inheritance and limits.",
        root: tiersRoot,
        definitions: [
            "feature": feature,
            "featureName": identifier(SchemaPattern.snake, "A feature id declared under `features`.", example: "ai_intelligence"),
            "identification": identification,
            "limit": limit,
            "meter": meter,
            "meterLimit": meterLimit,
            "meterName": identifier(SchemaPattern.snake, "A meter id declared under `meters`.", example: "api_calls"),
            "money": .decimal("An amount in the policy's currency: a plain decimal >= 0 such as `29` or `0.01`, or "
                              + "quoted (`\"0.008\"`). Read exactly from the text, never as a binary float.",
                              examples: [.int(0), .int(29), .string("0.008")]),
            "priceBand": priceBand,
            "priceBands": .list(of: .reference("priceBand"), minItems: 1, unique: false, nullable: false)
                .described("Bands in ascending `up_to` order; the last is `up_to: unlimited`."),
            "quantity": .decimal("A plain decimal >= 0 such as `5` or `0.5`.", examples: [.int(5), .string("0.5")]),
            "route": route,
            "tier": tier,
            "tierName": identifier(SchemaPattern.tier, "A tier id declared under `tiers`.", example: "free"),
            "usagePrice": usagePrice,
            "usagePrices": .map(keys: .reference("meterName"), values: .reference("usagePrice"), nullable: true)
                .described("Usage pricing per meter: the meter's id, then its price."),
            "windowLimits": windowLimits,
        ]
    )

    private static func identifier(_ pattern: String, _ description: String, example: String) -> SchemaNode {
        .string(pattern).described(description, examples: [.string(example)])
    }

    private static let tiersRoot = SchemaNode.object([
        Property(TopLevelKey.format, SchemaNode.constant(.int(1)).described(
            "The version of this file's format. Required; the only version is 1."), required: true),
        Property(TopLevelKey.policy, SchemaNode.string(SchemaPattern.policy).described(
            "The policy's name. Required; lower-case letters, digits, `_` and `-`, starting with a letter, at most 63 characters.",
            examples: [.string("omni-platform")]), required: true),
        Property(TopLevelKey.currency, SchemaNode.word(Currency.allCodes).described(
            "The ISO 4217 code of every price. Required. Its minor units (USD 2, JPY 0, KWD 3) fix invoice precision "
                + "and how many decimals a tier `price` may have.",
            examples: [.string("USD"), .string("EUR"), .string("JPY")]), required: true),
        Property(TopLevelKey.rounding, SchemaNode.word(Rounding.allCases.map(\.rawValue)).described(
            "How an invoice line is rounded to the currency's minor units: `half_up` rounds 0.005 to 0.01, "
                + "`half_even` to 0.00.", default: .string(Rounding.halfUp.rawValue))),
        Property(TopLevelKey.defaultMeter, SchemaNode.reference("meterName").described(
            "The counter meter a request uses when no route names one. Required when there are several counter meters; "
                + "default: the only counter meter.")),
        Property(TopLevelKey.identification, SchemaNode.reference("identification").described(
            "How a request's tenant is found. Optional; every key has a default.")),
        Property(TopLevelKey.meters, SchemaNode.map(keys: .reference("meterName"), values: .reference("meter"), minProperties: 1).described(
            "What is measured, at least one: the meter's id (lower-case letters, digits and `_`), then its kind and unit.",
            examples: [.object([("api_calls", .object([("kind", .string("counter")), ("unit", .string("call"))]))])]),
            required: true),
        Property(TopLevelKey.features, SchemaNode.map(keys: .reference("featureName"), values: .reference("feature"), nullable: true).described(
            "Feature flags that tiers grant: the feature's id (lower-case letters, digits and `_`), then `{}` or "
                + "`{ description: ... }`.")),
        Property(TopLevelKey.routes, SchemaNode.list(of: .reference("route"), minItems: nil, unique: false, nullable: true).described(
            "Request paths and what they need and cost. The first route whose `match` fits a path applies.")),
        Property(TopLevelKey.usagePrices, SchemaNode.reference("usagePrices").described(
            "Policy-wide usage pricing per meter; a tier may replace a meter's price with its own `usage_prices`.")),
        Property(TopLevelKey.tiers, SchemaNode.map(keys: .reference("tierName"), values: .reference("tier"), minProperties: 1).described(
            "The subscription tiers, at least one, cheapest first: the order is the upgrade ladder. Tier ids are lower-case "
                + "letters, digits, `_` and `-`, starting with a letter."), required: true),
    ])

    private static let meter = SchemaNode.object([
        Property(MeterKey.kind, SchemaNode.word(MeterKind.allCases.map(\.rawValue)).described(
            "`counter`: every allowed request adds its cost, limited per window. `gauge`: tenants report levels, limited "
                + "by one highest level and billed on the month's maximum."), required: true),
        Property(MeterKey.unit, SchemaNode.scalarText.described(
            "The unit shown in reports and invoices.", examples: [.string("call"), .string("GB")])),
    ]).described("A meter: its kind and unit.")

    private static let feature = SchemaNode.object([
        Property(FeatureKey.description, SchemaNode.scalarText.described("What the feature unlocks, for people reading the policy.")),
    ], nullable: true).described("A feature: `{}`, nothing, or `{ description: ... }`.")

    private static let route = SchemaNode.object([
        Property(RouteKey.match, SchemaNode.string(SchemaPattern.path).described(
            "A path glob starting with `/`: `*` is one segment, `**` any number of segments (also none).",
            examples: [.string("/api/intelligence/**"), .string("/api/v1/tenant/usage")]), required: true),
        Property(RouteKey.feature, SchemaNode.reference("featureName").described(
            "The feature a tier must grant for this route; otherwise the request is refused with 403.")),
        Property(RouteKey.meter, SchemaNode.reference("meterName").described(
            "The counter meter this route charges. Default: `default_meter`.")),
        Property(RouteKey.cost, SchemaNode.wholeNumber(minimum: 0).described(
            "Units charged per request, a whole number >= 0; 0 means not metered (never limited, never billed).",
            default: .int(1))),
    ]).described("A route: a path glob and what requests on it need and cost.")

    private static let identification: SchemaNode = {
        let methods = IdentificationMethod.allCases.map(\.rawValue)
        let properties = SchemaNode.object([
            Property(IdentificationKey.order, SchemaNode.list(of: .word(methods), minItems: nil, unique: true, nullable: false).described(
                "The methods tried, in precedence order; any subset, each at most once. Default: all four, `subdomain` only "
                    + "when `base_domain` is set.", examples: [.array(methods.map(JSONValue.string))])),
            Property(IdentificationKey.apiKey, SchemaNode.object([
                Property(IdentificationKey.Inner.scheme, SchemaNode.string(SchemaPattern.token).described(
                    "The Authorization scheme before the key (compared case-insensitively).", default: .string("Bearer"))),
            ], nullable: true).described("API key identification: `Authorization: <scheme> <key>`.")),
            Property(IdentificationKey.header, SchemaNode.object([
                Property(IdentificationKey.Inner.names, SchemaNode.list(of: .string(SchemaPattern.token), minItems: 1, unique: false, nullable: false)
                    .described("Header names carrying the tenant id, tried in order (RFC 9110 tokens).",
                               default: .array(Identification.defaultHeaderNames.map(JSONValue.string)))),
            ], nullable: true).described("Header identification: the tenant id in a request header.")),
            Property(IdentificationKey.subdomain, SchemaNode.object([
                Property(IdentificationKey.Inner.baseDomain, SchemaNode.string(pattern: SchemaPattern.domain, maxLength: 253).described(
                    "The domain under which each tenant has a subdomain, without scheme, port or path.",
                    examples: [.string("yourdomain.com")])),
            ], nullable: true).described("Subdomain identification: `<tenant>.<base_domain>`. Needs `base_domain`.")),
            Property(IdentificationKey.query, SchemaNode.object([
                Property(IdentificationKey.Inner.param, SchemaNode.scalarText.described(
                    "The query parameter carrying the tenant id.", default: .string(Identification.defaultQueryParam))),
            ], nullable: true).described("Query identification: the tenant id in a URL query parameter.")),
            Property(IdentificationKey.requireTenant, SchemaNode.boolean.described(
                "true: a request with no tenant is refused with 401. false: it is served anonymously.", default: .bool(false))),
            Property(IdentificationKey.trustedHeader, SchemaNode.boolean.described(
                "true: a trusted gateway in front of the service sets the tenant header and strips the copies clients send, so "
                    + "`header` identification is not reported as unauthenticated. Changes no decision.", default: .bool(false))),
        ], nullable: true)
        let subdomainInOrder = SchemaNode.properties([Property(IdentificationKey.order, .contains(.constant(.string(IdentificationMethod.subdomain.rawValue))), required: true)])
        return SchemaNode.all([
            properties,
            // `subdomain` in `order` needs `subdomain.base_domain`.
            .when(subdomainInOrder, then: .properties([Property(IdentificationKey.subdomain, .objectRequiring(IdentificationKey.Inner.baseDomain.rawValue), required: true)])),
            // So does a `subdomain` key when `order` is left to its default.
            .when(.all([.required([IdentificationKey.subdomain.rawValue]), .not(.required([IdentificationKey.order.rawValue]))]),
                  then: .properties([Property(IdentificationKey.subdomain, .objectRequiring(IdentificationKey.Inner.baseDomain.rawValue))])),
        ])
    }()

    /// The usage price: `per`, `free`, and each model's key (``YAMLDecodedModel/schemaProperty``) in the decoder's key
    /// order; exactly one model's keys (docs/pricing-models.md#yaml).
    private static let usagePrice = SchemaNode.all([
        .object(PolicyDecoder.usagePriceKeys.compactMap { key in
            usagePriceCommonKeys[key] ?? UsagePrice.Scheme.Kind.yamlModels.first { $0.formKey == key }?.schemaProperty
        }),
        .oneOf(UsagePrice.Scheme.Kind.yamlModels.map(usagePriceForm)),
    ] + UsagePrice.Scheme.Kind.yamlModels.filter { !$0.acceptsPer }.map { model in
        SchemaNode.when(.required([model.formKey]), then: .not(.required([UsagePriceKey.per.rawValue])))
    }).described("A usage price: exactly one form, `price` (per `per` units), `graduated`, `volume` or `package` with "
                 + "`price`; `free` units first.",
                 examples: [.object([("per", .int(1000)), ("price", .string("0.01"))]),
                            .object([("package", .int(100)), ("price", .int(5)), ("free", .int(100))])])

    /// The keys of a usage price that belong to no model.
    private static let usagePriceCommonKeys: [String: Property] = [
        UsagePriceKey.per.rawValue: Property(UsagePriceKey.per, SchemaNode.wholeNumber(minimum: 1).described(
            "Units per priced block, a whole number >= 1; quantities are charged pro rata (quantity / per * price). "
                + "Not with `package`.",
            default: .int(1), examples: [.int(1000)])),
        UsagePriceKey.free.rawValue: Property(UsagePriceKey.free, SchemaNode.reference("quantity").described(
            "Units included each month: the form prices max(0, quantity - free). Whole units on a counter meter.",
            default: .int(0), examples: [.int(10000)])),
    ]

    /// One model's alternative of `oneOf`: its key and parameters, and none of the forms that read its key as theirs.
    private static func usagePriceForm(_ model: any YAMLDecodedModel.Type) -> SchemaNode {
        let required = SchemaNode.required([model.formKey] + model.parameterKeys)
        let readers = UsagePrice.Scheme.Kind.yamlModels.filter { $0.parameterKeys.contains(model.formKey) }
        return readers.isEmpty ? required : .all([required] + readers.map { .not(.required([$0.formKey])) })
    }

    private static let priceBand = SchemaNode.object([
        Property(PriceBandKey.upTo, SchemaNode.anyOf([.reference("quantity"), .constant(.string("unlimited"))]).described(
            "The band's upper bound (inclusive), above the previous band's; `unlimited` in the last band.",
            examples: [.int(100_000), .string("unlimited")]), required: true),
        Property(PriceBandKey.price, SchemaNode.reference("money").described("The price per `per` units in this band."), required: true),
        Property(PriceBandKey.flat, SchemaNode.reference("money").described(
            "A fixed fee for the band, not divided by `per`: graduated charges it when the billed quantity reaches the "
                + "band (band 1 always), volume when the band prices all units.", default: .int(0), examples: [.int(5)])),
    ]).described("A price band.")

    private static let tier = SchemaNode.all([
        .object([
            Property(TierKey.name, SchemaNode.scalarText.described("The display name. Default: the tier's id.", examples: [.string("Free")])),
            Property(TierKey.description, SchemaNode.scalarText.described("A description for people reading the policy.")),
            Property(TierKey.extends, SchemaNode.reference("tierName").described(
                "The tier this one inherits from: every key of the parent applies, then this tier's keys. `limits` merge "
                    + "per meter and window, `features` add up, `usage_prices` replace per meter.")),
            Property(TierKey.price, SchemaNode.reference("money").described(
                "The base price per calendar month, with no more decimals than the currency's minor units. Required unless "
                    + "inherited through `extends`.")),
            Property(TierKey.minimum, SchemaNode.reference("money").described(
                "The monthly minimum spend, with no more decimals than the currency's minor units: when the rounded base "
                    + "and usage lines add up to less, a `minimum` line makes up the difference. Prorated like `price`; "
                    + "inherited and replaced like `price`.", examples: [.int(20)])),
            Property(TierKey.limits, SchemaNode.map(keys: .reference("meterName"), values: .reference("meterLimit"), nullable: true)
                .described("Limits per meter: windows for a counter (`{ hour: 100, month: 1000 }`), one level for a gauge "
                           + "(`5`), or `unlimited`.")),
            Property(TierKey.features, SchemaNode.list(of: .reference("featureName"), minItems: nil, unique: false, nullable: true)
                .described("Features this tier grants, added to the inherited ones.", examples: [.array([.string("ai_intelligence")])])),
            Property(TierKey.usagePrices, SchemaNode.reference("usagePrices").described(
                "This tier's usage prices, replacing the policy's (and the parent's) per meter.")),
        ]),
        // A tier that inherits nothing must name its price.
        .when(.not(.required([TierKey.extends.rawValue])), then: .required([TierKey.price.rawValue])),
    ]).described("A subscription tier.")

    private static let limit = SchemaNode.anyOf([
        .integer(minimum: 0), .string(SchemaPattern.count), .constant(.string("unlimited")),
    ]).described("A whole number >= 0 (0 blocks the meter) or `unlimited`.", examples: [.int(1000), .string("unlimited")])

    private static let windowLimits = SchemaNode.object(Window.allCases.map { window in
        Property(window.rawValue, SchemaNode.reference("limit").described(
            "The most units a tenant may use per calendar \(window.rawValue) (UTC)."))
    }).described("A counter meter's limits per window: `minute`, `hour`, `day`, `month`.")

    private static let meterLimit = SchemaNode.anyOf([
        .reference("windowLimits"), .reference("quantity"), .constant(.string("unlimited")),
    ]).described(
        "A counter meter's limits per window (`{ hour: 100, month: 1000 }`), a gauge meter's highest level (`5`), or "
            + "`unlimited`. Which form fits depends on the meter's kind, which `tierc check` verifies.",
        examples: [.object([("hour", .int(100)), ("month", .int(1000))]), .int(5)])
}
