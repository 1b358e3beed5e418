CREATE OR REPLACE FUNCTION tierc.record_usage(p_tenant text, p_meter text, p_cost bigint, p_at timestamptz)
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $tierc$
-- Counts an admitted cost without refusing anything: what tierc serve --on-store-error allow admitted while
-- the database was away, written back when it returns (docs/serve.md#when-the-database-is-away). The same checks
-- of its arguments as charge (tierc.check_charge), the same windows counted; returns nothing.
DECLARE
    v_checked boolean;
BEGIN
    v_checked := tierc.check_charge('tierc.record_usage', p_tenant, p_meter, p_cost, p_at);
    PERFORM tierc.charge_counter(p_tenant, p_meter, p_cost, p_at, true);
END
$tierc$;
