CREATE OR REPLACE FUNCTION tierc.record_usage(p_tenant text, p_meter text, p_cost bigint, p_at timestamptz)
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $tierc$
-- Counts an admitted cost without refusing anything: what tierc serve --on-store-error allow admitted while
-- the database was away, written back when it returns (docs/serve.md#when-the-database-is-away). The same checks
-- of its arguments as charge, the same windows counted; returns nothing.
BEGIN
    IF p_tenant IS NULL OR p_meter IS NULL OR p_cost IS NULL OR p_at IS NULL THEN
        RAISE EXCEPTION 'tierc.record_usage: p_tenant, p_meter, p_cost and p_at must not be NULL'
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF p_cost OPERATOR(pg_catalog.<) 1 THEN
        RAISE EXCEPTION 'tierc.record_usage: p_cost must be at least 1, not % (a request of cost 0 is not charged)', p_cost
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF NOT (p_at OPERATOR(pg_catalog.>=) '0001-01-01 00:00:00+00'::pg_catalog.timestamptz
            AND p_at OPERATOR(pg_catalog.<) '10000-01-01 00:00:00+00'::pg_catalog.timestamptz) THEN
        RAISE EXCEPTION 'tierc.record_usage: p_at must be a finite time in the years 0001 to 9999 (UTC), not %', p_at
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM tierc.meters m
                    WHERE m.id OPERATOR(pg_catalog.=) p_meter AND m.kind OPERATOR(pg_catalog.=) 'counter') THEN
        RAISE EXCEPTION 'tierc.record_usage: % is not a counter meter of the loaded policy', pg_catalog.quote_literal(p_meter)
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    PERFORM tierc.charge_counter(p_tenant, p_meter, p_cost, p_at, true);
END
$tierc$;
