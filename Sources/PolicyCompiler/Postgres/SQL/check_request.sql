CREATE OR REPLACE FUNCTION tierc.check_request(p_tenant text, p_path text, p_at timestamptz)
RETURNS TABLE (status integer, quota_window text, limit_value bigint, used bigint, reset_at timestamptz)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $tierc$
#variable_conflict use_column
-- Decides one request of an identified tenant and counts it when allowed (docs/postgres.md#functions).
-- Usage lives in one row per tenant, counter meter and UTC month (tierc.usage_months): the month's count and,
-- for each limited shorter kind, the latest window of that month seen so far with its count. Earlier windows are
-- in tierc.usage_windows.
-- 1. The fast path is one UPDATE: it finds the first matching route (literal prefix, then the anchored regex)
--    and the rule for that route of the tier stamped on the month row, and adds the cost to the row when every
--    limited window of the request is the row's latest one and has room. The stamp is the tier and the rules'
--    generation that the last general-path decision read in one statement; any change of the rules or of a
--    tenant's tier gives the rules a new generation in the same transaction (derive_decision_rules,
--    tenants_changed), so a stale stamp never matches and the request takes the general path. The row lock
--    serializes the deciders of one counter: a waiting UPDATE re-checks its conditions against the row that the
--    one before it wrote. tierc compile specialises the UPDATE to the windows that some tier of the policy
--    limits; a rule that limits another kind (a later revision's, say) fails it too.
-- 2. Otherwise the general path reads the rule on its own (one statement: one policy revision). No row: the
--    tenant is unknown or its tier is not in the policy, 401. Feature not granted: 403. No meter or cost 0:
--    200. Then the quota block (quota_block.fragment.sql, shared with charge_counter) decides and counts.
-- The argument checks stay inline here, not in tierc.check_time: the fast path costs one UPDATE and no call.
DECLARE
    d record;
    q record;
    v_path text;
    /*{{quota_variables}}*/
BEGIN
    IF p_tenant IS NULL OR p_path IS NULL OR p_at IS NULL THEN
        RAISE EXCEPTION 'tierc.check_request: p_tenant, p_path and p_at must not be NULL'
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    -- The simulator's range (docs/postgres.md, Statuses and errors); infinity is outside it too.
    IF NOT (p_at OPERATOR(pg_catalog.>=) '0001-01-01 00:00:00+00'::pg_catalog.timestamptz
            AND p_at OPERATOR(pg_catalog.<) '10000-01-01 00:00:00+00'::pg_catalog.timestamptz) THEN
        RAISE EXCEPTION 'tierc.check_request: p_at must be a finite time in the years 0001 to 9999 (UTC), not %', p_at
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    v_path := '/' OPERATOR(pg_catalog.||) p_path;
    /*{{window_starts}}*/

    -- The fast path: the month row exists and holds every limited window of p_at, with room.
    UPDATE tierc.usage_months q
       SET used = q.used OPERATOR(pg_catalog.+) dr.cost/*{{fast_set}}*/
      FROM tierc.decision_rules dr
     WHERE q.tenant OPERATOR(pg_catalog.=) p_tenant AND q.month_start OPERATOR(pg_catalog.=) v_month AND q.meter OPERATOR(pg_catalog.=) dr.meter
       AND dr.tier OPERATOR(pg_catalog.=) q.tier AND dr.generation OPERATOR(pg_catalog.=) q.generation
       AND dr.route OPERATOR(pg_catalog.=) /*{{route_ordinal}}*/
       AND dr.metered
       AND q.used OPERATOR(pg_catalog.<=) dr.month_cap
       /*{{fast_where}}*/;
    IF FOUND THEN
        status := 200;
        RETURN NEXT;
        RETURN;
    END IF;

    -- The general path.
    SELECT dr.tier, dr.generation, dr.granted, dr.metered, dr.meter, dr.cost, dr.month_limit,
           dr.day_limit, dr.hour_limit, dr.minute_limit
      INTO d
      FROM tierc.tenants t
      JOIN tierc.decision_rules dr
        ON dr.tier OPERATOR(pg_catalog.=) t.tier
       AND dr.route OPERATOR(pg_catalog.=) /*{{route_ordinal}}*/
     WHERE t.id OPERATOR(pg_catalog.=) p_tenant;
    IF NOT FOUND THEN
        IF NOT EXISTS (SELECT 1 FROM tierc.policy_info) THEN
            RAISE EXCEPTION 'tierc.check_request: no policy is loaded (apply policy.sql first)'
                USING ERRCODE = 'object_not_in_prerequisite_state';
        END IF;
        status := 401;
    ELSIF NOT d.granted THEN
        status := 403;
    ELSIF NOT d.metered THEN
        status := 200;
    END IF;
    IF status IS NOT NULL THEN
        RETURN NEXT;
        RETURN;
    END IF;

    /*{{quota_block}}*/
END
$tierc$;
