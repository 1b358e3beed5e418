/// Row-level security generated from the same schema as the decisions: the current tenant lives in the
/// transaction-local setting `tierc.tenant`, and a policy on each tenant table compares a column with it.
///
/// After a pooled connection's transaction that ran `SET LOCAL` (or `tierc.set_tenant`) ends, the setting
/// still exists and reads as `''`, not NULL: the policies compare against `NULLIF(…, '')`, so such a
/// connection sees no row and raises no error.
enum PostgresTenancyFunctions {
    /// Sets the tenant for the rest of the current transaction only (safe on pooled connections).
    static let setTenant = #"""
        CREATE OR REPLACE FUNCTION tierc.set_tenant(p_tenant text)
        RETURNS void
        LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, pg_temp
        AS $tierc$
        BEGIN
            IF p_tenant IS NULL OR p_tenant OPERATOR(pg_catalog.=) '' THEN
                RAISE EXCEPTION 'tierc.set_tenant: the tenant must be a non-empty id'
                    USING ERRCODE = 'invalid_parameter_value';
            END IF;
            PERFORM pg_catalog.set_config('tierc.tenant', p_tenant, true);
        END
        $tierc$;
        """#

    /// The tenant set in this transaction, or NULL.
    static let currentTenant = #"""
        CREATE OR REPLACE FUNCTION tierc.current_tenant()
        RETURNS text
        LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp
        AS $tierc$
            SELECT NULLIF(pg_catalog.current_setting('tierc.tenant', true), '')
        $tierc$;
        """#

    /// Enables and forces RLS on a table (the owner is subject to it too) with one policy for every command:
    /// rows are visible and writable only when their tenant column equals the current tenant; with no tenant
    /// set, nothing is. SECURITY INVOKER: only the table's owner can run it. Running it again is harmless.
    static let enableTenantIsolation = #"""
        CREATE OR REPLACE FUNCTION tierc.enable_tenant_isolation(p_table regclass, p_column name DEFAULT 'tenant_id')
        RETURNS void
        LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, pg_temp
        AS $tierc$
        DECLARE
            v_type text;
            v_check text;
        BEGIN
            IF p_table IS NULL OR p_column IS NULL THEN
                RAISE EXCEPTION 'tierc.enable_tenant_isolation: p_table and p_column must not be NULL'
                    USING ERRCODE = 'null_value_not_allowed';
            END IF;
            SELECT pg_catalog.format_type(a.atttypid, a.atttypmod) INTO v_type
              FROM pg_attribute a
             WHERE a.attrelid OPERATOR(pg_catalog.=) p_table AND a.attname OPERATOR(pg_catalog.=) p_column AND a.attnum OPERATOR(pg_catalog.>) 0 AND NOT a.attisdropped;
            IF NOT FOUND THEN
                RAISE EXCEPTION 'tierc.enable_tenant_isolation: table % has no column %', p_table, pg_catalog.quote_ident(p_column)
                    USING ERRCODE = 'undefined_column';
            END IF;
            v_check := pg_catalog.format('%I = NULLIF(pg_catalog.current_setting(%L, true), %L)::%s',
                              p_column, 'tierc.tenant', '', v_type);
            EXECUTE pg_catalog.format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', p_table);
            EXECUTE pg_catalog.format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', p_table);
            EXECUTE pg_catalog.format('DROP POLICY IF EXISTS tierc_tenant_isolation ON %s', p_table);
            EXECUTE pg_catalog.format('CREATE POLICY tierc_tenant_isolation ON %s FOR ALL USING (%s) WITH CHECK (%s)',
                           p_table, v_check, v_check);
        END
        $tierc$;
        """#

    /// Lets an application role use the runtime: the schema, the functions of the request path (`decide` and `usage`
    /// included, and the leases' `reserve_quota` and `return_quota`, docs/postgres.md#leases) and the RLS
    /// helpers, and read access to the policy, the tenants (not their key hashes) and the usage.
    static let grantRuntime = #"""
        CREATE OR REPLACE FUNCTION tierc.grant_runtime(p_role regrole)
        RETURNS void
        LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, pg_temp
        AS $tierc$
        BEGIN
            IF p_role IS NULL THEN
                RAISE EXCEPTION 'tierc.grant_runtime: p_role must not be NULL' USING ERRCODE = 'null_value_not_allowed';
            END IF;
            EXECUTE pg_catalog.format('GRANT USAGE ON SCHEMA tierc TO %s', p_role);
            EXECUTE pg_catalog.format('GRANT EXECUTE ON FUNCTION tierc.check_request(text, text, timestamptz), '
                           'tierc.decide(text, text, timestamptz), tierc.charge(text, text, bigint, timestamptz), '
                           'tierc.record_usage(text, text, bigint, timestamptz), '
                           'tierc.usage(text, timestamptz), tierc.window_used(text, text, text, timestamptz), '
                           'tierc.tenant_for_api_key(text), tierc.record_gauge(text, text, numeric, timestamptz), '
                           'tierc.invoice(text, text), tierc.set_tenant(text), tierc.current_tenant(), '
                           'tierc.enable_tenant_isolation(regclass, name), '
                           'tierc.reserve_quota(text, text, timestamptz, bigint, bigint, text, bigint, bigint), '
                           'tierc.return_quota(text, bigint, bigint) TO %s', p_role);
            EXECUTE pg_catalog.format('GRANT SELECT ON tierc.policy_info, tierc.meters, tierc.features, tierc.tiers, '
                           'tierc.tier_features, tierc.limits, tierc.gauge_limits, tierc.routes, tierc.usage_prices, '
                           'tierc.price_bands, tierc.decision_rules, tierc.tenants, tierc.usage_months, tierc.usage_windows, '
                           'tierc.gauge_readings, tierc.leases TO %s',
                           p_role);
        END
        $tierc$;
        """#

    static let all = [setTenant, currentTenant, enableTenantIsolation, grantRuntime]
}
