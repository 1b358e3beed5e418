/// The tables of schema `tierc` that share the constraints of `usage_prices` with the upgrade of an earlier layout:
/// SQL/policy_tables.sql creates them, SQL/upgrade.sql adds them to a table of an earlier tierc, both from
/// SQL/usage_price_constraints.fragment.sql (one constraint per line; docs/postgres.md#where-the-sql-lives).
enum PostgresSchema {
    /// The constraints, one per element.
    static var usagePriceConstraints: [Substring] {
        PostgresSQLFiles.usagePriceConstraintsFragment.split(separator: "\n")
    }

    /// SQL/policy_tables.sql, the constraints in `CREATE TABLE tierc.usage_prices`.
    static var policyTables: String {
        SQLPlaceholders.fill(PostgresSQLFiles.policyTables,
                             ["usage_price_constraints": usagePriceConstraints.joined(separator: ",\n")])
    }

    /// SQL/upgrade.sql, the constraints in its `ALTER TABLE tierc.usage_prices … ADD`.
    static var upgrade: String {
        SQLPlaceholders.fill(PostgresSQLFiles.upgrade,
                             ["usage_price_constraints_added": usagePriceConstraints.joined(separator: ",\n            ADD ")])
    }
}
