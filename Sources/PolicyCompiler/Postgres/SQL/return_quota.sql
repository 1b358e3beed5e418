CREATE OR REPLACE FUNCTION tierc.return_quota(p_tenant text, p_lease bigint, p_unused bigint)
RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $tierc$
-- Returns the unused rest of a lease (at its window's end, on reload, on shutdown) and returns the units
-- given back: 0 for a lease already returned or expired by expire_leases, so a retry is harmless
-- (docs/postgres.md#leases). It takes the month row's lock first, as every decision of this counter does: the
-- lease functions lock month rows in ascending month_start order, the only row locks a decision takes, so they
-- cannot deadlock each other or check_request.
DECLARE
    l record;
BEGIN
    IF p_tenant IS NULL OR p_lease IS NULL OR p_unused IS NULL THEN
        RAISE EXCEPTION 'tierc.return_quota: p_tenant, p_lease and p_unused must not be NULL'
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF p_unused OPERATOR(pg_catalog.<) 0 THEN
        RAISE EXCEPTION 'tierc.return_quota: p_unused must be 0 or more, not %', p_unused
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    SELECT x.meter, x.month_start INTO l FROM tierc.leases x
     WHERE x.tenant OPERATOR(pg_catalog.=) p_tenant AND x.lease_id OPERATOR(pg_catalog.=) p_lease;
    IF NOT FOUND THEN
        RETURN 0;
    END IF;
    -- The month row's lock first, as every decision of this counter takes it.
    PERFORM 1 FROM tierc.usage_months m
      WHERE m.tenant OPERATOR(pg_catalog.=) p_tenant AND m.meter OPERATOR(pg_catalog.=) l.meter
        AND m.month_start OPERATOR(pg_catalog.=) l.month_start
      FOR UPDATE;
    RETURN tierc.release_lease_locked(p_tenant, p_lease, p_unused);
END
$tierc$;
