-- tenants.sql's billing data (since, until, discounts; docs/postgres.md#schema): staged in temporary
-- tables, then merged into tierc.subscriptions and tierc.tenant_discounts after the directory
-- (billing_merge.sql). A tenant without dates or discounts has no row.
CREATE TEMPORARY TABLE tierc_load_subscriptions (
    tenant pg_catalog.text COLLATE pg_catalog."C" PRIMARY KEY,
    since pg_catalog.date,
    until pg_catalog.date
) ON COMMIT DROP;
CREATE TEMPORARY TABLE tierc_load_discounts (
    tenant pg_catalog.text COLLATE pg_catalog."C" NOT NULL,
    ordinal pg_catalog.int4 NOT NULL,
    percent pg_catalog.numeric NOT NULL,
    from_month pg_catalog.date NOT NULL,
    months pg_catalog.int8 NOT NULL,
    PRIMARY KEY (tenant, ordinal)
) ON COMMIT DROP;
