/// The request path of the runtime in SQL: `tierc.check_request` (simulation.md §2 steps 2–5 for an identified
/// tenant), the rules it reads (`tierc.derive_decision_rules`) and `tierc.tenant_for_api_key`. Both are SECURITY DEFINER with a pinned search_path, so that an
/// application role needs EXECUTE only, never write access to the counters.
enum PostgresDecisionFunctions {
    /// Decides one request and counts it when allowed.
    ///
    /// 1. One statement finds the tenant's tier, the first matching route (literal prefix, then the anchored
    ///    regex) and that tier's rule for the route in `tierc.decision_rules` (feature granted, meter, cost,
    ///    window limits), so that a decision never mixes two policy revisions being swapped. No row: the tenant
    ///    is unknown or its tier is not in the policy, 401. Feature not granted: 403. No meter or cost 0: 200.
    /// 2. The same statement takes a transaction-scoped advisory lock on (tenant, meter) (class 1953064307),
    ///    which serializes the deciders of that counter. The counters are read by the next statement (one index
    ///    scan for the windows containing `p_at`): in READ COMMITTED its snapshot is taken after the lock, so
    ///    every earlier holder's increment is visible.
    /// 3. Windows are checked month → day → hour → minute with `used > limit - cost` (no overflow); an allowed
    ///    cost is added to the month and every limited window (saturating, like the runtime): one UPDATE when
    ///    their rows exist, else one upsert.
    ///
    /// Plans are generic (`plan_cache_mode`): the statements are index lookups whose plan never depends on the
    /// arguments, and planning them on every call would cost more than running them.
    static let checkRequest = #"""
        CREATE OR REPLACE FUNCTION tierc.check_request(p_tenant text, p_path text, p_at timestamptz)
        RETURNS TABLE (status integer, quota_window text, limit_value bigint, used bigint, reset_at timestamptz)
        LANGUAGE plpgsql VOLATILE SECURITY DEFINER
        SET search_path = pg_catalog, pg_temp SET plan_cache_mode = force_generic_plan
        AS $tierc$
        #variable_conflict use_column
        DECLARE
            d record;
            v_path text;
            v_month timestamptz;
            v_day timestamptz;
            v_hour timestamptz;
            v_minute timestamptz;
            u_month bigint;
            u_day bigint;
            u_hour bigint;
            u_minute bigint;
        BEGIN
            IF p_tenant IS NULL OR p_path IS NULL OR p_at IS NULL THEN
                RAISE EXCEPTION 'tierc.check_request: p_tenant, p_path and p_at must not be NULL'
                    USING ERRCODE = 'null_value_not_allowed';
            END IF;
            IF NOT isfinite(p_at) THEN
                RAISE EXCEPTION 'tierc.check_request: p_at must be a finite time, not %', p_at
                    USING ERRCODE = 'invalid_parameter_value';
            END IF;
            v_path := '/' || p_path;
            SELECT dr.granted, dr.meter, dr.cost, dr.month_limit, dr.day_limit, dr.hour_limit, dr.minute_limit,
                   CASE WHEN dr.granted AND dr.meter IS NOT NULL AND dr.cost > 0 THEN
                       pg_advisory_xact_lock(1953064307, hashtext(p_tenant || '/' || dr.meter))::text IS NOT NULL
                   END AS metered
              INTO d
              FROM tierc.tenants t
              JOIN tierc.decision_rules dr
                ON dr.tier = t.tier
               AND dr.route = coalesce((SELECT r.ordinal FROM tierc.routes r
                                         WHERE starts_with(p_path COLLATE "C", r.literal_prefix)
                                           AND v_path COLLATE "C" ~ r.match_regex
                                         ORDER BY r.ordinal LIMIT 1), -1)
             WHERE t.id = p_tenant;
            IF NOT FOUND THEN
                IF NOT EXISTS (SELECT 1 FROM tierc.policy_info) THEN
                    RAISE EXCEPTION 'tierc.check_request: no policy is loaded (apply policy.sql first)'
                        USING ERRCODE = 'object_not_in_prerequisite_state';
                END IF;
                status := 401;
            ELSIF NOT d.granted THEN
                status := 403;
            ELSIF d.metered IS NULL THEN
                status := 200;
            END IF;
            IF status IS NOT NULL THEN
                RETURN NEXT;
                RETURN;
            END IF;

            v_month := date_trunc('month', p_at, 'UTC');
            v_day := date_trunc('day', p_at, 'UTC');
            v_hour := date_trunc('hour', p_at, 'UTC');
            v_minute := date_trunc('minute', p_at, 'UTC');
            SELECT max(c.used) FILTER (WHERE c.window_kind = 'month' AND c.window_start = v_month),
                   max(c.used) FILTER (WHERE c.window_kind = 'day' AND c.window_start = v_day),
                   max(c.used) FILTER (WHERE c.window_kind = 'hour' AND c.window_start = v_hour),
                   max(c.used) FILTER (WHERE c.window_kind = 'minute' AND c.window_start = v_minute)
              INTO u_month, u_day, u_hour, u_minute
              FROM tierc.usage_counters c
             WHERE c.tenant = p_tenant AND c.meter = d.meter
               AND c.window_start = ANY (ARRAY[v_month, v_day, v_hour, v_minute]);
            -- NULL: no row yet for that window (nothing allowed in it so far).
            IF d.month_limit IS NOT NULL AND coalesce(u_month, 0) > d.month_limit - d.cost THEN
                quota_window := 'month';
                limit_value := d.month_limit;
                used := coalesce(u_month, 0);
                reset_at := ((v_month AT TIME ZONE 'UTC') + interval '1 month') AT TIME ZONE 'UTC';
            ELSIF d.day_limit IS NOT NULL AND coalesce(u_day, 0) > d.day_limit - d.cost THEN
                quota_window := 'day';
                limit_value := d.day_limit;
                used := coalesce(u_day, 0);
                reset_at := v_day + interval '86400 seconds';
            ELSIF d.hour_limit IS NOT NULL AND coalesce(u_hour, 0) > d.hour_limit - d.cost THEN
                quota_window := 'hour';
                limit_value := d.hour_limit;
                used := coalesce(u_hour, 0);
                reset_at := v_hour + interval '3600 seconds';
            ELSIF d.minute_limit IS NOT NULL AND coalesce(u_minute, 0) > d.minute_limit - d.cost THEN
                quota_window := 'minute';
                limit_value := d.minute_limit;
                used := coalesce(u_minute, 0);
                reset_at := v_minute + interval '60 seconds';
            END IF;
            IF quota_window IS NOT NULL THEN
                status := 429;
                RETURN NEXT;
                RETURN;
            END IF;

            status := 200;
            -- Every counted window has its row (the usual case): a plain UPDATE, which writes less WAL than an
            -- upsert (no tuple lock record). Otherwise an upsert creates the missing rows. The lock keeps other
            -- deciders of this counter out between the read and the write either way.
            IF u_month IS NOT NULL AND (d.day_limit IS NULL OR u_day IS NOT NULL)
               AND (d.hour_limit IS NULL OR u_hour IS NOT NULL) AND (d.minute_limit IS NULL OR u_minute IS NOT NULL) THEN
                UPDATE tierc.usage_counters c
                   SET used = CASE WHEN c.used > 9223372036854775807 - d.cost THEN 9223372036854775807
                                   ELSE c.used + d.cost END
                 WHERE c.tenant = p_tenant AND c.meter = d.meter
                   AND c.window_start = ANY (ARRAY[v_month, v_day, v_hour, v_minute])
                   AND ((c.window_kind = 'month' AND c.window_start = v_month)
                     OR (c.window_kind = 'day' AND c.window_start = v_day AND d.day_limit IS NOT NULL)
                     OR (c.window_kind = 'hour' AND c.window_start = v_hour AND d.hour_limit IS NOT NULL)
                     OR (c.window_kind = 'minute' AND c.window_start = v_minute AND d.minute_limit IS NOT NULL));
                RETURN NEXT;
                RETURN;
            END IF;
            INSERT INTO tierc.usage_counters AS c (tenant, meter, window_start, window_kind, used)
            SELECT p_tenant, d.meter, w.start, w.kind, d.cost
              FROM (VALUES ('month', v_month, true),
                           ('day', v_day, d.day_limit IS NOT NULL),
                           ('hour', v_hour, d.hour_limit IS NOT NULL),
                           ('minute', v_minute, d.minute_limit IS NOT NULL)) AS w (kind, start, kept)
             WHERE w.kept
            ON CONFLICT (tenant, meter, window_start, window_kind) DO UPDATE
               SET used = CASE WHEN c.used > 9223372036854775807 - excluded.used THEN 9223372036854775807
                               ELSE c.used + excluded.used END;
            RETURN NEXT;
        END
        $tierc$;
        """#

    /// The tenant owning an API key, by the key's SHA-256 (the raw key is never stored); NULL when none.
    static let tenantForAPIKey = #"""
        CREATE OR REPLACE FUNCTION tierc.tenant_for_api_key(p_key text)
        RETURNS text
        LANGUAGE sql STABLE STRICT SECURITY DEFINER SET search_path = pg_catalog, pg_temp
        AS $tierc$
            SELECT k.tenant
              FROM tierc.api_keys k
             WHERE k.key_hash = encode(sha256(convert_to(p_key, 'UTF8')), 'hex')
        $tierc$;
        """#

    /// Rebuilds `tierc.decision_rules` from the policy tables: one row per tier and route, plus route -1 for
    /// requests that match no route (the default meter, cost 1), with the feature grant and the meter's limits
    /// resolved, so that `check_request` reads one row. A window without a limit row stays NULL (unlimited).
    static let deriveDecisionRules = #"""
        CREATE OR REPLACE FUNCTION tierc.derive_decision_rules()
        RETURNS bigint
        LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, pg_temp
        AS $tierc$
        DECLARE
            v_rules bigint;
        BEGIN
            DELETE FROM tierc.decision_rules;
            INSERT INTO tierc.decision_rules
                   (tier, route, granted, meter, cost, month_limit, day_limit, hour_limit, minute_limit)
            SELECT tr.id, r.ordinal,
                   r.feature IS NULL OR EXISTS (
                       SELECT 1 FROM tierc.tier_features f WHERE f.tier = tr.id AND f.feature = r.feature),
                   r.meter, r.cost, lim.month_limit, lim.day_limit, lim.hour_limit, lim.minute_limit
              FROM tierc.tiers tr
             CROSS JOIN (SELECT ro.ordinal, ro.feature, ro.meter, ro.cost FROM tierc.routes ro
                         UNION ALL
                         SELECT -1, NULL, pi.default_meter, 1 FROM tierc.policy_info pi) AS r
             CROSS JOIN LATERAL (
                   SELECT max(l.limit_value) FILTER (WHERE l.window_kind = 'month') AS month_limit,
                          max(l.limit_value) FILTER (WHERE l.window_kind = 'day') AS day_limit,
                          max(l.limit_value) FILTER (WHERE l.window_kind = 'hour') AS hour_limit,
                          max(l.limit_value) FILTER (WHERE l.window_kind = 'minute') AS minute_limit
                     FROM tierc.limits l
                    WHERE l.tier = tr.id AND l.meter = r.meter) AS lim;
            GET DIAGNOSTICS v_rules = ROW_COUNT;
            RETURN v_rules;
        END
        $tierc$;
        """#

    static let all = [deriveDecisionRules, checkRequest, tenantForAPIKey]
}
