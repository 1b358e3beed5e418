CREATE OR REPLACE FUNCTION tierc.tenant_for_api_key(p_key text)
RETURNS text
LANGUAGE plpgsql VOLATILE STRICT SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $tierc$
-- The tenant owning an API key, by the key's SHA-256 (the raw key is never stored); NULL when none, and for
-- a key revoked on or before today (UTC): from 00:00 UTC of its revoked_on day a key identifies nobody
-- (docs/policy-format.md#keys-entries). It records the key's last use, at most once a minute per key and
-- without waiting: a row another call is updating is skipped, and on a read-only standby nothing is written.
DECLARE
    v_hash pg_catalog.text := pg_catalog.encode(pg_catalog.sha256(pg_catalog.convert_to(p_key, 'UTF8')), 'hex');
    v_tenant pg_catalog.text;
    v_used pg_catalog.timestamptz;
BEGIN
    SELECT k.tenant, k.last_used_at INTO v_tenant, v_used
      FROM tierc.api_keys k
     WHERE k.key_hash OPERATOR(pg_catalog.=) v_hash
       AND (k.revoked_on IS NULL
            OR k.revoked_on OPERATOR(pg_catalog.>) pg_catalog.date(pg_catalog.timezone('UTC', pg_catalog.now())));
    IF v_tenant IS NOT NULL AND (v_used IS NULL
            OR v_used OPERATOR(pg_catalog.<) (pg_catalog.now() OPERATOR(pg_catalog.-) '1 minute'::pg_catalog.interval)) THEN
        BEGIN
            UPDATE tierc.api_keys k SET last_used_at = pg_catalog.now()
             WHERE k.key_hash OPERATOR(pg_catalog.=) (
                   SELECT l.key_hash FROM tierc.api_keys l WHERE l.key_hash OPERATOR(pg_catalog.=) v_hash
                      AND (l.last_used_at IS NULL
                           OR l.last_used_at OPERATOR(pg_catalog.<) (pg_catalog.now() OPERATOR(pg_catalog.-) '1 minute'::pg_catalog.interval))
                      FOR UPDATE SKIP LOCKED);
        EXCEPTION WHEN read_only_sql_transaction THEN
            NULL;
        END;
    END IF;
    RETURN v_tenant;
END
$tierc$;
