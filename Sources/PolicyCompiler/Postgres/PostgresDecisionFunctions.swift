import PolicyModel

/// The request path of the runtime in SQL: `tierc.check_request` (docs/log-format.md#decisions after identification,
/// for an identified tenant), the rules it reads (`tierc.derive_decision_rules`) and `tierc.tenant_for_api_key`. Both
/// are SECURITY DEFINER with a pinned search_path, so that an application role needs EXECUTE only, never write access
/// to the counters.
enum PostgresDecisionFunctions {
    /// Every function of the request path for `policy`.
    static func all(for policy: Policy) -> [String] {
        [deriveDecisionRules, tenantsChanged, checkRequest(trackedWindows: trackedWindows(of: policy)), tenantForAPIKey]
    }

    /// The windows shorter than a month that some tier limits on some counter meter, longest first. The month row
    /// holds the latest window of each of these kinds, and the fast path checks them in place.
    static func trackedWindows(of policy: Policy) -> [Window] {
        Window.checkOrder.filter { window in
            window != .month && policy.tiers.contains { tier in
                tier.limits.values.contains { limit in
                    if case .counter(let windows) = limit, case .limited? = windows[window] { return true }
                    return false
                }
            }
        }
    }

    /// The ordinal of the first route whose glob matches `p_path` (`v_path` is `'/' || p_path`), -1 for none: both
    /// paths of `check_request` place it at the same column, and `tierc.decide` finds the same rule with it.
    static let routeOrdinal = """
        coalesce((SELECT r.ordinal FROM tierc.routes r
                                         WHERE pg_catalog.starts_with(p_path COLLATE pg_catalog."C", r.literal_prefix)
                                           AND v_path COLLATE pg_catalog."C" OPERATOR(pg_catalog.~) r.match_regex
                                         ORDER BY r.ordinal LIMIT 1), -1)
        """

    /// Decides one request and counts it when allowed.
    ///
    /// Usage lives in one row per tenant, counter meter and UTC month (`tierc.usage_months`): the month's count
    /// and, for each limited shorter kind, the latest window of that month seen so far with its count. Earlier
    /// windows are in `tierc.usage_windows`.
    ///
    /// 1. The fast path is one UPDATE: it finds the first matching route (literal prefix, then the anchored
    ///    regex) and the rule for that route of the tier stamped on the month row, and adds the cost to the row
    ///    when every limited window of the request is the row's latest one and has room. The stamp is the tier
    ///    and the rules' `generation` that the last general-path decision read in one statement; any change of
    ///    the rules or of a tenant's tier gives the rules a new generation in the same transaction
    ///    (`tierc.derive_decision_rules`, `tierc.tenants_changed`), so a stale stamp never matches and the
    ///    request takes the general path. The row lock serializes the deciders of one counter: a waiting UPDATE
    ///    re-checks its conditions against the row that the one before it wrote. The UPDATE is specialised to
    ///    `trackedWindows`; a rule that limits another kind (a later revision's, say) fails it too.
    /// 2. Otherwise the general path reads the rule on its own (one statement: one policy revision). No row: the
    ///    tenant is unknown or its tier is not in the policy, 401. Feature not granted: 403. No meter or cost 0:
    ///    200. Then it reads the counts of the request's windows: from the month row for its latest windows, zero
    ///    for a later window (it starts afresh), `usage_windows` for an earlier one (a record dated back).
    ///    Windows are checked month → day → hour → minute with `used > limit - cost` (no overflow); counts never
    ///    go down within a window, so a refusal needs no lock. Otherwise it locks the month row (creating it when
    ///    missing), reads again, and counts the cost: in the month (saturating, like the runtime), in a latest
    ///    window, in a new latest window (the previous one moves to `usage_windows`), or in an earlier window's
    ///    row. It stamps the row for the fast path.
    static func checkRequest(trackedWindows: [Window]) -> String {
        let shorter: [Window] = [.day, .hour, .minute]
        let fastSet = (["used = q.used OPERATOR(pg_catalog.+) dr.cost"] + trackedWindows.map { window in
            let w = window.rawValue
            return "\(w)_used = CASE WHEN dr.\(w)_cap IS NULL THEN q.\(w)_used ELSE q.\(w)_used OPERATOR(pg_catalog.+) dr.cost END"
        }).joined(separator: ",\n           ")
        let fastWhere = shorter.map { window in
            let w = window.rawValue
            return trackedWindows.contains(window)
                ? "AND (dr.\(w)_cap IS NULL OR (q.\(w)_start OPERATOR(pg_catalog.=) v_\(w) AND q.\(w)_used OPERATOR(pg_catalog.<=) dr.\(w)_cap))"
                : "AND dr.\(w)_cap IS NULL"
        }.joined(separator: "\n       ")
        let readWindows = shorter.map(readWindow).joined(separator: "\n")
        let countWindows = shorter.map(countWindow).joined(separator: "\n")
        return #"""
            CREATE OR REPLACE FUNCTION tierc.check_request(p_tenant text, p_path text, p_at timestamptz)
            RETURNS TABLE (status integer, quota_window text, limit_value bigint, used bigint, reset_at timestamptz)
            LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
            AS $tierc$
            #variable_conflict use_column
            DECLARE
                d record;
                q record;
                v_path text;
                \#(PostgresDecisionFunctions.quotaVariables)
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
                \#(PostgresDecisionFunctions.windowStarts)

                -- The fast path: the month row exists and holds every limited window of p_at, with room.
                UPDATE tierc.usage_months q
                   SET \#(fastSet)
                  FROM tierc.decision_rules dr
                 WHERE q.tenant OPERATOR(pg_catalog.=) p_tenant AND q.month_start OPERATOR(pg_catalog.=) v_month AND q.meter OPERATOR(pg_catalog.=) dr.meter
                   AND dr.tier OPERATOR(pg_catalog.=) q.tier AND dr.generation OPERATOR(pg_catalog.=) q.generation
                   AND dr.route OPERATOR(pg_catalog.=) \#(routeOrdinal)
                   AND dr.metered
                   AND q.used OPERATOR(pg_catalog.<=) dr.month_cap
                   \#(fastWhere);
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
                   AND dr.route OPERATOR(pg_catalog.=) \#(routeOrdinal)
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

            \#(quotaBlock(readWindows: readWindows, countWindows: countWindows))
            END
            $tierc$;
            """#
    }

    /// The quota part of a decision, shared by `check_request`'s general path and `tierc.charge` (one place for
    /// the rule, docs/postgres.md#serving-from-postgresql): with `d` holding the tier, generation, meter, cost and the four
    /// limits, checks month → day → hour → minute (first without a lock, then with the month row locked), answers
    /// 429 with the first exhausted window, or counts the cost in every limited window and stamps the row.
    /// The variables that ``quotaBlock(readWindows:countWindows:)`` uses, declared by every function that runs it
    /// (`check_request`, `charge`): one list, so the two declarations cannot drift apart.
    static let quotaVariables = [
        #"v_month timestamptz;"#,
        #"v_day timestamptz;"#,
        #"v_hour timestamptz;"#,
        #"v_minute timestamptz;"#,
        #"u_day bigint;"#,
        #"u_hour bigint;"#,
        #"u_minute bigint;"#,
        #"n_day_start timestamptz;"#,
        #"n_day_used bigint;"#,
        #"n_hour_start timestamptz;"#,
        #"n_hour_used bigint;"#,
        #"n_minute_start timestamptz;"#,
        #"n_minute_used bigint;"#,
        #"v_locked boolean := false;"#
    ].joined(separator: "\n    ")

    /// The starts of the four windows containing `p_at`, in UTC, as ``quotaBlock(readWindows:countWindows:)`` reads them.
    static let windowStarts = [
        #"v_month := pg_catalog.date_trunc('month', p_at, 'UTC');"#,
        #"v_day := pg_catalog.date_trunc('day', p_at, 'UTC');"#,
        #"v_hour := pg_catalog.date_trunc('hour', p_at, 'UTC');"#,
        #"v_minute := pg_catalog.date_trunc('minute', p_at, 'UTC');"#
    ].joined(separator: "\n    ")

    static func quotaBlock(readWindows: String, countWindows: String) -> String {
        #"""
                -- First without a lock (a refusal needs none), then locked to count.
                LOOP
                    IF v_locked THEN
                        SELECT m.* INTO q FROM tierc.usage_months m
                         WHERE m.tenant OPERATOR(pg_catalog.=) p_tenant AND m.meter OPERATOR(pg_catalog.=) d.meter AND m.month_start OPERATOR(pg_catalog.=) v_month FOR UPDATE;
                        IF NOT FOUND THEN
                            INSERT INTO tierc.usage_months (tenant, meter, month_start, used)
                            VALUES (p_tenant, d.meter, v_month, 0) ON CONFLICT DO NOTHING;
                            SELECT m.* INTO STRICT q FROM tierc.usage_months m
                             WHERE m.tenant OPERATOR(pg_catalog.=) p_tenant AND m.meter OPERATOR(pg_catalog.=) d.meter AND m.month_start OPERATOR(pg_catalog.=) v_month FOR UPDATE;
                        END IF;
                    ELSE
                        -- No row: every field of q is NULL (nothing counted this month).
                        SELECT m.* INTO q FROM tierc.usage_months m
                         WHERE m.tenant OPERATOR(pg_catalog.=) p_tenant AND m.meter OPERATOR(pg_catalog.=) d.meter AND m.month_start OPERATOR(pg_catalog.=) v_month;
                    END IF;
            \#(readWindows)
                    IF d.month_limit IS NOT NULL AND coalesce(q.used, 0) OPERATOR(pg_catalog.>) (d.month_limit OPERATOR(pg_catalog.-) d.cost) THEN
                        quota_window := 'month';
                        limit_value := d.month_limit;
                        used := coalesce(q.used, 0);
                        reset_at := ((v_month AT TIME ZONE 'UTC') OPERATOR(pg_catalog.+) interval '1 month') AT TIME ZONE 'UTC';
                    ELSIF d.day_limit IS NOT NULL AND u_day OPERATOR(pg_catalog.>) (d.day_limit OPERATOR(pg_catalog.-) d.cost) THEN
                        quota_window := 'day';
                        limit_value := d.day_limit;
                        used := u_day;
                        reset_at := v_day OPERATOR(pg_catalog.+) interval '86400 seconds';
                    ELSIF d.hour_limit IS NOT NULL AND u_hour OPERATOR(pg_catalog.>) (d.hour_limit OPERATOR(pg_catalog.-) d.cost) THEN
                        quota_window := 'hour';
                        limit_value := d.hour_limit;
                        used := u_hour;
                        reset_at := v_hour OPERATOR(pg_catalog.+) interval '3600 seconds';
                    ELSIF d.minute_limit IS NOT NULL AND u_minute OPERATOR(pg_catalog.>) (d.minute_limit OPERATOR(pg_catalog.-) d.cost) THEN
                        quota_window := 'minute';
                        limit_value := d.minute_limit;
                        used := u_minute;
                        reset_at := v_minute OPERATOR(pg_catalog.+) interval '60 seconds';
                    END IF;
                    IF quota_window IS NOT NULL THEN
                        status := 429;
                        RETURN NEXT;
                        RETURN;
                    END IF;
                    EXIT WHEN v_locked;
                    v_locked := true;
                END LOOP;

                -- Allowed, with the month row locked: count the cost in the month and in every limited window, and
                -- stamp the row with the tier and rules generation that this decision read together.
                n_day_start := q.day_start;
                n_day_used := q.day_used;
                n_hour_start := q.hour_start;
                n_hour_used := q.hour_used;
                n_minute_start := q.minute_start;
                n_minute_used := q.minute_used;
            \#(countWindows)
                UPDATE tierc.usage_months m
                   SET used = CASE WHEN m.used OPERATOR(pg_catalog.>) (9223372036854775807 OPERATOR(pg_catalog.-) d.cost) THEN 9223372036854775807
                                   ELSE m.used OPERATOR(pg_catalog.+) d.cost END,
                       day_start = n_day_start, day_used = n_day_used,
                       hour_start = n_hour_start, hour_used = n_hour_used,
                       minute_start = n_minute_start, minute_used = n_minute_used,
                       tier = d.tier, generation = d.generation
                 WHERE m.tenant OPERATOR(pg_catalog.=) p_tenant AND m.meter OPERATOR(pg_catalog.=) d.meter AND m.month_start OPERATOR(pg_catalog.=) v_month;
                status := 200;
                RETURN NEXT;
            """#
    }

    /// The general path's count of one shorter window of the request (`u_<kind>`, 0 when nothing was allowed in
    /// it; NULL when the rule does not limit that kind).
    static func readWindow(_ window: Window) -> String {
        let w = window.rawValue
        return #"""
                    u_\#(w) := NULL;
                    IF d.\#(w)_limit IS NOT NULL THEN
                        IF q.\#(w)_start OPERATOR(pg_catalog.=) v_\#(w) THEN
                            u_\#(w) := q.\#(w)_used;
                        ELSIF q.\#(w)_start OPERATOR(pg_catalog.>) v_\#(w) THEN
                            SELECT w.used INTO u_\#(w) FROM tierc.usage_windows w
                             WHERE w.tenant OPERATOR(pg_catalog.=) p_tenant AND w.meter OPERATOR(pg_catalog.=) d.meter AND w.window_kind OPERATOR(pg_catalog.=) '\#(w)'
                               AND w.window_start OPERATOR(pg_catalog.=) v_\#(w);
                        END IF;
                        u_\#(w) := coalesce(u_\#(w), 0);
                    END IF;
            """#
    }

    /// The general path's count of an allowed cost in one shorter window: the month row's latest window, a new
    /// latest window (the previous one moves to `usage_windows`), or an earlier window's row.
    static func countWindow(_ window: Window) -> String {
        let w = window.rawValue
        return #"""
                IF d.\#(w)_limit IS NOT NULL THEN
                    IF q.\#(w)_start OPERATOR(pg_catalog.=) v_\#(w) THEN
                        n_\#(w)_used := CASE WHEN q.\#(w)_used OPERATOR(pg_catalog.>) (9223372036854775807 OPERATOR(pg_catalog.-) d.cost) THEN 9223372036854775807
                                             ELSE q.\#(w)_used OPERATOR(pg_catalog.+) d.cost END;
                    ELSIF q.\#(w)_start IS NULL OR q.\#(w)_start OPERATOR(pg_catalog.<) v_\#(w) THEN
                        IF q.\#(w)_start IS NOT NULL THEN
                            INSERT INTO tierc.usage_windows AS w (tenant, meter, window_kind, window_start, used)
                            VALUES (p_tenant, d.meter, '\#(w)', q.\#(w)_start, q.\#(w)_used)
                            ON CONFLICT (tenant, meter, window_kind, window_start) DO UPDATE
                               SET used = CASE WHEN w.used OPERATOR(pg_catalog.>) (9223372036854775807 OPERATOR(pg_catalog.-) excluded.used)
                                               THEN 9223372036854775807 ELSE w.used OPERATOR(pg_catalog.+) excluded.used END;
                        END IF;
                        n_\#(w)_start := v_\#(w);
                        n_\#(w)_used := d.cost;
                    ELSE
                        INSERT INTO tierc.usage_windows AS w (tenant, meter, window_kind, window_start, used)
                        VALUES (p_tenant, d.meter, '\#(w)', v_\#(w), d.cost)
                        ON CONFLICT (tenant, meter, window_kind, window_start) DO UPDATE
                           SET used = CASE WHEN w.used OPERATOR(pg_catalog.>) (9223372036854775807 OPERATOR(pg_catalog.-) excluded.used) THEN 9223372036854775807
                                           ELSE w.used OPERATOR(pg_catalog.+) excluded.used END;
                    END IF;
                END IF;
            """#
    }

    /// A change of the tenant directory gives the rules of the tiers concerned (the old tier of a tenant whose
    /// tier or id changed, or that was deleted) a new generation, in the same transaction, so that month rows
    /// stamped with the old tier stop taking the fast path. A new tenant needs none (no row can carry a stamp
    /// for it), nor does a change of subdomain. `tierc.renew_generation` locks the rules in key order.
    ///
    /// The UPDATE and DELETE statement triggers serve ordinary sessions (one renewal per statement, whatever its
    /// size). A logical replication subscriber's apply worker fires no UPDATE or DELETE statement triggers, only
    /// row triggers enabled for replicas, so a row trigger `ENABLE REPLICA` serves it (and any session with
    /// `session_replication_role = replica`), renewing each tier once per transaction (a transaction-local
    /// setting remembers which). TRUNCATE has no row triggers; its statement trigger fires `ALWAYS`, which the
    /// apply worker honours. SECURITY DEFINER: whoever may change tenants keeps the stamps honest.
    static let tenantsChanged = #"""
        CREATE OR REPLACE FUNCTION tierc.renew_generation(p_tiers pg_catalog.text[])
        RETURNS void
        LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
        AS $tierc$
        BEGIN
            IF p_tiers IS NOT NULL AND pg_catalog.cardinality(p_tiers) OPERATOR(pg_catalog.>) 0 THEN
                PERFORM 1 FROM tierc.decision_rules r WHERE r.tier OPERATOR(pg_catalog.=) ANY (p_tiers)
                 ORDER BY r.tier, r.route FOR UPDATE;
                UPDATE tierc.decision_rules r SET generation = (SELECT pg_catalog.nextval('tierc.rule_generation'))
                 WHERE r.tier OPERATOR(pg_catalog.=) ANY (p_tiers);
            END IF;
        END
        $tierc$;
        CREATE OR REPLACE FUNCTION tierc.tenants_changed()
        RETURNS trigger
        LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
        AS $tierc$
        DECLARE
            v_tiers pg_catalog.text[];
        BEGIN
            -- Only tierc's own statement triggers on tierc.tenants: attached to another table, the transition
            -- tables below would be that table's, with its owner's types and casts (docs/postgres.md, Security).
            IF TG_RELID OPERATOR(pg_catalog.<>) 'tierc.tenants'::pg_catalog.regclass::pg_catalog.oid
               OR TG_LEVEL OPERATOR(pg_catalog.<>) 'STATEMENT' OR TG_WHEN OPERATOR(pg_catalog.<>) 'AFTER' THEN
                RAISE EXCEPTION 'tierc.tenants_changed: only tierc''s statement triggers on tierc.tenants may run this function, not a trigger on %',
                    TG_RELID::pg_catalog.regclass USING ERRCODE = 'insufficient_privilege';
            END IF;
            IF TG_OP OPERATOR(pg_catalog.=) 'UPDATE' THEN
                SELECT pg_catalog.array_agg(DISTINCT o.tier) INTO v_tiers FROM tierc_old_tenants o
                 WHERE NOT EXISTS (SELECT 1 FROM tierc_new_tenants n
                                    WHERE n.id OPERATOR(pg_catalog.=) o.id AND n.tier OPERATOR(pg_catalog.=) o.tier);
            ELSIF TG_OP OPERATOR(pg_catalog.=) 'DELETE' THEN
                SELECT pg_catalog.array_agg(DISTINCT o.tier) INTO v_tiers FROM tierc_old_tenants o;
            ELSE
                SELECT pg_catalog.array_agg(DISTINCT r.tier) INTO v_tiers FROM tierc.decision_rules r;
            END IF;
            PERFORM tierc.renew_generation(v_tiers);
            RETURN NULL;
        END
        $tierc$;
        CREATE OR REPLACE FUNCTION tierc.tenant_row_changed()
        RETURNS trigger
        LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
        AS $tierc$
        DECLARE
            v_renewed pg_catalog.text[];
        BEGIN
            -- Only tierc's row trigger on tierc.tenants: OLD and NEW must be tierc.tenants rows (docs/postgres.md,
            -- Security).
            IF TG_RELID OPERATOR(pg_catalog.<>) 'tierc.tenants'::pg_catalog.regclass::pg_catalog.oid
               OR TG_LEVEL OPERATOR(pg_catalog.<>) 'ROW' OR TG_WHEN OPERATOR(pg_catalog.<>) 'AFTER' THEN
                RAISE EXCEPTION 'tierc.tenant_row_changed: only tierc''s row trigger on tierc.tenants may run this function, not a trigger on %',
                    TG_RELID::pg_catalog.regclass USING ERRCODE = 'insufficient_privilege';
            END IF;
            v_renewed := COALESCE(NULLIF(pg_catalog.current_setting('tierc.renewed_tiers', true), ''),
                                  '{}')::pg_catalog.text[];
            IF (TG_OP OPERATOR(pg_catalog.=) 'DELETE'
                OR NOT (OLD.id OPERATOR(pg_catalog.=) NEW.id AND OLD.tier OPERATOR(pg_catalog.=) NEW.tier))
               AND NOT OLD.tier OPERATOR(pg_catalog.=) ANY (v_renewed) THEN
                PERFORM tierc.renew_generation(ARRAY[OLD.tier]);
                PERFORM pg_catalog.set_config('tierc.renewed_tiers',
                                              (v_renewed OPERATOR(pg_catalog.||) OLD.tier)::pg_catalog.text, true);
            END IF;
            RETURN NULL;
        END
        $tierc$;
        CREATE OR REPLACE TRIGGER tierc_tenants_updated AFTER UPDATE ON tierc.tenants
            REFERENCING OLD TABLE AS tierc_old_tenants NEW TABLE AS tierc_new_tenants
            FOR EACH STATEMENT EXECUTE FUNCTION tierc.tenants_changed();
        CREATE OR REPLACE TRIGGER tierc_tenants_deleted AFTER DELETE ON tierc.tenants
            REFERENCING OLD TABLE AS tierc_old_tenants FOR EACH STATEMENT EXECUTE FUNCTION tierc.tenants_changed();
        CREATE OR REPLACE TRIGGER tierc_tenants_truncated AFTER TRUNCATE ON tierc.tenants
            FOR EACH STATEMENT EXECUTE FUNCTION tierc.tenants_changed();
        CREATE OR REPLACE TRIGGER tierc_tenant_rows_replicated AFTER UPDATE OR DELETE ON tierc.tenants
            FOR EACH ROW EXECUTE FUNCTION tierc.tenant_row_changed();
        ALTER TABLE tierc.tenants ENABLE TRIGGER tierc_tenants_updated, ENABLE TRIGGER tierc_tenants_deleted,
            ENABLE ALWAYS TRIGGER tierc_tenants_truncated, ENABLE REPLICA TRIGGER tierc_tenant_rows_replicated;
        """#

    /// The tenant owning an API key, by the key's SHA-256 (the raw key is never stored); NULL when none, and for
    /// a key revoked on or before today (UTC): from 00:00 UTC of its `revoked_on` day a key identifies nobody
    /// (docs/policy-format.md#keys-entries). It records the key's last use, at most once a minute per key and
    /// without waiting: a row another call is updating is skipped, and on a read-only standby nothing is written.
    static let tenantForAPIKey = #"""
        CREATE OR REPLACE FUNCTION tierc.tenant_for_api_key(p_key text)
        RETURNS text
        LANGUAGE plpgsql VOLATILE STRICT SECURITY DEFINER SET search_path = pg_catalog, pg_temp
        AS $tierc$
        DECLARE
            v_hash pg_catalog.text := pg_catalog.encode(pg_catalog.sha256(pg_catalog.convert_to(p_key, 'UTF8')), 'hex');
            v_tenant pg_catalog.text;
            v_used pg_catalog.timestamptz;
        BEGIN
            SELECT k.tenant, k.last_used_at INTO v_tenant, v_used
              FROM tierc.api_keys k
             WHERE k.key_hash OPERATOR(pg_catalog.=) v_hash
               AND (k.revoked_on IS NULL
                    OR k.revoked_on OPERATOR(pg_catalog.>) pg_catalog.date(pg_catalog.timezone('UTC', pg_catalog.now())));
            IF v_tenant IS NOT NULL AND (v_used IS NULL
                    OR v_used OPERATOR(pg_catalog.<) (pg_catalog.now() OPERATOR(pg_catalog.-) '1 minute'::pg_catalog.interval)) THEN
                BEGIN
                    UPDATE tierc.api_keys k SET last_used_at = pg_catalog.now()
                     WHERE k.key_hash OPERATOR(pg_catalog.=) (
                           SELECT l.key_hash FROM tierc.api_keys l WHERE l.key_hash OPERATOR(pg_catalog.=) v_hash
                              AND (l.last_used_at IS NULL
                                   OR l.last_used_at OPERATOR(pg_catalog.<) (pg_catalog.now() OPERATOR(pg_catalog.-) '1 minute'::pg_catalog.interval))
                              FOR UPDATE SKIP LOCKED);
                EXCEPTION WHEN read_only_sql_transaction THEN
                    NULL;
                END;
            END IF;
            RETURN v_tenant;
        END
        $tierc$;
        """#

    /// Rebuilds `tierc.decision_rules` from the policy tables: one row per tier and route, plus route -1 for
    /// requests that match no route (the default meter, cost 1), with the feature grant and the meter's limits
    /// resolved, so that `check_request` reads one row. A window without a limit row stays NULL (unlimited).
    /// `metered` (granted, a meter, a cost) and the caps (`limit - cost`, the most a window may hold before the
    /// request; the month's is never NULL, so that its count cannot overflow) serve the fast path, and a new
    /// `generation` voids every month row's stamp. It holds tierc.tenants in SHARE mode until the load commits.
    static let deriveDecisionRules = #"""
        CREATE OR REPLACE FUNCTION tierc.derive_decision_rules()
        RETURNS bigint
        LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, pg_temp
        AS $tierc$
        DECLARE
            v_rules bigint;
        BEGIN
            -- Tenant changes wait until this load commits (and a load waits for tenant changes in progress): a
            -- change's trigger must give the rules it finds a new generation, never the rules being replaced.
            -- (policy.sql already holds a stronger lock from its trigger DDL; this keeps it true on its own.)
            LOCK TABLE tierc.tenants IN SHARE MODE;
            DELETE FROM tierc.decision_rules;
            INSERT INTO tierc.decision_rules
                   (tier, route, granted, meter, cost, month_limit, day_limit, hour_limit, minute_limit,
                    metered, month_cap, day_cap, hour_cap, minute_cap, generation)
            SELECT x.*,
                   x.granted AND x.meter IS NOT NULL AND x.cost OPERATOR(pg_catalog.>) 0,
                   coalesce(x.month_limit, 9223372036854775807) OPERATOR(pg_catalog.-) x.cost,
                   x.day_limit OPERATOR(pg_catalog.-) x.cost, x.hour_limit OPERATOR(pg_catalog.-) x.cost, x.minute_limit OPERATOR(pg_catalog.-) x.cost,
                   (SELECT pg_catalog.nextval('tierc.rule_generation'))
              FROM (SELECT tr.id, r.ordinal,
                           r.feature IS NULL OR EXISTS (
                               SELECT 1 FROM tierc.tier_features f WHERE f.tier OPERATOR(pg_catalog.=) tr.id AND f.feature OPERATOR(pg_catalog.=) r.feature),
                           r.meter, r.cost, lim.month_limit, lim.day_limit, lim.hour_limit, lim.minute_limit
                      FROM tierc.tiers tr
                     CROSS JOIN (SELECT ro.ordinal, ro.feature, ro.meter, ro.cost FROM tierc.routes ro
                                 UNION ALL
                                 SELECT -1, NULL, pi.default_meter, 1 FROM tierc.policy_info pi) AS r
                     CROSS JOIN LATERAL (
                           SELECT pg_catalog.max(l.limit_value) FILTER (WHERE l.window_kind OPERATOR(pg_catalog.=) 'month') AS month_limit,
                                  pg_catalog.max(l.limit_value) FILTER (WHERE l.window_kind OPERATOR(pg_catalog.=) 'day') AS day_limit,
                                  pg_catalog.max(l.limit_value) FILTER (WHERE l.window_kind OPERATOR(pg_catalog.=) 'hour') AS hour_limit,
                                  pg_catalog.max(l.limit_value) FILTER (WHERE l.window_kind OPERATOR(pg_catalog.=) 'minute') AS minute_limit
                             FROM tierc.limits l
                            WHERE l.tier OPERATOR(pg_catalog.=) tr.id AND l.meter OPERATOR(pg_catalog.=) r.meter) AS lim
                   ) AS x (tier, route, granted, meter, cost, month_limit, day_limit, hour_limit, minute_limit);
            GET DIAGNOSTICS v_rules = ROW_COUNT;
            RETURN v_rules;
        END
        $tierc$;
        """#
}
