-- The tenant directory, loaded by tenants.sql (docs/postgres.md#schema). A tenant's tier is not a foreign
-- key: a revision may drop a tier, and its tenants are then refused (401) until the directory moves them. A
-- key's revoked_on is the revoked date of its keys: entry (docs/policy-format.md#keys-entries), added to the
-- tables of an earlier tierc in place, as are the columns a key made by SQL needs (docs/postgres.md#api-keys):
-- origin tells keys that tenants.sql loads (and replaces on every load) from keys that create_api_key made
-- (which tenants.sql never touches).
CREATE TABLE IF NOT EXISTS tierc.tenants (
    id pg_catalog.text COLLATE pg_catalog."C" PRIMARY KEY,
    tier pg_catalog.text COLLATE pg_catalog."C" NOT NULL,
    subdomain pg_catalog.text COLLATE pg_catalog."C" NOT NULL
);
CREATE TABLE IF NOT EXISTS tierc.api_keys (
    key_hash pg_catalog.text COLLATE pg_catalog."C" PRIMARY KEY CHECK (key_hash OPERATOR(pg_catalog.~) '^[0-9a-f]{64}$'),
    tenant pg_catalog.text COLLATE pg_catalog."C" NOT NULL REFERENCES tierc.tenants (id) ON DELETE CASCADE
);
ALTER TABLE tierc.api_keys ADD COLUMN IF NOT EXISTS revoked_on pg_catalog.date;
ALTER TABLE tierc.api_keys ADD COLUMN IF NOT EXISTS prefix pg_catalog.text COLLATE pg_catalog."C",
    ADD COLUMN IF NOT EXISTS name pg_catalog.text COLLATE pg_catalog."C",
    ADD COLUMN IF NOT EXISTS created_at pg_catalog.timestamptz,
    ADD COLUMN IF NOT EXISTS last_used_at pg_catalog.timestamptz,
    ADD COLUMN IF NOT EXISTS origin pg_catalog.text COLLATE pg_catalog."C" NOT NULL DEFAULT 'tenants.sql'
        CHECK (origin OPERATOR(pg_catalog.=) ANY (ARRAY['tenants.sql', 'sql']::pg_catalog.text[]));
