CREATE OR REPLACE FUNCTION tierc.prune_counters(p_before timestamptz)
RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $tierc$
-- Deletes the earlier minute, hour and day windows (usage_windows) that ended at or before p_before. Month
-- rows stay: they are the invoices' quantities, and hold only the latest window of each kind. A request dated
-- inside a pruned window later counts from zero.
DECLARE
    v_deleted bigint;
BEGIN
    IF p_before IS NULL THEN
        RAISE EXCEPTION 'tierc.prune_counters: p_before must not be NULL' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    DELETE FROM tierc.usage_windows c
     WHERE (c.window_kind OPERATOR(pg_catalog.=) 'minute' AND c.window_start OPERATOR(pg_catalog.<=) (p_before OPERATOR(pg_catalog.-) interval '1 minute'))
        OR (c.window_kind OPERATOR(pg_catalog.=) 'hour' AND c.window_start OPERATOR(pg_catalog.<=) (p_before OPERATOR(pg_catalog.-) interval '1 hour'))
        OR (c.window_kind OPERATOR(pg_catalog.=) 'day' AND c.window_start OPERATOR(pg_catalog.<=) (p_before OPERATOR(pg_catalog.-) interval '24 hours'));
    GET DIAGNOSTICS v_deleted = ROW_COUNT;
    RETURN v_deleted;
END
$tierc$;
