import PolicyModel

/// tenants.sql's statements for the tenants' billing data (`since`, `until`, `discounts`; docs/postgres.md):
/// staged in temporary tables, then merged into `tierc.subscriptions` and `tierc.tenant_discounts` after the
/// directory, so that rows that did not change are not rewritten. A tenant without dates or discounts has no row.
struct PostgresBillingRows: Sendable {
    let directory: TenantDirectory

    static let stagingTables = """
        CREATE TEMPORARY TABLE tierc_load_subscriptions (
            tenant pg_catalog.text COLLATE pg_catalog."C" PRIMARY KEY,
            since pg_catalog.date,
            until pg_catalog.date
        ) ON COMMIT DROP;
        CREATE TEMPORARY TABLE tierc_load_discounts (
            tenant pg_catalog.text COLLATE pg_catalog."C" NOT NULL,
            ordinal pg_catalog.int4 NOT NULL,
            percent pg_catalog.numeric NOT NULL,
            from_month pg_catalog.date NOT NULL,
            months pg_catalog.int8 NOT NULL,
            PRIMARY KEY (tenant, ordinal)
        ) ON COMMIT DROP;
        """

    /// Deletes the rows that changed or went away, then inserts what is new (the directory's merge ran first,
    /// so every staged tenant exists).
    static let merge = """
        DELETE FROM tierc.subscriptions s
         WHERE NOT EXISTS (SELECT 1 FROM pg_temp.tierc_load_subscriptions n
                            WHERE n.tenant OPERATOR(pg_catalog.=) s.tenant AND n.since IS NOT DISTINCT FROM s.since
                              AND n.until IS NOT DISTINCT FROM s.until);
        INSERT INTO tierc.subscriptions (tenant, since, until)
        SELECT n.tenant, n.since, n.until FROM pg_temp.tierc_load_subscriptions n ORDER BY n.tenant
        ON CONFLICT (tenant) DO NOTHING;
        DELETE FROM tierc.tenant_discounts d
         WHERE NOT EXISTS (SELECT 1 FROM pg_temp.tierc_load_discounts n
                            WHERE n.tenant OPERATOR(pg_catalog.=) d.tenant AND n.ordinal OPERATOR(pg_catalog.=) d.ordinal
                              AND n.percent OPERATOR(pg_catalog.=) d.percent AND n.from_month OPERATOR(pg_catalog.=) d.from_month
                              AND n.months OPERATOR(pg_catalog.=) d.months);
        INSERT INTO tierc.tenant_discounts (tenant, ordinal, percent, from_month, months)
        SELECT n.tenant, n.ordinal, n.percent, n.from_month, n.months FROM pg_temp.tierc_load_discounts n ORDER BY n.tenant, n.ordinal
        ON CONFLICT (tenant, ordinal) DO NOTHING;
        """

    /// One row per tenant with `since` or `until`, in id order.
    var subscriptions: SQLInsert {
        SQLInsert(table: "pg_temp.tierc_load_subscriptions", columns: ["tenant", "since", "until"],
                  rows: directory.tenants.compactMap { tenant in
                      let s = tenant.subscription
                      guard s.since != nil || s.until != nil else { return nil }
                      return [.text(tenant.id), .text(s.since.map { "\($0)" }), .text(s.until.map { "\($0)" })]
                  },
                  suffix: "ON CONFLICT (tenant) DO NOTHING")
    }

    /// One row per discount, in tenants.yaml order within each tenant.
    var discounts: SQLInsert {
        SQLInsert(table: "pg_temp.tierc_load_discounts", columns: ["tenant", "ordinal", "percent", "from_month", "months"],
                  rows: directory.tenants.flatMap { tenant in
                      tenant.subscription.discounts.enumerated().map { index, discount in
                          [.text(tenant.id), .integer(Int64(index)), .decimal(discount.percent),
                           .text(CalendarDate.monthText(discount.from) + "-01"), .integer(discount.months)]
                      }
                  },
                  suffix: "ON CONFLICT (tenant, ordinal) DO NOTHING")
    }
}
