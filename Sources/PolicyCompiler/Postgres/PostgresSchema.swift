/// The tables of schema `tierc` (docs/postgres.md describes each). Every statement is idempotent
/// (`IF NOT EXISTS`): applying a script again, or a later revision, never drops a table, so usage survives.
/// Identifier columns use the "C" collation: byte comparisons, as in the Swift runtime, on any cluster locale.
enum PostgresSchema {
    static let schema = "CREATE SCHEMA IF NOT EXISTS tierc;"

    /// The policy as data: replaced as a whole by each revision (see PostgresRevision). `decision_rules` is
    /// derived from the others at load: one row per tier and route for the request path.
    static let policyTables = """
        CREATE TABLE IF NOT EXISTS tierc.policy_info (
            singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
            name text NOT NULL,
            format integer NOT NULL,
            fingerprint text NOT NULL,
            revision numeric(20, 0) NOT NULL,
            currency text NOT NULL,
            minor_units integer NOT NULL CHECK (minor_units BETWEEN 0 AND 4),
            rounding text NOT NULL CHECK (rounding IN ('half_up', 'half_even')),
            default_meter text COLLATE "C",
            identification_order text[] NOT NULL,
            api_key_scheme text NOT NULL,
            header_names text[] NOT NULL,
            base_domain text,
            query_param text NOT NULL,
            require_tenant boolean NOT NULL,
            loaded_at timestamptz NOT NULL DEFAULT now()
        );
        CREATE TABLE IF NOT EXISTS tierc.meters (
            id text COLLATE "C" PRIMARY KEY,
            ordinal integer NOT NULL UNIQUE,
            kind text NOT NULL CHECK (kind IN ('counter', 'gauge')),
            unit text
        );
        CREATE TABLE IF NOT EXISTS tierc.features (
            id text COLLATE "C" PRIMARY KEY,
            ordinal integer NOT NULL UNIQUE,
            description text
        );
        CREATE TABLE IF NOT EXISTS tierc.tiers (
            id text COLLATE "C" PRIMARY KEY,
            ordinal integer NOT NULL UNIQUE,
            name text NOT NULL,
            parent text COLLATE "C",
            price numeric NOT NULL CHECK (price >= 0)
        );
        CREATE TABLE IF NOT EXISTS tierc.tier_features (
            tier text COLLATE "C" NOT NULL REFERENCES tierc.tiers (id),
            feature text COLLATE "C" NOT NULL REFERENCES tierc.features (id),
            PRIMARY KEY (tier, feature)
        );
        CREATE TABLE IF NOT EXISTS tierc.limits (
            tier text COLLATE "C" NOT NULL REFERENCES tierc.tiers (id),
            meter text COLLATE "C" NOT NULL REFERENCES tierc.meters (id),
            window_kind text COLLATE "C" NOT NULL CHECK (window_kind IN ('minute', 'hour', 'day', 'month')),
            limit_value bigint NOT NULL CHECK (limit_value >= 0),
            PRIMARY KEY (tier, meter, window_kind)
        );
        CREATE TABLE IF NOT EXISTS tierc.gauge_limits (
            tier text COLLATE "C" NOT NULL REFERENCES tierc.tiers (id),
            meter text COLLATE "C" NOT NULL REFERENCES tierc.meters (id),
            level numeric NOT NULL,
            PRIMARY KEY (tier, meter)
        );
        CREATE TABLE IF NOT EXISTS tierc.routes (
            ordinal integer PRIMARY KEY,
            match text NOT NULL,
            literal_prefix text COLLATE "C" NOT NULL,
            match_regex text COLLATE "C" NOT NULL,
            feature text COLLATE "C" REFERENCES tierc.features (id),
            meter text COLLATE "C" REFERENCES tierc.meters (id),
            cost bigint NOT NULL CHECK (cost >= 0)
        );
        CREATE TABLE IF NOT EXISTS tierc.usage_prices (
            price_id integer PRIMARY KEY,
            tier text COLLATE "C" REFERENCES tierc.tiers (id),
            meter text COLLATE "C" NOT NULL REFERENCES tierc.meters (id),
            per bigint NOT NULL CHECK (per > 0),
            scheme text NOT NULL CHECK (scheme IN ('flat', 'graduated', 'volume')),
            flat_price numeric CHECK ((scheme = 'flat') = (flat_price IS NOT NULL))
        );
        CREATE TABLE IF NOT EXISTS tierc.price_bands (
            price_id integer NOT NULL REFERENCES tierc.usage_prices (price_id),
            ordinal integer NOT NULL,
            up_to numeric,
            price numeric NOT NULL,
            PRIMARY KEY (price_id, ordinal)
        );
        CREATE TABLE IF NOT EXISTS tierc.decision_rules (
            tier text COLLATE "C" NOT NULL REFERENCES tierc.tiers (id),
            route integer NOT NULL,
            granted boolean NOT NULL,
            meter text COLLATE "C" REFERENCES tierc.meters (id),
            cost bigint NOT NULL,
            month_limit bigint,
            day_limit bigint,
            hour_limit bigint,
            minute_limit bigint,
            metered boolean NOT NULL,
            month_cap bigint NOT NULL,
            day_cap bigint,
            hour_cap bigint,
            minute_cap bigint,
            generation bigint NOT NULL,
            PRIMARY KEY (tier, route)
        );
        CREATE SEQUENCE IF NOT EXISTS tierc.rule_generation;
        """

    /// The tenant directory, loaded by tenants.sql. A tenant's tier is not a foreign key: a revision may drop a
    /// tier, and its tenants are then refused (401) until the directory moves them.
    static let tenantTables = """
        CREATE TABLE IF NOT EXISTS tierc.tenants (
            id text COLLATE "C" PRIMARY KEY,
            tier text COLLATE "C" NOT NULL,
            subdomain text COLLATE "C" NOT NULL
        );
        CREATE TABLE IF NOT EXISTS tierc.api_keys (
            key_hash text COLLATE "C" PRIMARY KEY CHECK (key_hash ~ '^[0-9a-f]{64}$'),
            tenant text COLLATE "C" NOT NULL REFERENCES tierc.tenants (id) ON DELETE CASCADE
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
            tenant text COLLATE "C" NOT NULL,
            meter text COLLATE "C" NOT NULL,
            month_start timestamptz NOT NULL,
            used bigint NOT NULL,
            day_start timestamptz,
            day_used bigint,
            hour_start timestamptz,
            hour_used bigint,
            minute_start timestamptz,
            minute_used bigint,
            tier text COLLATE "C",
            generation bigint,
            PRIMARY KEY (tenant, month_start, meter)
        ) WITH (fillfactor = 70);
        CREATE TABLE IF NOT EXISTS tierc.usage_windows (
            tenant text COLLATE "C" NOT NULL,
            meter text COLLATE "C" NOT NULL,
            window_kind text COLLATE "C" NOT NULL,
            window_start timestamptz NOT NULL,
            used bigint NOT NULL,
            PRIMARY KEY (tenant, meter, window_kind, window_start)
        );
        CREATE TABLE IF NOT EXISTS tierc.gauge_readings (
            tenant text COLLATE "C" NOT NULL,
            meter text COLLATE "C" NOT NULL,
            read_at timestamptz NOT NULL,
            value numeric NOT NULL CHECK (value >= 0)
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
            v_grantee text;
            v_secured boolean;
            v_rows bigint;
            v_moved bigint;
        BEGIN
            IF NOT EXISTS (SELECT 1 FROM pg_attribute
                            WHERE attrelid = 'tierc.decision_rules'::regclass AND attname = 'generation') THEN
                ALTER TABLE tierc.decision_rules
                    ADD COLUMN metered boolean NOT NULL DEFAULT false, ADD COLUMN month_cap bigint NOT NULL DEFAULT 0,
                    ADD COLUMN day_cap bigint, ADD COLUMN hour_cap bigint, ADD COLUMN minute_cap bigint,
                    ADD COLUMN generation bigint NOT NULL DEFAULT 0;
                ALTER TABLE tierc.decision_rules ALTER COLUMN metered DROP DEFAULT,
                    ALTER COLUMN month_cap DROP DEFAULT, ALTER COLUMN generation DROP DEFAULT;
            END IF;
            SELECT c.relrowsecurity INTO v_secured FROM pg_class c
             WHERE c.oid = to_regclass('tierc.usage_counters') AND c.relkind IN ('r', 'p');
            IF NOT FOUND THEN
                RETURN;
            END IF;
            IF EXISTS (SELECT 1 FROM tierc.usage_months) OR EXISTS (SELECT 1 FROM tierc.usage_windows) THEN
                RAISE EXCEPTION 'tierc: both usage_counters (an earlier tierc''s layout) and usage_months or usage_windows hold counts; refusing to merge them'
                    USING ERRCODE = 'object_not_in_prerequisite_state',
                          HINT = 'two tierc versions wrote to this database: keep one set of counts (move or delete the other by hand), then apply policy.sql again';
            END IF;
            ALTER TABLE tierc.usage_counters NO FORCE ROW LEVEL SECURITY, DISABLE ROW LEVEL SECURITY;
            SELECT count(*) INTO v_rows FROM tierc.usage_counters;
            INSERT INTO tierc.usage_months AS m (tenant, month_start, meter, used, day_start, day_used, hour_start,
                                                 hour_used, minute_start, minute_used)
            SELECT k.tenant, k.month_start, k.meter,
                   coalesce((SELECT c.used FROM tierc.usage_counters c
                              WHERE c.tenant = k.tenant AND c.meter = k.meter AND c.window_kind = 'month'
                                AND c.window_start = k.month_start), 0),
                   d.window_start, d.used, h.window_start, h.used, mi.window_start, mi.used
              FROM (SELECT DISTINCT c.tenant, c.meter,
                           date_trunc('month', c.window_start, 'UTC') AS month_start
                      FROM tierc.usage_counters c) AS k
              LEFT JOIN LATERAL (
                   SELECT c.window_start, c.used FROM tierc.usage_counters c
                    WHERE c.tenant = k.tenant AND c.meter = k.meter AND c.window_kind = 'day'
                      AND date_trunc('month', c.window_start, 'UTC') = k.month_start
                    ORDER BY c.window_start DESC LIMIT 1) AS d ON true
              LEFT JOIN LATERAL (
                   SELECT c.window_start, c.used FROM tierc.usage_counters c
                    WHERE c.tenant = k.tenant AND c.meter = k.meter AND c.window_kind = 'hour'
                      AND date_trunc('month', c.window_start, 'UTC') = k.month_start
                    ORDER BY c.window_start DESC LIMIT 1) AS h ON true
              LEFT JOIN LATERAL (
                   SELECT c.window_start, c.used FROM tierc.usage_counters c
                    WHERE c.tenant = k.tenant AND c.meter = k.meter AND c.window_kind = 'minute'
                      AND date_trunc('month', c.window_start, 'UTC') = k.month_start
                    ORDER BY c.window_start DESC LIMIT 1) AS mi ON true
            ON CONFLICT (tenant, month_start, meter) DO NOTHING;
            INSERT INTO tierc.usage_windows (tenant, meter, window_kind, window_start, used)
            SELECT c.tenant, c.meter, c.window_kind, c.window_start, c.used
              FROM tierc.usage_counters c
             WHERE c.window_kind IN ('day', 'hour', 'minute')
               AND NOT EXISTS (
                   SELECT 1 FROM tierc.usage_months m
                    WHERE m.tenant = c.tenant AND m.meter = c.meter
                      AND m.month_start = date_trunc('month', c.window_start, 'UTC')
                      AND c.window_start = CASE c.window_kind WHEN 'day' THEN m.day_start
                                                              WHEN 'hour' THEN m.hour_start
                                                              ELSE m.minute_start END)
            ON CONFLICT (tenant, meter, window_kind, window_start) DO NOTHING;
            -- Every old row is now a month row's count or latest window, or a usage_windows row.
            SELECT (SELECT count(*) FROM tierc.usage_counters c
                     WHERE c.window_kind = 'month'
                       AND EXISTS (SELECT 1 FROM tierc.usage_months m
                                    WHERE m.tenant = c.tenant AND m.meter = c.meter AND m.month_start = c.window_start
                                      AND m.used = c.used))
                 + (SELECT count(*) FROM tierc.usage_months m WHERE m.day_start IS NOT NULL)
                 + (SELECT count(*) FROM tierc.usage_months m WHERE m.hour_start IS NOT NULL)
                 + (SELECT count(*) FROM tierc.usage_months m WHERE m.minute_start IS NOT NULL)
                 + (SELECT count(*) FROM tierc.usage_windows)
              INTO v_moved;
            IF v_moved <> v_rows THEN
                RAISE EXCEPTION 'tierc: moving usage_counters (% rows) into usage_months and usage_windows accounted for % rows; nothing was changed',
                    v_rows, v_moved
                    USING ERRCODE = 'data_exception',
                          HINT = 'usage_counters holds rows the earlier tierc never wrote (a repeated window, an unknown window_kind): correct them by hand, then apply policy.sql again';
            END IF;
            IF v_secured THEN
                RAISE WARNING 'tierc: usage_counters had row-level security; usage_months and usage_windows were created without it, and no role was granted access to them (grant it again, e.g. with tierc.grant_runtime)';
            END IF;
            FOR v_grantee IN SELECT DISTINCT g.grantee FROM information_schema.role_table_grants g
                              WHERE g.table_schema = 'tierc' AND g.table_name = 'usage_counters'
                                AND g.privilege_type = 'SELECT' AND g.grantee <> current_user AND NOT v_secured LOOP
                EXECUTE format('GRANT SELECT ON tierc.usage_months, tierc.usage_windows TO %s',
                               CASE WHEN v_grantee = 'PUBLIC' THEN 'PUBLIC' ELSE quote_ident(v_grantee) END);
            END LOOP;
            DROP TABLE tierc.usage_counters;
            RAISE WARNING 'tierc: moved the usage counters of an earlier tierc into usage_months and usage_windows';
        END
        $tierc$;
        """#
}
