CREATE OR REPLACE FUNCTION tierc.enable_tenant_isolation(p_table regclass, p_column name DEFAULT 'tenant_id')
RETURNS void
LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, pg_temp
AS $tierc$
-- Enables and forces row-level security on a table (the owner is subject to it too) with one policy for
-- every command: rows are visible and writable only when their tenant column equals the current tenant; with
-- no tenant set, nothing is. The policy compares against NULLIF(..., ''), so a pooled connection whose
-- transaction set a tenant and ended sees no row and raises no error. SECURITY INVOKER: only the table's owner
-- can run it. Running it again is harmless.
DECLARE
    v_type text;
    v_check text;
BEGIN
    IF p_table IS NULL OR p_column IS NULL THEN
        RAISE EXCEPTION 'tierc.enable_tenant_isolation: p_table and p_column must not be NULL'
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    SELECT pg_catalog.format_type(a.atttypid, a.atttypmod) INTO v_type
      FROM pg_attribute a
     WHERE a.attrelid OPERATOR(pg_catalog.=) p_table AND a.attname OPERATOR(pg_catalog.=) p_column AND a.attnum OPERATOR(pg_catalog.>) 0 AND NOT a.attisdropped;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'tierc.enable_tenant_isolation: table % has no column %', p_table, pg_catalog.quote_ident(p_column)
            USING ERRCODE = 'undefined_column';
    END IF;
    v_check := pg_catalog.format('%I = NULLIF(pg_catalog.current_setting(%L, true), %L)::%s',
                      p_column, 'tierc.tenant', '', v_type);
    EXECUTE pg_catalog.format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', p_table);
    EXECUTE pg_catalog.format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', p_table);
    EXECUTE pg_catalog.format('DROP POLICY IF EXISTS tierc_tenant_isolation ON %s', p_table);
    EXECUTE pg_catalog.format('CREATE POLICY tierc_tenant_isolation ON %s FOR ALL USING (%s) WITH CHECK (%s)',
                   p_table, v_check, v_check);
END
$tierc$;
