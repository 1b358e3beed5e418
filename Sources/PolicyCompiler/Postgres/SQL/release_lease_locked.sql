CREATE OR REPLACE FUNCTION tierc.release_lease_locked(p_tenant text, p_lease bigint, p_unused bigint)
RETURNS bigint
LANGUAGE plpgsql VOLATILE STRICT SET search_path = pg_catalog, pg_temp
AS $tierc$
-- Takes a lease's unused rest back from every window it was counted in, the caller holding the lease's
-- month row lock (docs/postgres.md#leases): deletes the lease row (none left: already returned, returns 0) and
-- subtracts from the month and from each window it spans, wherever that window's count now lives (still the
-- month row's latest, or moved to usage_windows). Never below 0. Not granted to anyone: return_quota and
-- reserve_quota run it as the owner.
DECLARE
    l record;
    q record;
BEGIN
    DELETE FROM tierc.leases x
     WHERE x.tenant OPERATOR(pg_catalog.=) p_tenant AND x.lease_id OPERATOR(pg_catalog.=) p_lease
    RETURNING x.* INTO l;
    IF NOT FOUND THEN
        RETURN 0;
    END IF;
    IF p_unused OPERATOR(pg_catalog.<) 0 OR p_unused OPERATOR(pg_catalog.>) l.granted THEN
        RAISE EXCEPTION 'tierc: lease % cannot return % units: between 0 and the % it holds', p_lease, p_unused, l.granted
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF p_unused OPERATOR(pg_catalog.=) 0 THEN
        RETURN 0;
    END IF;
    SELECT m.day_start, m.hour_start, m.minute_start INTO q FROM tierc.usage_months m
     WHERE m.tenant OPERATOR(pg_catalog.=) p_tenant AND m.meter OPERATOR(pg_catalog.=) l.meter
       AND m.month_start OPERATOR(pg_catalog.=) l.month_start;
    UPDATE tierc.usage_months m
       SET used = pg_catalog.int8larger(0, m.used OPERATOR(pg_catalog.-) p_unused),
           day_used = CASE WHEN m.day_start OPERATOR(pg_catalog.=) l.day_start
                           THEN pg_catalog.int8larger(0, m.day_used OPERATOR(pg_catalog.-) p_unused) ELSE m.day_used END,
           hour_used = CASE WHEN m.hour_start OPERATOR(pg_catalog.=) l.hour_start
                            THEN pg_catalog.int8larger(0, m.hour_used OPERATOR(pg_catalog.-) p_unused) ELSE m.hour_used END,
           minute_used = CASE WHEN m.minute_start OPERATOR(pg_catalog.=) l.minute_start
                              THEN pg_catalog.int8larger(0, m.minute_used OPERATOR(pg_catalog.-) p_unused) ELSE m.minute_used END
     WHERE m.tenant OPERATOR(pg_catalog.=) p_tenant AND m.meter OPERATOR(pg_catalog.=) l.meter
       AND m.month_start OPERATOR(pg_catalog.=) l.month_start;
    UPDATE tierc.usage_windows w
       SET used = pg_catalog.int8larger(0, w.used OPERATOR(pg_catalog.-) p_unused)
     WHERE w.tenant OPERATOR(pg_catalog.=) p_tenant AND w.meter OPERATOR(pg_catalog.=) l.meter
       AND ((w.window_kind OPERATOR(pg_catalog.=) 'day' AND w.window_start OPERATOR(pg_catalog.=) l.day_start
             AND q.day_start IS DISTINCT FROM l.day_start)
         OR (w.window_kind OPERATOR(pg_catalog.=) 'hour' AND w.window_start OPERATOR(pg_catalog.=) l.hour_start
             AND q.hour_start IS DISTINCT FROM l.hour_start)
         OR (w.window_kind OPERATOR(pg_catalog.=) 'minute' AND w.window_start OPERATOR(pg_catalog.=) l.minute_start
             AND q.minute_start IS DISTINCT FROM l.minute_start));
    RETURN p_unused;
END
$tierc$;
