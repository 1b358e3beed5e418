CREATE OR REPLACE FUNCTION tierc.decide(p_tenant text, p_path text, p_at timestamptz)
RETURNS TABLE (status integer, quota_window text, limit_value bigint, used bigint, reset_at timestamptz,
               rate_window text, rate_limit bigint, rate_remaining bigint, rate_reset timestamptz)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $tierc$
#variable_conflict use_column
-- check_request's answer (the same five columns, from the same call) and the X-RateLimit-* values
-- (docs/postgres.md#rate-limit-headers-and-usage): for a metered 200 or 429 whose meter the tenant's tier limits
-- in at least one window, the limited window with the least remaining after the decision, the longer one on a
-- tie (docs/log-format.md, What a runtime sends); NULL otherwise (401, 403, no meter, cost 0, no limited
-- window). An allowed decision holds its month row's lock until the transaction ends, so the counts read here
-- are those this decision left. The route lookup is check_request's (route_ordinal.fragment.sql).
DECLARE
    c record;
    d record;
    r record;
    v_path text;
BEGIN
    -- check_request refuses bad arguments (NULL, a time outside 0001–9999) before anything is counted.
    SELECT x.status, x.quota_window, x.limit_value, x.used, x.reset_at INTO c
      FROM tierc.check_request(p_tenant, p_path, p_at) AS x;
    status := c.status;
    quota_window := c.quota_window;
    limit_value := c.limit_value;
    used := c.used;
    reset_at := c.reset_at;
    IF c.status OPERATOR(pg_catalog.=) 200 OR c.status OPERATOR(pg_catalog.=) 429 THEN
        v_path := '/' OPERATOR(pg_catalog.||) p_path;
        SELECT dr.tier, dr.meter, dr.metered INTO d
          FROM tierc.tenants t
          JOIN tierc.decision_rules dr
            ON dr.tier OPERATOR(pg_catalog.=) t.tier
           AND dr.route OPERATOR(pg_catalog.=) /*{{route_ordinal}}*/
         WHERE t.id OPERATOR(pg_catalog.=) p_tenant;
        IF FOUND AND d.metered THEN
            SELECT w.quota_window, w.limit_value, w.remaining, w.reset_at INTO r
              FROM tierc.meter_usage(p_tenant, d.tier, d.meter, p_at) AS w
             WHERE w.limit_value IS NOT NULL
             ORDER BY w.remaining, w.n
             LIMIT 1;
            IF FOUND THEN
                rate_window := r.quota_window;
                rate_limit := r.limit_value;
                rate_remaining := r.remaining;
                rate_reset := r.reset_at;
            END IF;
        END IF;
    END IF;
    RETURN NEXT;
END
$tierc$;
