-- Brings a database set up by an earlier tierc to this layout, in the load's transaction
-- (docs/postgres.md#revisions-applying-a-new-policy): pricing v2's columns and constraints; the derived rules get
-- the fast path's columns (the load refills them); the counts of usage_counters (one row per window) move into
-- usage_months (one row per tenant, meter and month, with the latest window of each kind) and usage_windows
-- (the others), and the old table is dropped. It refuses when the new tables already hold counts (two versions
-- wrote here). The old table's row-level security is switched off first (the owner must see every row), and the
-- move is counted: a row left behind aborts the load. Roles that could SELECT from the old table may SELECT
-- from the new ones, unless the old table had row-level security: then nobody gets more than before, and a
-- warning says to grant access again. Nothing happens on a database already in this layout.
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
            ADD /*{{usage_price_constraints_added}}*/;
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
