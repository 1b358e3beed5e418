CREATE OR REPLACE FUNCTION tierc.grant_runtime(p_role regrole)
RETURNS void
LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, pg_temp
AS $tierc$
-- Lets an application role use the runtime (docs/postgres.md#privileges): the schema, the functions of the
-- request path (decide and usage included, and the leases' reserve_quota and return_quota) and the RLS
-- helpers, and read access to the policy, the tenants (not their key hashes) and the usage.
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
