CREATE OR REPLACE FUNCTION tierc.revoke_api_key(p_tenant text, p_key text, p_on date DEFAULT NULL)
RETURNS text
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $tierc$
-- Revokes the key of p_tenant whose name is p_key, or whose display prefix is p_key, from 00:00 UTC of p_on
-- (today, UTC, when NULL); returns the key's prefix (docs/postgres.md#api-keys). Keys of tenants.sql are revoked
-- in tenants.yaml (tierc keys revoke), since the next tenants.sql would undo a change made here.
DECLARE
    v_found pg_catalog.int8;
    v_hash pg_catalog.text;
    v_origin pg_catalog.text;
    v_revoked pg_catalog.date;
    v_prefix pg_catalog.text;
BEGIN
    SELECT pg_catalog.count(*), pg_catalog.min(k.key_hash) INTO v_found, v_hash FROM tierc.api_keys k
     WHERE k.tenant OPERATOR(pg_catalog.=) p_tenant
       AND (k.name OPERATOR(pg_catalog.=) p_key OR k.prefix OPERATOR(pg_catalog.=) p_key);
    IF v_found OPERATOR(pg_catalog.<>) 1 THEN
        RAISE EXCEPTION 'tierc.revoke_api_key: tenant % has % keys named or prefixed %; exactly one must match',
            pg_catalog.quote_nullable(p_tenant), v_found, pg_catalog.quote_nullable(p_key)
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    SELECT k.origin, k.revoked_on, k.prefix INTO v_origin, v_revoked, v_prefix FROM tierc.api_keys k
     WHERE k.key_hash OPERATOR(pg_catalog.=) v_hash FOR UPDATE;
    IF v_origin OPERATOR(pg_catalog.<>) 'sql' THEN
        RAISE EXCEPTION 'tierc.revoke_api_key: key % of tenant % comes from tenants.yaml', pg_catalog.quote_nullable(p_key),
            pg_catalog.quote_nullable(p_tenant)
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'revoke it with `tierc keys revoke` and apply the new tenants.sql: the next tenants.sql would undo a change made here';
    END IF;
    IF v_revoked IS NOT NULL THEN
        RAISE EXCEPTION 'tierc.revoke_api_key: key % of tenant % is already revoked (on %)', pg_catalog.quote_nullable(p_key),
            pg_catalog.quote_nullable(p_tenant), v_revoked
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    UPDATE tierc.api_keys k
       SET revoked_on = COALESCE(p_on, pg_catalog.date(pg_catalog.timezone('UTC', pg_catalog.now())))
     WHERE k.key_hash OPERATOR(pg_catalog.=) v_hash;
    RETURN v_prefix;
END
$tierc$;
