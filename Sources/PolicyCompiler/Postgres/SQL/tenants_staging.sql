-- tenants.sql (docs/postgres.md#schema): the directory goes into temporary tables, then replaces
-- tierc.tenants and tierc.api_keys in place (tenants_merge.sql), so that a reload rewrites nothing that did not
-- change. Key hashes only: the directory never holds a raw key.
CREATE TEMPORARY TABLE tierc_load_tenants (
    id pg_catalog.text COLLATE pg_catalog."C" PRIMARY KEY,
    tier pg_catalog.text COLLATE pg_catalog."C" NOT NULL,
    subdomain pg_catalog.text COLLATE pg_catalog."C" NOT NULL
) ON COMMIT DROP;
CREATE TEMPORARY TABLE tierc_load_api_keys (
    key_hash pg_catalog.text COLLATE pg_catalog."C" PRIMARY KEY,
    tenant pg_catalog.text COLLATE pg_catalog."C" NOT NULL,
    revoked_on pg_catalog.date,
    prefix pg_catalog.text COLLATE pg_catalog."C",
    name pg_catalog.text COLLATE pg_catalog."C",
    created_on pg_catalog.date
) ON COMMIT DROP;
