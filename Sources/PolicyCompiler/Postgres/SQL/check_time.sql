CREATE OR REPLACE FUNCTION tierc.check_time(p_function text, p_at timestamptz)
RETURNS boolean
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp
AS $tierc$
-- Refuses a time outside the simulator's range (docs/postgres.md#statuses-and-errors): a finite time in the years
-- 0001 to 9999 (UTC); infinity is outside it too. p_function, the caller's name, starts the message, so that the
-- error reads as the caller's own. A NULL p_at passes: the callers refuse NULLs first. The argument check of
-- charge, record_usage, usage, reserve_quota and record_gauge; check_request keeps its own copy inline, so that its
-- fast path costs one UPDATE and no call. Not granted to anyone. It returns true, so that callers assign it
-- (v_checked := tierc.check_time(...)): PL/pgSQL evaluates an assignment as a simple expression, where PERFORM
-- would run a query through the executor, several times the cost of the check.
BEGIN
    IF NOT (p_at OPERATOR(pg_catalog.>=) '0001-01-01 00:00:00+00'::pg_catalog.timestamptz
            AND p_at OPERATOR(pg_catalog.<) '10000-01-01 00:00:00+00'::pg_catalog.timestamptz) THEN
        RAISE EXCEPTION '%: p_at must be a finite time in the years 0001 to 9999 (UTC), not %', p_function, p_at
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    RETURN true;
END
$tierc$;
