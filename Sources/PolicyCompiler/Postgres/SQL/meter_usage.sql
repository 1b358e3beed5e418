CREATE OR REPLACE FUNCTION tierc.meter_usage(p_tenant text, p_tier text, p_meter text, p_at timestamptz)
RETURNS TABLE (n integer, quota_window text, window_start timestamptz, used bigint, limit_value bigint,
               remaining bigint, reset_at timestamptz)
LANGUAGE sql STABLE STRICT SET search_path = pg_catalog, pg_temp
AS $tierc$
    -- The windows of one counter meter for a tier at p_at: the month always (its count is the invoice quantity),
    -- and each shorter window that the tier limits on that meter, month -> day -> hour -> minute (n 1 to 4, the
    -- order in which check_request checks them). limit_value and remaining are NULL for an unlimited month;
    -- remaining is max(0, limit - used), as the runtime's X-RateLimit-Remaining. Not granted to anyone.
    SELECT k.n, k.kind, s.start, u.used, l.limit_value,
           pg_catalog.int8larger(0, l.limit_value OPERATOR(pg_catalog.-) u.used),
           ((s.start AT TIME ZONE 'UTC') OPERATOR(pg_catalog.+) k.span) AT TIME ZONE 'UTC'
      FROM (VALUES (1, 'month', '1 month'::pg_catalog.interval), (2, 'day', '1 day'::pg_catalog.interval),
                   (3, 'hour', '1 hour'::pg_catalog.interval), (4, 'minute', '1 minute'::pg_catalog.interval))
           AS k (n, kind, span)
      LEFT JOIN tierc.limits l
        ON l.tier OPERATOR(pg_catalog.=) p_tier AND l.meter OPERATOR(pg_catalog.=) p_meter
       AND l.window_kind OPERATOR(pg_catalog.=) k.kind
     CROSS JOIN LATERAL (SELECT pg_catalog.date_trunc(k.kind, p_at, 'UTC') AS start) AS s
     CROSS JOIN LATERAL (SELECT tierc.window_used(p_tenant, p_meter, k.kind, p_at) AS used) AS u
     WHERE k.kind OPERATOR(pg_catalog.=) 'month' OR l.limit_value IS NOT NULL
     ORDER BY k.n
$tierc$;
