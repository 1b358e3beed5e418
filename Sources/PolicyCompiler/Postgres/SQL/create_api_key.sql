CREATE OR REPLACE FUNCTION tierc.create_api_key(p_tenant text, p_name text)
RETURNS text
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $tierc$
-- A new key (docs/postgres.md#api-keys): omni_ and 32 bytes in base64url without padding (48 characters).
-- The 32 bytes are the SHA-256 of three gen_random_uuid() values (366 bits from the server's pg_strong_random),
-- since core PostgreSQL has no function that returns random bytes. The key is returned once and stored nowhere:
-- the row holds its hash, its first 9 characters, the label and the time.
DECLARE
    v_random pg_catalog.bytea;
    v_key pg_catalog.text;
BEGIN
    IF p_tenant IS NULL OR NOT EXISTS (SELECT 1 FROM tierc.tenants t WHERE t.id OPERATOR(pg_catalog.=) p_tenant) THEN
        RAISE EXCEPTION 'tierc.create_api_key: unknown tenant %', pg_catalog.quote_nullable(p_tenant)
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF p_name OPERATOR(pg_catalog.~) '[[:cntrl:]]' OR p_name OPERATOR(pg_catalog.=) '' THEN
        RAISE EXCEPTION 'tierc.create_api_key: the name must be NULL or one line of printable text'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    v_random := pg_catalog.sha256(pg_catalog.decode(pg_catalog.translate(
        pg_catalog.concat(pg_catalog.gen_random_uuid(), pg_catalog.gen_random_uuid(), pg_catalog.gen_random_uuid()),
        '-', ''), 'hex'));
    v_key := pg_catalog.concat('omni_', pg_catalog.translate(pg_catalog.rtrim(pg_catalog.encode(v_random, 'base64'), '='), '+/', '-_'));
    INSERT INTO tierc.api_keys (key_hash, tenant, prefix, name, created_at, origin)
    VALUES (pg_catalog.encode(pg_catalog.sha256(pg_catalog.convert_to(v_key, 'UTF8')), 'hex'), p_tenant,
            pg_catalog.left(v_key, 9), p_name, pg_catalog.now(), 'sql');
    RETURN v_key;
END
$tierc$;
