/// The tables of schema `tierc` (docs/postgres.md describes each). Every statement is idempotent
/// (`IF NOT EXISTS`): applying a script again, or a later revision, never drops a table, so usage survives.
/// Identifier columns use the "C" collation: byte comparisons, as in the Swift runtime, on any cluster locale.
enum PostgresSchema {
    static let schema = "CREATE SCHEMA IF NOT EXISTS tierc;"

    /// The policy as data: replaced as a whole by each revision (see PostgresRevision). `decision_rules` is
    /// derived from the others at load: one row per tier and route for the request path.
    /// The named constraints of `usage_prices`: the scheme, and which of `flat_price` (the unit price, or the
    /// price of a package) and `package_size` each scheme has. Named, so that ``upgrade`` can replace them.
    static let usagePriceConstraints = [
        "CONSTRAINT usage_prices_scheme_check CHECK (scheme OPERATOR(pg_catalog.=) ANY (ARRAY['flat', 'graduated', 'volume', 'package']))",
        "CONSTRAINT usage_prices_flat_price_check CHECK ((scheme OPERATOR(pg_catalog.=) ANY (ARRAY['flat', 'package'])) "
            + "OPERATOR(pg_catalog.=) (flat_price IS NOT NULL))",
        "CONSTRAINT usage_prices_package_size_check CHECK ((scheme OPERATOR(pg_catalog.=) 'package') OPERATOR(pg_catalog.=) "
            + "(package_size IS NOT NULL) AND (package_size IS NULL OR package_size OPERATOR(pg_catalog.>) 0))",
    ]

    static let policyTables = """
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
            \(usagePriceConstraints.joined(separator: ",\n    "))
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
        """

    /// The tenant directory, loaded by tenants.sql. A tenant's tier is not a foreign key: a revision may drop a
    /// tier, and its tenants are then refused (401) until the directory moves them. A key's `revoked_on` is the
    /// `revoked` date of its `keys:` entry (docs/policy-format.md#keys-entries), added to the tables of an
    /// earlier tierc in place.
    static let tenantTables = """
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
        """ + "\n" + PostgresKeyFunctions.columns

    /// The tenants' billing data (docs/simulation.md, fine points 7.29 and 7.31), loaded by tenants.sql next to the
    /// directory: a subscription's first and last day (inclusive, UTC; a tenant without a row, or a NULL, is
    /// unbounded on that side) and the discounts in tenants.yaml order, each active from `from_month` (the first
    /// of a month) for `months` months. Keyed by tenant id without a foreign key, like the usage tables: the
    /// directory may be truncated or reloaded on its own, and tenants.sql replaces these rows with it.
    static let billingTables = """
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
        """

    /// Usage: never dropped, never emptied by a load, written by `check_request` only (no CHECK constraints:
    /// they would be re-read on every update). `usage_months` holds one row per tenant, counter meter and UTC
    /// month: the month's count (the invoice quantity), for each limited shorter kind the latest window of that
    /// month with its count, so that a decision updates one row, and the fast path's stamp (tier and rules
    /// generation, see `PostgresDecisionFunctions`). `usage_windows` holds the earlier minute,
    /// hour and day windows. Month rows keep room for their frequent updates to stay on their page (HOT updates,
    /// no index churn).
    static let usageTables = """
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
        """

    /// Brings a database set up by an earlier tierc (one `usage_counters` row per window, `decision_rules`
    /// without the fast path's columns) to this layout, in the load's transaction: the derived rules get the new
    /// columns (the load refills them), and the counts move into `usage_months` (one row per tenant, meter and
    /// month, with the latest window of each kind) and `usage_windows` (the others), and the old table is
    /// dropped. It refuses when the new tables already hold counts (two versions wrote here). The old table's
    /// row-level security is switched off first (the owner must see every row), and the move is counted: a
    /// row left behind aborts the load. Roles that could SELECT from the old table may SELECT from
    /// the new ones, unless the old table had row-level security: then nobody gets more than before, and a
    /// warning says to grant access again. Nothing happens on a database already in this layout.
    static let upgrade = #"""
        DO $tierc$
        DECLARE
            v_grantee pg_catalog.text;
            v_secured pg_catalog.bool;
            v_rows pg_catalog.int8;
            v_moved pg_catalog.int8;
        BEGIN
            -- Pricing v2: free units, packages, band flat fees, tier minimums (the load refills the policy rows).
            IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_attribute
                            WHERE attrelid OPERATOR(pg_catalog.=) 'tierc.usage_prices'::pg_catalog.regclass AND attname OPERATOR(pg_catalog.=) 'free') THEN
                ALTER TABLE tierc.usage_prices DROP CONSTRAINT IF EXISTS usage_prices_scheme_check,
                    DROP CONSTRAINT IF EXISTS usage_prices_flat_price_check, DROP CONSTRAINT IF EXISTS usage_prices_check,
                    ADD COLUMN package_size pg_catalog.int8,
                    ADD COLUMN free pg_catalog.numeric NOT NULL DEFAULT 0 CHECK (free OPERATOR(pg_catalog.>=) 0),
                    ADD \#(usagePriceConstraints.joined(separator: ",\n            ADD "));
                ALTER TABLE tierc.price_bands ADD COLUMN IF NOT EXISTS flat pg_catalog.numeric NOT NULL DEFAULT 0 CHECK (flat OPERATOR(pg_catalog.>=) 0);
                ALTER TABLE tierc.tiers ADD COLUMN IF NOT EXISTS minimum pg_catalog.numeric CHECK (minimum OPERATOR(pg_catalog.>=) 0);
            END IF;
            IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_attribute
                            WHERE attrelid OPERATOR(pg_catalog.=) 'tierc.decision_rules'::pg_catalog.regclass AND attname OPERATOR(pg_catalog.=) 'generation') THEN
                ALTER TABLE tierc.decision_rules
                    ADD COLUMN metered pg_catalog.bool NOT NULL DEFAULT false, ADD COLUMN month_cap pg_catalog.int8 NOT NULL DEFAULT 0,
                    ADD COLUMN day_cap pg_catalog.int8, ADD COLUMN hour_cap pg_catalog.int8, ADD COLUMN minute_cap pg_catalog.int8,
                    ADD COLUMN generation pg_catalog.int8 NOT NULL DEFAULT 0;
                ALTER TABLE tierc.decision_rules ALTER COLUMN metered DROP DEFAULT,
                    ALTER COLUMN month_cap DROP DEFAULT, ALTER COLUMN generation DROP DEFAULT;
            END IF;
            SELECT c.relrowsecurity INTO v_secured FROM pg_catalog.pg_class c
             WHERE c.oid OPERATOR(pg_catalog.=) pg_catalog.to_regclass('tierc.usage_counters') AND c.relkind OPERATOR(pg_catalog.=) ANY (ARRAY['r', 'p']::pg_catalog."char"[]);
            IF NOT FOUND THEN
                RETURN;
            END IF;
            IF EXISTS (SELECT 1 FROM tierc.usage_months) OR EXISTS (SELECT 1 FROM tierc.usage_windows) THEN
                RAISE EXCEPTION 'tierc: both usage_counters (an earlier tierc''s layout) and usage_months or usage_windows hold counts; refusing to merge them'
                    USING ERRCODE = 'object_not_in_prerequisite_state',
                          HINT = 'two tierc versions wrote to this database: keep one set of counts (move or delete the other by hand), then apply policy.sql again';
            END IF;
            ALTER TABLE tierc.usage_counters NO FORCE ROW LEVEL SECURITY, DISABLE ROW LEVEL SECURITY;
            SELECT pg_catalog.count(*) INTO v_rows FROM tierc.usage_counters;
            INSERT INTO tierc.usage_months AS m (tenant, month_start, meter, used, day_start, day_used, hour_start,
                                                 hour_used, minute_start, minute_used)
            SELECT k.tenant, k.month_start, k.meter,
                   coalesce((SELECT c.used FROM tierc.usage_counters c
                              WHERE c.tenant OPERATOR(pg_catalog.=) k.tenant AND c.meter OPERATOR(pg_catalog.=) k.meter AND c.window_kind OPERATOR(pg_catalog.=) 'month'
                                AND c.window_start OPERATOR(pg_catalog.=) k.month_start), 0),
                   d.window_start, d.used, h.window_start, h.used, mi.window_start, mi.used
              FROM (SELECT DISTINCT c.tenant, c.meter,
                           pg_catalog.date_trunc('month', c.window_start, 'UTC') AS month_start
                      FROM tierc.usage_counters c) AS k
              LEFT JOIN LATERAL (
                   SELECT c.window_start, c.used FROM tierc.usage_counters c
                    WHERE c.tenant OPERATOR(pg_catalog.=) k.tenant AND c.meter OPERATOR(pg_catalog.=) k.meter AND c.window_kind OPERATOR(pg_catalog.=) 'day'
                      AND pg_catalog.date_trunc('month', c.window_start, 'UTC') OPERATOR(pg_catalog.=) k.month_start
                    ORDER BY c.window_start DESC LIMIT 1) AS d ON true
              LEFT JOIN LATERAL (
                   SELECT c.window_start, c.used FROM tierc.usage_counters c
                    WHERE c.tenant OPERATOR(pg_catalog.=) k.tenant AND c.meter OPERATOR(pg_catalog.=) k.meter AND c.window_kind OPERATOR(pg_catalog.=) 'hour'
                      AND pg_catalog.date_trunc('month', c.window_start, 'UTC') OPERATOR(pg_catalog.=) k.month_start
                    ORDER BY c.window_start DESC LIMIT 1) AS h ON true
              LEFT JOIN LATERAL (
                   SELECT c.window_start, c.used FROM tierc.usage_counters c
                    WHERE c.tenant OPERATOR(pg_catalog.=) k.tenant AND c.meter OPERATOR(pg_catalog.=) k.meter AND c.window_kind OPERATOR(pg_catalog.=) 'minute'
                      AND pg_catalog.date_trunc('month', c.window_start, 'UTC') OPERATOR(pg_catalog.=) k.month_start
                    ORDER BY c.window_start DESC LIMIT 1) AS mi ON true
            ON CONFLICT (tenant, month_start, meter) DO NOTHING;
            INSERT INTO tierc.usage_windows (tenant, meter, window_kind, window_start, used)
            SELECT c.tenant, c.meter, c.window_kind, c.window_start, c.used
              FROM tierc.usage_counters c
             WHERE c.window_kind OPERATOR(pg_catalog.=) ANY (ARRAY['day', 'hour', 'minute'])
               AND NOT EXISTS (
                   SELECT 1 FROM tierc.usage_months m
                    WHERE m.tenant OPERATOR(pg_catalog.=) c.tenant AND m.meter OPERATOR(pg_catalog.=) c.meter
                      AND m.month_start OPERATOR(pg_catalog.=) pg_catalog.date_trunc('month', c.window_start, 'UTC')
                      AND c.window_start OPERATOR(pg_catalog.=)
                          CASE WHEN c.window_kind OPERATOR(pg_catalog.=) 'day' THEN m.day_start
                               WHEN c.window_kind OPERATOR(pg_catalog.=) 'hour' THEN m.hour_start
                               ELSE m.minute_start END)
            ON CONFLICT (tenant, meter, window_kind, window_start) DO NOTHING;
            -- Every old row is now a month row's count or latest window, or a usage_windows row.
            SELECT (SELECT pg_catalog.count(*) FROM tierc.usage_counters c
                     WHERE c.window_kind OPERATOR(pg_catalog.=) 'month'
                       AND EXISTS (SELECT 1 FROM tierc.usage_months m
                                    WHERE m.tenant OPERATOR(pg_catalog.=) c.tenant AND m.meter OPERATOR(pg_catalog.=) c.meter AND m.month_start OPERATOR(pg_catalog.=) c.window_start
                                      AND m.used OPERATOR(pg_catalog.=) c.used))
                 OPERATOR(pg_catalog.+) (SELECT pg_catalog.count(*) FROM tierc.usage_months m WHERE m.day_start IS NOT NULL)
                 OPERATOR(pg_catalog.+) (SELECT pg_catalog.count(*) FROM tierc.usage_months m WHERE m.hour_start IS NOT NULL)
                 OPERATOR(pg_catalog.+) (SELECT pg_catalog.count(*) FROM tierc.usage_months m WHERE m.minute_start IS NOT NULL)
                 OPERATOR(pg_catalog.+) (SELECT pg_catalog.count(*) FROM tierc.usage_windows)
              INTO v_moved;
            IF v_moved OPERATOR(pg_catalog.<>) v_rows THEN
                RAISE EXCEPTION 'tierc: moving usage_counters (% rows) into usage_months and usage_windows accounted for % rows; nothing was changed',
                    v_rows, v_moved
                    USING ERRCODE = 'data_exception',
                          HINT = 'usage_counters holds rows the earlier tierc never wrote (a repeated window, an unknown window_kind): correct them by hand, then apply policy.sql again';
            END IF;
            IF v_secured THEN
                RAISE WARNING 'tierc: usage_counters had row-level security; usage_months and usage_windows were created without it, and no role was granted access to them (grant it again, e.g. with tierc.grant_runtime)';
            END IF;
            FOR v_grantee IN SELECT DISTINCT g.grantee::pg_catalog.text FROM information_schema.role_table_grants g
                              WHERE g.table_schema::pg_catalog.text OPERATOR(pg_catalog.=) 'tierc'
                                AND g.table_name::pg_catalog.text OPERATOR(pg_catalog.=) 'usage_counters'
                                AND g.privilege_type::pg_catalog.text OPERATOR(pg_catalog.=) 'SELECT'
                                AND g.grantee::pg_catalog.text OPERATOR(pg_catalog.<>) CURRENT_USER::pg_catalog.text
                                AND NOT v_secured LOOP
                IF v_grantee OPERATOR(pg_catalog.=) 'PUBLIC' THEN
                    -- tierc grants nothing to PUBLIC (docs/postgres.md, Security).
                    RAISE WARNING 'tierc: every role could read usage_counters (PUBLIC); usage_months and usage_windows are not granted to PUBLIC (grant access to the roles that need it, e.g. with tierc.grant_runtime)';
                ELSE
                    EXECUTE pg_catalog.format('GRANT SELECT ON tierc.usage_months, tierc.usage_windows TO %s',
                                              pg_catalog.quote_ident(v_grantee));
                END IF;
            END LOOP;
            DROP TABLE tierc.usage_counters;
            RAISE WARNING 'tierc: moved the usage counters of an earlier tierc into usage_months and usage_windows';
        END
        $tierc$;
        """#
}
