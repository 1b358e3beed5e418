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
    v_checked boolean;
    v_tier text;
BEGIN
    IF p_tenant IS NULL OR p_at IS NULL THEN
        RAISE EXCEPTION 'tierc.usage: p_tenant and p_at must not be NULL'
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    v_checked := tierc.check_time('tierc.usage', p_at);
    v_tier := tierc.tenant_tier('tierc.usage', p_tenant);
    RETURN QUERY
        SELECT m.id::pg_catalog.text, w.quota_window, w.window_start, w.used, w.limit_value, w.remaining, w.reset_at
          FROM tierc.meters m
         CROSS JOIN LATERAL tierc.meter_usage(p_tenant, v_tier, m.id, p_at) AS w
         WHERE m.kind OPERATOR(pg_catalog.=) 'counter'
         ORDER BY m.ordinal, w.n;
END
$tierc$;
