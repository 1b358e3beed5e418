CREATE OR REPLACE FUNCTION tierc.window_used(p_tenant text, p_meter text, p_kind text, p_at timestamptz)
RETURNS bigint
LANGUAGE plpgsql STABLE STRICT SET search_path = pg_catalog, pg_temp
AS $tierc$
-- The count of one window of one tenant's counter meter: the window of kind p_kind (month, day, hour,
-- minute) that contains p_at. The month's count is the month row's; a shorter window is the month row's latest
-- of its kind, an earlier one in usage_windows, and a later one has nothing counted yet (as check_request's
-- general path reads them). Granted by grant_runtime (tierc serve --store postgres's usage endpoint); usage
-- and decide read through it (meter_usage), and reserve_quota. Not SECURITY DEFINER: it reads with the caller's rights.
DECLARE
    q record;
    v_start timestamptz := pg_catalog.date_trunc(p_kind, p_at, 'UTC');
    v_latest timestamptz;
    v_latest_used bigint;
    v_used bigint;
BEGIN
    -- No row: every field of q is NULL (nothing counted this month).
    SELECT m.used, m.day_start, m.day_used, m.hour_start, m.hour_used, m.minute_start, m.minute_used INTO q
      FROM tierc.usage_months m
     WHERE m.tenant OPERATOR(pg_catalog.=) p_tenant AND m.meter OPERATOR(pg_catalog.=) p_meter
       AND m.month_start OPERATOR(pg_catalog.=) pg_catalog.date_trunc('month', p_at, 'UTC');
    IF p_kind OPERATOR(pg_catalog.=) 'month' THEN
        RETURN coalesce(q.used, 0);
    ELSIF p_kind OPERATOR(pg_catalog.=) 'day' THEN
        v_latest := q.day_start;
        v_latest_used := q.day_used;
    ELSIF p_kind OPERATOR(pg_catalog.=) 'hour' THEN
        v_latest := q.hour_start;
        v_latest_used := q.hour_used;
    ELSIF p_kind OPERATOR(pg_catalog.=) 'minute' THEN
        v_latest := q.minute_start;
        v_latest_used := q.minute_used;
    ELSE
        RAISE EXCEPTION 'tierc.window_used: unknown window kind %', pg_catalog.quote_literal(p_kind)
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF v_latest OPERATOR(pg_catalog.=) v_start THEN
        RETURN v_latest_used;
    ELSIF v_latest OPERATOR(pg_catalog.>) v_start THEN
        SELECT w.used INTO v_used FROM tierc.usage_windows w
         WHERE w.tenant OPERATOR(pg_catalog.=) p_tenant AND w.meter OPERATOR(pg_catalog.=) p_meter
           AND w.window_kind OPERATOR(pg_catalog.=) p_kind AND w.window_start OPERATOR(pg_catalog.=) v_start;
    END IF;
    RETURN coalesce(v_used, 0);
END
$tierc$;
