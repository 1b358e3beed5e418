/// JSON Schemas of `tiers.yaml` and `tenants.yaml` (docs/policy-format.md#tiersyaml-key-by-key and
/// #tenantsyaml-key-by-key), for editors and CI.
///
/// The schemas mirror what `tierc check` decodes: the same keys at each place (unknown keys are rejected
/// everywhere), the same identifier rules, money and limit syntax. A schema cannot see cross-references
/// (undefined meters or tiers, `extends` cycles, counter versus gauge limits) or ordering rules (ascending
/// bands): those remain the checker's job. Where YAML 1.1 and 1.2 readers disagree on a scalar's type, the
/// schema accepts both readings that the checker accepts (a limit may be `100` or `"100"`).
///
/// Written as draft-07, the newest dialect yaml-language-server supports; see ``SchemaDocument/dialect``.
public enum PolicySchema {
    /// The schema of `tiers.yaml`, as committed in `tiers/tiers.schema.json`.
    public static func jsonSchema() -> String {
        tiersDocument.render()
    }

    /// The schema of `tenants.yaml`, as committed in `tiers/tenants.schema.json`.
    public static func tenantsJSONSchema() -> String {
        tenantsDocument.render()
    }
}

/// The regular expressions of the schemas, written (ECMA-262 syntax) from the checker's rules in
/// `IdentifierRule`, `ScalarSyntax` and `HTTPToken`; tests hold each one against the code it mirrors.
enum SchemaPattern {
    /// The policy name: `IdentifierRule.policy`.
    static let policy = "^[a-z][a-z0-9_-]{0,62}$"
    /// Tier ids: `IdentifierRule.tier`.
    static let tier = "^[a-z][a-z0-9_-]*$"
    /// Meter and feature ids: `IdentifierRule.snake`.
    static let snake = "^[a-z][a-z0-9_]*$"
    /// Tenant ids: `IdentifierRule.tenant`.
    static let tenant = "^[a-z0-9][a-z0-9_-]{0,62}$"
    /// A non-negative plain decimal written as text (`"0.008"`): `ScalarSyntax.decimal` without the sign.
    static let decimal = #"^\+?[0-9]+(\.[0-9]+)?$"#
    /// A whole number >= 0 written as text (`"100"`): `ScalarSyntax.integer` without leading zeros or sign.
    static let count = "^(0|[1-9][0-9]*)$"
    /// A whole number >= 1 written as text.
    static let positiveCount = "^[1-9][0-9]*$"
    /// A UTC date `YYYY-MM-DD` (tenants' `since`, `until`, keys' `created`, `revoked`); the checker also refuses dates that do not exist.
    static let date = "^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"
    /// A month `YYYY-MM` (a discount's `from`).
    static let month = "^[0-9]{4}-(0[1-9]|1[0-2])$"
    /// An RFC 9110 token (header names, the Authorization scheme): `HTTPToken.isToken`.
    static let token = "^[!#$%&'*+.^_`|~0-9A-Za-z-]+$"
    /// One DNS label, any case (the checker lower-cases first): `HTTPToken.isLabel`.
    static let label = "^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$"
    /// A domain name of one or more labels: `HTTPToken.isDomain` (with `maxLength` 253).
    static let domain = #"^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$"#
    /// A stored API key hash.
    static let keyHash = "^sha256:[0-9a-f]{64}$"
    /// A route's path glob.
    static let path = "^/"
}

// MARK: - Shared building blocks

extension SchemaNode {
    /// A non-negative exact decimal: a YAML number, or text such as `"0.008"` (quoted to keep every digit).
    static func decimal(_ description: String, examples: [JSONValue]) -> SchemaNode {
        .anyOf([.number(minimum: 0), .string(SchemaPattern.decimal)]).described(description, examples: examples)
    }

    /// A whole number >= `minimum` (0 or 1), as a YAML integer or as digits in quotes.
    static func wholeNumber(minimum: Int) -> SchemaNode {
        .anyOf([.integer(minimum: minimum), .string(minimum == 0 ? SchemaPattern.count : SchemaPattern.positiveCount)])
    }

    /// A closed mapping of documented keys.
    static func object(_ properties: [Property], nullable: Bool = false) -> SchemaNode {
        .object(ObjectShape(properties: properties, nullable: nullable))
    }

    /// A mapping from identifiers (`keys`) to `values`.
    static func map(keys: SchemaNode, values: SchemaNode, minProperties: Int? = nil, nullable: Bool = false) -> SchemaNode {
        .object(ObjectShape(keys: keys, values: values, minProperties: minProperties, nullable: nullable))
    }

    /// An object (not null) that has `key`, whatever else it has.
    static func objectRequiring(_ key: String) -> SchemaNode {
        .all([.object(ObjectShape(closed: false)), .required([key])])
    }
}
