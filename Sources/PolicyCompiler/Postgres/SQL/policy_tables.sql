-- The policy as data (docs/postgres.md#schema): replaced as a whole by each revision (begin_revision).
-- decision_rules is derived from the others at load (derive_decision_rules): one row per tier and route for the
-- request path. Every statement is idempotent (IF NOT EXISTS): applying a script again, or a later revision,
-- never drops a table, so usage survives. Identifier columns use the "C" collation: byte comparisons, as in the
-- Swift runtime, on any cluster locale. The constraints of usage_prices are named (the scheme, and which of
-- flat_price, the unit price or the price of a package, and package_size each scheme has), so that upgrade.sql
-- can replace them; they come from usage_price_constraints.fragment.sql.
CREATE TABLE IF NOT EXISTS tierc.policy_info (
    singleton pg_catalog.bool PRIMARY KEY DEFAULT true CHECK (singleton),
    name pg_catalog.text NOT NULL,
    format pg_catalog.int4 NOT NULL,
    fingerprint pg_catalog.text NOT NULL,
    revision pg_catalog.numeric(20, 0) NOT NULL,
    currency pg_catalog.text NOT NULL,
    minor_units pg_catalog.int4 NOT NULL CHECK (minor_units OPERATOR(pg_catalog.>=) 0 AND minor_units OPERATOR(pg_catalog.<=) 4),
    rounding pg_catalog.text NOT NULL CHECK (rounding OPERATOR(pg_catalog.=) 'half_up' OR rounding OPERATOR(pg_catalog.=) 'half_even'),
    default_meter pg_catalog.text COLLATE pg_catalog."C",
    identification_order pg_catalog.text[] NOT NULL,
    api_key_scheme pg_catalog.text NOT NULL,
    header_names pg_catalog.text[] NOT NULL,
    base_domain pg_catalog.text,
    query_param pg_catalog.text NOT NULL,
    require_tenant pg_catalog.bool NOT NULL,
    loaded_at pg_catalog.timestamptz NOT NULL DEFAULT pg_catalog.now()
);
CREATE TABLE IF NOT EXISTS tierc.meters (
    id pg_catalog.text COLLATE pg_catalog."C" PRIMARY KEY,
    ordinal pg_catalog.int4 NOT NULL UNIQUE,
    kind pg_catalog.text NOT NULL CHECK (kind OPERATOR(pg_catalog.=) 'counter' OR kind OPERATOR(pg_catalog.=) 'gauge'),
    unit pg_catalog.text
);
CREATE TABLE IF NOT EXISTS tierc.features (
    id pg_catalog.text COLLATE pg_catalog."C" PRIMARY KEY,
    ordinal pg_catalog.int4 NOT NULL UNIQUE,
    description pg_catalog.text
);
CREATE TABLE IF NOT EXISTS tierc.tiers (
    id pg_catalog.text COLLATE pg_catalog."C" PRIMARY KEY,
    ordinal pg_catalog.int4 NOT NULL UNIQUE,
    name pg_catalog.text NOT NULL,
    parent pg_catalog.text COLLATE pg_catalog."C",
    price pg_catalog.numeric NOT NULL CHECK (price OPERATOR(pg_catalog.>=) 0),
    minimum pg_catalog.numeric CHECK (minimum OPERATOR(pg_catalog.>=) 0)
);
CREATE TABLE IF NOT EXISTS tierc.tier_features (
    tier pg_catalog.text COLLATE pg_catalog."C" NOT NULL REFERENCES tierc.tiers (id),
    feature pg_catalog.text COLLATE pg_catalog."C" NOT NULL REFERENCES tierc.features (id),
    PRIMARY KEY (tier, feature)
);
CREATE TABLE IF NOT EXISTS tierc.limits (
    tier pg_catalog.text COLLATE pg_catalog."C" NOT NULL REFERENCES tierc.tiers (id),
    meter pg_catalog.text COLLATE pg_catalog."C" NOT NULL REFERENCES tierc.meters (id),
    window_kind pg_catalog.text COLLATE pg_catalog."C" NOT NULL CHECK (window_kind OPERATOR(pg_catalog.=) ANY (ARRAY['minute', 'hour', 'day', 'month'])),
    limit_value pg_catalog.int8 NOT NULL CHECK (limit_value OPERATOR(pg_catalog.>=) 0),
    PRIMARY KEY (tier, meter, window_kind)
);
CREATE TABLE IF NOT EXISTS tierc.gauge_limits (
    tier pg_catalog.text COLLATE pg_catalog."C" NOT NULL REFERENCES tierc.tiers (id),
    meter pg_catalog.text COLLATE pg_catalog."C" NOT NULL REFERENCES tierc.meters (id),
    level pg_catalog.numeric NOT NULL,
    PRIMARY KEY (tier, meter)
);
CREATE TABLE IF NOT EXISTS tierc.routes (
    ordinal pg_catalog.int4 PRIMARY KEY,
    match pg_catalog.text NOT NULL,
    literal_prefix pg_catalog.text COLLATE pg_catalog."C" NOT NULL,
    match_regex pg_catalog.text COLLATE pg_catalog."C" NOT NULL,
    feature pg_catalog.text COLLATE pg_catalog."C" REFERENCES tierc.features (id),
    meter pg_catalog.text COLLATE pg_catalog."C" REFERENCES tierc.meters (id),
    cost pg_catalog.int8 NOT NULL CHECK (cost OPERATOR(pg_catalog.>=) 0)
);
CREATE TABLE IF NOT EXISTS tierc.usage_prices (
    price_id pg_catalog.int4 PRIMARY KEY,
    tier pg_catalog.text COLLATE pg_catalog."C" REFERENCES tierc.tiers (id),
    meter pg_catalog.text COLLATE pg_catalog."C" NOT NULL REFERENCES tierc.meters (id),
    per pg_catalog.int8 NOT NULL CHECK (per OPERATOR(pg_catalog.>) 0),
    scheme pg_catalog.text NOT NULL,
    flat_price pg_catalog.numeric,
    package_size pg_catalog.int8,
    free pg_catalog.numeric NOT NULL DEFAULT 0 CHECK (free OPERATOR(pg_catalog.>=) 0),
    /*{{usage_price_constraints}}*/
);
CREATE TABLE IF NOT EXISTS tierc.price_bands (
    price_id pg_catalog.int4 NOT NULL REFERENCES tierc.usage_prices (price_id),
    ordinal pg_catalog.int4 NOT NULL,
    up_to pg_catalog.numeric,
    price pg_catalog.numeric NOT NULL,
    flat pg_catalog.numeric NOT NULL DEFAULT 0 CHECK (flat OPERATOR(pg_catalog.>=) 0),
    PRIMARY KEY (price_id, ordinal)
);
CREATE TABLE IF NOT EXISTS tierc.decision_rules (
    tier pg_catalog.text COLLATE pg_catalog."C" NOT NULL REFERENCES tierc.tiers (id),
    route pg_catalog.int4 NOT NULL,
    granted pg_catalog.bool NOT NULL,
    meter pg_catalog.text COLLATE pg_catalog."C" REFERENCES tierc.meters (id),
    cost pg_catalog.int8 NOT NULL,
    month_limit pg_catalog.int8,
    day_limit pg_catalog.int8,
    hour_limit pg_catalog.int8,
    minute_limit pg_catalog.int8,
    metered pg_catalog.bool NOT NULL,
    month_cap pg_catalog.int8 NOT NULL,
    day_cap pg_catalog.int8,
    hour_cap pg_catalog.int8,
    minute_cap pg_catalog.int8,
    generation pg_catalog.int8 NOT NULL,
    PRIMARY KEY (tier, route)
);
CREATE SEQUENCE IF NOT EXISTS tierc.rule_generation;
