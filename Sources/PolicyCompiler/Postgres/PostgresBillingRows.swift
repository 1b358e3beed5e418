import PolicyModel

/// tenants.sql's rows of the tenants' billing data (`since`, `until`, `discounts`; docs/postgres.md#schema), staged by
/// SQL/billing_staging.sql and merged by SQL/billing_merge.sql. A tenant without dates or discounts has no row.
struct PostgresBillingRows: Sendable {
    let directory: TenantDirectory

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
