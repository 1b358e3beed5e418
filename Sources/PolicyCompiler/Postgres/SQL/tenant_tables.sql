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
