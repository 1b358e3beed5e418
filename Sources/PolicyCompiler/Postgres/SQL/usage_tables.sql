-- Usage (docs/postgres.md#schema): never dropped, never emptied by a load, written by the decisions only
-- (no CHECK constraints: they would be re-read on every update). usage_months holds one row per tenant, counter
-- meter and UTC month: the month's count (the invoice quantity), for each limited shorter kind the latest window
-- of that month with its count, so that a decision updates one row, and the fast path's stamp (tier and rules
-- generation, check_request.sql). usage_windows holds the earlier minute, hour and day windows. Month rows keep
-- room for their frequent updates to stay on their page (HOT updates, no index churn).
CREATE TABLE IF NOT EXISTS tierc.usage_months (
    tenant pg_catalog.text COLLATE pg_catalog."C" NOT NULL,
    meter pg_catalog.text COLLATE pg_catalog."C" NOT NULL,
    month_start pg_catalog.timestamptz NOT NULL,
    used pg_catalog.int8 NOT NULL,
    day_start pg_catalog.timestamptz,
    day_used pg_catalog.int8,
    hour_start pg_catalog.timestamptz,
    hour_used pg_catalog.int8,
    minute_start pg_catalog.timestamptz,
    minute_used pg_catalog.int8,
    tier pg_catalog.text COLLATE pg_catalog."C",
    generation pg_catalog.int8,
    PRIMARY KEY (tenant, month_start, meter)
) WITH (fillfactor = 70);
CREATE TABLE IF NOT EXISTS tierc.usage_windows (
    tenant pg_catalog.text COLLATE pg_catalog."C" NOT NULL,
    meter pg_catalog.text COLLATE pg_catalog."C" NOT NULL,
    window_kind pg_catalog.text COLLATE pg_catalog."C" NOT NULL,
    window_start pg_catalog.timestamptz NOT NULL,
    used pg_catalog.int8 NOT NULL,
    PRIMARY KEY (tenant, meter, window_kind, window_start)
);
CREATE TABLE IF NOT EXISTS tierc.gauge_readings (
    tenant pg_catalog.text COLLATE pg_catalog."C" NOT NULL,
    meter pg_catalog.text COLLATE pg_catalog."C" NOT NULL,
    read_at pg_catalog.timestamptz NOT NULL,
    value pg_catalog.numeric NOT NULL CHECK (value OPERATOR(pg_catalog.>=) 0)
);
CREATE INDEX IF NOT EXISTS gauge_readings_by_tenant ON tierc.gauge_readings (tenant, meter, read_at);
