CREATE OR REPLACE FUNCTION tierc.set_tenant(p_tenant text)
RETURNS void
LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, pg_temp
AS $tierc$
-- Sets the tenant for the rest of the current transaction only, safe on pooled connections
-- (docs/postgres.md#row-level-security-with-pooled-connections): the current tenant lives in the
-- transaction-local setting tierc.tenant, and a policy on each tenant table compares a column with it.
BEGIN
    IF p_tenant IS NULL OR p_tenant OPERATOR(pg_catalog.=) '' THEN
        RAISE EXCEPTION 'tierc.set_tenant: the tenant must be a non-empty id'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    PERFORM pg_catalog.set_config('tierc.tenant', p_tenant, true);
END
$tierc$;
