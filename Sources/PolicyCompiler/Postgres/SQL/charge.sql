CREATE OR REPLACE FUNCTION tierc.charge(p_tenant text, p_meter text, p_cost bigint, p_at timestamptz)
RETURNS TABLE (status integer, quota_window text, limit_value bigint, used bigint, reset_at timestamptz,
               rate_window text, rate_limit bigint, rate_remaining bigint, rate_reset timestamptz)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $tierc$
#variable_conflict use_column
-- Decides one quota charge of a runtime that routes and gates requests itself and keeps only the counters
-- here (tierc serve --store postgres://..., docs/postgres.md#serving-from-postgresql), and returns decide's nine
-- columns: the quota answer (200 or 429 with the refusing window) and the binding window's limit, remaining and
-- reset after the decision. One call, atomic in every window of the meter. tierc.check_charge (shared with
-- record_usage) refuses its arguments before anything is counted.
DECLARE
    v_checked boolean;
    c record;
    r record;
BEGIN
    v_checked := tierc.check_charge('tierc.charge', p_tenant, p_meter, p_cost, p_at);
    SELECT x.status, x.quota_window, x.limit_value, x.used, x.reset_at INTO c
      FROM tierc.charge_counter(p_tenant, p_meter, p_cost, p_at, false) AS x;
    status := c.status;
    quota_window := c.quota_window;
    limit_value := c.limit_value;
    used := c.used;
    reset_at := c.reset_at;
    -- As tierc.decide: an allowed charge holds its month row's lock until the transaction ends.
    SELECT w.quota_window, w.limit_value, w.remaining, w.reset_at INTO r
      FROM tierc.tenants t
     CROSS JOIN LATERAL tierc.meter_usage(p_tenant, t.tier, p_meter, p_at) AS w
     WHERE t.id OPERATOR(pg_catalog.=) p_tenant AND w.limit_value IS NOT NULL
     ORDER BY w.remaining, w.n
     LIMIT 1;
    IF FOUND THEN
        rate_window := r.quota_window;
        rate_limit := r.limit_value;
        rate_remaining := r.remaining;
        rate_reset := r.reset_at;
    END IF;
    RETURN NEXT;
END
$tierc$;
