CREATE OR REPLACE FUNCTION tierc.expire_leases(p_before timestamptz)
RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $tierc$
-- Forgets the leases whose windows ended at or before p_before and were never returned (an instance that
-- crashed holding them): their units stay counted as used (docs/postgres.md#leases). Returns the number
-- forgotten. Owner only, like prune_counters.
DECLARE
    v_deleted bigint;
BEGIN
    IF p_before IS NULL THEN
        RAISE EXCEPTION 'tierc.expire_leases: p_before must not be NULL' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    DELETE FROM tierc.leases x WHERE x.valid_until OPERATOR(pg_catalog.<=) p_before;
    GET DIAGNOSTICS v_deleted = ROW_COUNT;
    RETURN v_deleted;
END
$tierc$;
