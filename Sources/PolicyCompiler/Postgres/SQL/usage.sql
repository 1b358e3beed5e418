CREATE OR REPLACE FUNCTION tierc.usage(p_tenant text, p_at timestamptz)
RETURNS TABLE (meter text, quota_window text, window_start timestamptz, used bigint, limit_value bigint,
               remaining bigint, reset_at timestamptz)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $tierc$
#variable_conflict use_column
-- Every window of a tenant's counter meters at p_at (docs/postgres.md#rate-limit-headers-and-usage), meters
-- in declaration order, each meter's windows month -> day -> hour -> minute: the month (the invoice quantity so
-- far) and each window that the tenant's tier limits, with its start, used, limit, remaining and reset (its
-- end). Reads only; counts nothing.
DECLARE
    d record;
BEGIN
    IF p_tenant IS NULL OR p_at IS NULL THEN
        RAISE EXCEPTION 'tierc.usage: p_tenant and p_at must not be NULL'
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    -- The simulator's range (docs/postgres.md, Statuses and errors), as check_request.
    IF NOT (p_at OPERATOR(pg_catalog.>=) '0001-01-01 00:00:00+00'::pg_catalog.timestamptz
            AND p_at OPERATOR(pg_catalog.<) '10000-01-01 00:00:00+00'::pg_catalog.timestamptz) THEN
        RAISE EXCEPTION 'tierc.usage: p_at must be a finite time in the years 0001 to 9999 (UTC), not %', p_at
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    SELECT t.id AS tenant, t.tier AS tier_id, tr.id AS tier INTO d
      FROM tierc.policy_info p
      LEFT JOIN tierc.tenants t ON t.id OPERATOR(pg_catalog.=) p_tenant
      LEFT JOIN tierc.tiers tr ON tr.id OPERATOR(pg_catalog.=) t.tier;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'tierc.usage: no policy is loaded (apply policy.sql first)'
            USING ERRCODE = 'object_not_in_prerequisite_state';
    END IF;
    IF d.tenant IS NULL THEN
        RAISE EXCEPTION 'tierc.usage: unknown tenant %', pg_catalog.quote_literal(p_tenant)
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF d.tier IS NULL THEN
        RAISE EXCEPTION 'tierc.usage: tenant % is on tier %, which the policy does not define',
            pg_catalog.quote_literal(p_tenant), pg_catalog.quote_literal(d.tier_id) USING ERRCODE = 'invalid_parameter_value';
    END IF;
    RETURN QUERY
        SELECT m.id::pg_catalog.text, w.quota_window, w.window_start, w.used, w.limit_value, w.remaining, w.reset_at
          FROM tierc.meters m
         CROSS JOIN LATERAL tierc.meter_usage(p_tenant, d.tier, m.id, p_at) AS w
         WHERE m.kind OPERATOR(pg_catalog.=) 'counter'
         ORDER BY m.ordinal, w.n;
END
$tierc$;
