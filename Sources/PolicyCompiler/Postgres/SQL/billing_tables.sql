-- The tenants' billing data (docs/simulation.md, fine points 7.29 and 7.31), loaded by tenants.sql next to
-- the directory: a subscription's first and last day (inclusive, UTC; a tenant without a row, or a NULL, is
-- unbounded on that side) and the discounts in tenants.yaml order, each active from from_month (the first of a
-- month) for months months. Keyed by tenant id without a foreign key, like the usage tables: the directory may
-- be truncated or reloaded on its own, and tenants.sql replaces these rows with it.
CREATE TABLE IF NOT EXISTS tierc.subscriptions (
    tenant pg_catalog.text COLLATE pg_catalog."C" PRIMARY KEY,
    since pg_catalog.date,
    until pg_catalog.date,
    CHECK (since IS NULL OR until IS NULL OR since OPERATOR(pg_catalog.<=) until)
);
CREATE TABLE IF NOT EXISTS tierc.tenant_discounts (
    tenant pg_catalog.text COLLATE pg_catalog."C" NOT NULL,
    ordinal pg_catalog.int4 NOT NULL,
    percent pg_catalog.numeric NOT NULL CHECK (percent OPERATOR(pg_catalog.>) 0 AND percent OPERATOR(pg_catalog.<=) 100),
    from_month pg_catalog.date NOT NULL CHECK (pg_catalog.date_part('day', from_month) OPERATOR(pg_catalog.=) 1),
    months pg_catalog.int8 NOT NULL CHECK (months OPERATOR(pg_catalog.>=) 1),
    PRIMARY KEY (tenant, ordinal)
);
