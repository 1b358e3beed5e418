/// API keys kept in PostgreSQL (docs/postgres.md, "API keys"): `tierc.create_api_key` makes a key from the
/// server's strong random source and returns it once (only its SHA-256 and display prefix are stored),
/// `tierc.revoke_api_key` sets a key's revocation day, `tierc.api_key_list` shows keys by tenant without any
/// secret, and `tierc.grant_key_admin` gives an admin role those three. The application role of
/// `tierc.grant_runtime` can check keys (`tierc.tenant_for_api_key`) and nothing more.
enum PostgresKeyFunctions {
    /// The columns a key made by SQL needs, added in place to a table of an earlier tierc. `origin` tells keys
    /// that tenants.sql loads (and replaces on every load) from keys that `create_api_key` made (which tenants.sql
    /// never touches).
    static let columns = """
        ALTER TABLE tierc.api_keys ADD COLUMN IF NOT EXISTS prefix pg_catalog.text COLLATE pg_catalog."C",
            ADD COLUMN IF NOT EXISTS name pg_catalog.text COLLATE pg_catalog."C",
            ADD COLUMN IF NOT EXISTS created_at pg_catalog.timestamptz,
            ADD COLUMN IF NOT EXISTS last_used_at pg_catalog.timestamptz,
            ADD COLUMN IF NOT EXISTS origin pg_catalog.text COLLATE pg_catalog."C" NOT NULL DEFAULT 'tenants.sql'
                CHECK (origin OPERATOR(pg_catalog.=) ANY (ARRAY['tenants.sql', 'sql']::pg_catalog.text[]));
        """

    /// A new key: `omni_` and 32 bytes in base64url without padding (48 characters). The 32 bytes are the SHA-256
    /// of three `gen_random_uuid()` values (366 bits from the server's `pg_strong_random`), since core PostgreSQL
    /// has no function that returns random bytes. The key is returned once and stored nowhere: the row holds its
    /// hash, its first 9 characters, the label and the time.
    static let createAPIKey = #"""
        CREATE OR REPLACE FUNCTION tierc.create_api_key(p_tenant text, p_name text)
        RETURNS text
        LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
        AS $tierc$
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
        """#

    /// Revokes the key of `p_tenant` whose name is `p_key`, or whose display prefix is `p_key`, from 00:00 UTC of
    /// `p_on` (today, UTC, when NULL); returns the key's prefix. Keys of tenants.sql are revoked in tenants.yaml
    /// (`tierc keys revoke`), since the next tenants.sql would undo a change made here.
    static let revokeAPIKey = #"""
        CREATE OR REPLACE FUNCTION tierc.revoke_api_key(p_tenant text, p_key text, p_on date DEFAULT NULL)
        RETURNS text
        LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
        AS $tierc$
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
        """#

    /// The keys by tenant, without any secret (no hash): where each comes from, its label, prefix, dates, the
    /// last use that `tenant_for_api_key` recorded, and whether it identifies its tenant today (UTC).
    static let listView = #"""
        CREATE OR REPLACE VIEW tierc.api_key_list AS
        SELECT k.tenant, k.name, k.prefix, k.origin, k.created_at, k.revoked_on, k.last_used_at,
               CASE WHEN k.revoked_on IS NOT NULL
                     AND k.revoked_on OPERATOR(pg_catalog.<=) pg_catalog.date(pg_catalog.timezone('UTC', pg_catalog.now()))
                    THEN 'revoked' ELSE 'active' END AS state
          FROM tierc.api_keys k;
        """#

    /// Lets an admin role create, revoke and list keys (and nothing else): the application role stays with
    /// `tierc.grant_runtime`, which can check a key but never make or revoke one.
    static let grantKeyAdmin = #"""
        CREATE OR REPLACE FUNCTION tierc.grant_key_admin(p_role regrole)
        RETURNS void
        LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, pg_temp
        AS $tierc$
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
        """#

    static let all = [createAPIKey, revokeAPIKey, listView, grantKeyAdmin]
}
