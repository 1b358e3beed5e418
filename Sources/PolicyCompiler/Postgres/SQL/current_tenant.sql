CREATE OR REPLACE FUNCTION tierc.current_tenant()
RETURNS text
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp
AS $tierc$
    -- The tenant set in this transaction, or NULL. After a pooled connection's transaction that ran SET LOCAL
    -- (or tierc.set_tenant) ends, the setting still exists and reads as '', not NULL: hence NULLIF.
    SELECT NULLIF(pg_catalog.current_setting('tierc.tenant', true), '')
$tierc$;
