/// The schema of `tenants.yaml`, as `TenantsDecoder` reads it.
extension PolicySchema {
    static let tenantsDocument = SchemaDocument(
        id: "https://tierc.dev/schemas/tenants-1.json",
        title: "tierc tenants (tenants.yaml)",
        description: "The tenants of a service and their tiers and API keys: runtime data for the simulator, the example "
            + "server and the SQL seed. Check it against its policy with `tierc check tiers.yaml --tenants tenants.yaml`, "
            + "which also verifies that each tier exists and that no key or subdomain belongs to two tenants.",
        root: .object([
            Property("tenants", SchemaNode.map(keys: .reference("tenantId"), values: .reference("tenant"), nullable: true).described(
                "The tenants: the tenant's id, then its tier and how requests identify it."), required: true),
        ]),
        definitions: [
            "tenantId": SchemaNode.string(SchemaPattern.tenant).described(
                "A tenant id: lower-case letters, digits, `_` and `-`, starting with a letter or digit, at most 63 characters.",
                examples: [.string("tenant-a")]),
            "tenant": tenant,
            "discount": discount,
        ]
    )

    private static let tenant = SchemaNode.object([
        Property("tier", SchemaNode.string(SchemaPattern.tier).described(
            "The tenant's tier: a tier id of the policy.", examples: [.string("free")]), required: true),
        Property("api_keys", SchemaNode.list(of: .scalarText, minItems: nil, unique: true, nullable: true).described(
            "Raw API keys (demos and tests only; they are hashed with SHA-256 when read). A key identifies one tenant.")),
        Property("api_key_hashes", SchemaNode.list(of: .string(SchemaPattern.keyHash), minItems: nil, unique: true, nullable: true)
            .described("API keys as stored: `sha256:` and the lower-case hex SHA-256 of the key's UTF-8 bytes.",
                       examples: [.array([.string("sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08")])])),
        Property("subdomain", SchemaNode.string(SchemaPattern.label).described(
            "The tenant's subdomain under `identification.subdomain.base_domain`: one DNS label. Default: the tenant id.",
            examples: [.string("bravo")])),
        Property("since", SchemaNode.string(SchemaPattern.date).described(
            "The first day of the subscription (UTC, inclusive): earlier months get no invoice, the first one is prorated "
                + "by days. Billing only; requests are decided whatever the dates.", examples: [.string("2025-11-15")])),
        Property("until", SchemaNode.string(SchemaPattern.date).described(
            "The last day of the subscription (UTC, inclusive), on or after `since`.", examples: [.string("2026-01-10")])),
        Property("discounts", SchemaNode.list(of: .reference("discount"), minItems: nil, unique: false, nullable: true).described(
            "Discounts in order: each active one takes its percent of the month's subtotal, cut to what is left.")),
        Property("keys", SchemaNode.list(of: keyEntry, minItems: nil, unique: false, nullable: true).described(
            "Managed API keys, as `tierc keys create` writes them: the key's hash (never the key) with a display prefix, "
                + "a label and dates. A key with a `revoked` date identifies nobody from 00:00 UTC of that day.")),
    ]).described("A tenant: its tier, how requests identify it, its managed keys and its billing data.")

    private static let discount = SchemaNode.object([
        Property("percent", SchemaNode.anyOf([.number(minimum: 0), .string(SchemaPattern.decimal)]).described(
            "The percent off, above 0 and at most 100, exact (`12.5`).", examples: [.int(20)]), required: true),
        Property("from", SchemaNode.string(SchemaPattern.month).described(
            "The first month the discount applies, `YYYY-MM`.", examples: [.string("2025-11")]), required: true),
        Property("months", SchemaNode.wholeNumber(minimum: 1).described(
            "How many months it applies, at least 1.", examples: [.int(3)]), required: true),
    ]).described("A discount: `percent` off for `months` months from `from`.")

    private static let keyEntry = SchemaNode.object([
        Property("hash", SchemaNode.string(SchemaPattern.keyHash).described(
            "`sha256:` and the lower-case hex SHA-256 of the key's UTF-8 bytes."), required: true),
        Property("prefix", SchemaNode.scalarText.described(
            "The first characters of the key, for display (`omni_` and 4 more).", examples: [.string("omni_Xy3k")])),
        Property("name", SchemaNode.scalarText.described("A label, e.g. the service that uses the key.",
                                                         examples: [.string("backend")])),
        Property("created", SchemaNode.string(SchemaPattern.date).described("The day the key was made (UTC), YYYY-MM-DD.")),
        Property("revoked", SchemaNode.string(SchemaPattern.date).described(
            "From 00:00 UTC of this day the key identifies nobody (401); the entry stays for audit.")),
    ]).described("One managed API key.")
}
