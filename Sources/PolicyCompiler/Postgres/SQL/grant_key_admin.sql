CREATE OR REPLACE FUNCTION tierc.grant_key_admin(p_role regrole)
RETURNS void
LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, pg_temp
AS $tierc$
-- Lets an admin role create, revoke and list keys, and nothing else (docs/postgres.md#api-keys): the
-- application role stays with tierc.grant_runtime, which can check a key but never make or revoke one.
BEGIN
    IF p_role IS NULL THEN
        RAISE EXCEPTION 'tierc.grant_key_admin: p_role must not be NULL' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    EXECUTE pg_catalog.format('GRANT USAGE ON SCHEMA tierc TO %s', p_role);
    EXECUTE pg_catalog.format('GRANT EXECUTE ON FUNCTION tierc.create_api_key(text, text), '
                   'tierc.revoke_api_key(text, text, date) TO %s', p_role);
    EXECUTE pg_catalog.format('GRANT SELECT ON tierc.api_key_list TO %s', p_role);
END
$tierc$;
