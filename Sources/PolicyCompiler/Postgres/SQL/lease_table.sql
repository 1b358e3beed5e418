-- One row per lease not yet returned (docs/postgres.md#leases), keyed by tenant first
-- (docs/postgres.md#distributing-on-citus). The window starts name the windows it was counted in (NULL: the
-- tier did not limit that kind when it was granted). Rows of an instance that crashed stay until
-- tierc.expire_leases; their units stay counted.
CREATE SEQUENCE IF NOT EXISTS tierc.lease_ids;
CREATE TABLE IF NOT EXISTS tierc.leases (
    tenant pg_catalog.text COLLATE pg_catalog."C" NOT NULL,
    lease_id pg_catalog.int8 NOT NULL,
    meter pg_catalog.text COLLATE pg_catalog."C" NOT NULL,
    holder pg_catalog.text NOT NULL,
    granted pg_catalog.int8 NOT NULL,
    reserved_at pg_catalog.timestamptz NOT NULL,
    month_start pg_catalog.timestamptz NOT NULL,
    day_start pg_catalog.timestamptz,
    hour_start pg_catalog.timestamptz,
    minute_start pg_catalog.timestamptz,
    valid_until pg_catalog.timestamptz NOT NULL,
    created_at pg_catalog.timestamptz NOT NULL DEFAULT pg_catalog.now(),
    PRIMARY KEY (tenant, lease_id)
);
