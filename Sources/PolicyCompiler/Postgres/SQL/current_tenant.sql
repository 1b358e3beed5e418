CREATE OR REPLACE FUNCTION tierc.current_tenant()
RETURNS text
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp
AS $tierc$
    SELECT NULLIF(pg_catalog.current_setting('tierc.tenant', true), '')
$tierc$;
