import PolicyModel

/// Leases (docs/postgres.md#leases, docs/serve.md#leases): an instance reserves up to N units of a tenant's meter
/// in every window of the meter at once and decides locally until they are spent or the windows end, then returns
/// the unused rest. A reservation is counted in `usage_months` and `usage_windows` exactly as an admitted request
/// of that cost would be, so every other caller (`check_request`, `decide`, another instance's reservation) sees
/// it as used; `tierc.leases` remembers each one, so that only what was reserved can be returned, and only once.
/// Both functions lock month rows in ascending `month_start` order, the only row locks a decision takes
/// (docs/postgres.md#atomicity-how-concurrent-callers-stay-within-a-limit), so they cannot deadlock each other or
/// `check_request`.
enum PostgresLeaseFunctions {
    /// One row per reservation not yet returned, keyed by tenant first (docs/postgres.md#distributing-on-citus).
    /// The window starts name the windows it was counted in (NULL: the tier did not limit that kind when it was
    /// granted). Rows of an instance that crashed stay until `tierc.expire_leases`; their units stay counted.
    static let table = """
        CREATE SEQUENCE IF NOT EXISTS tierc.lease_ids;
        CREATE TABLE IF NOT EXISTS tierc.leases (
            tenant pg_catalog.text COLLATE pg_catalog."C" NOT NULL,
            lease_id pg_catalog.int8 NOT NULL,
            meter pg_catalog.text COLLATE pg_catalog."C" NOT NULL,
            holder pg_catalog.text NOT NULL,
            granted pg_catalog.int8 NOT NULL,
            reserved_at pg_catalog.timestamptz NOT NULL,
            month_start pg_catalog.timestamptz NOT NULL,
            day_start pg_catalog.timestamptz,
            hour_start pg_catalog.timestamptz,
            minute_start pg_catalog.timestamptz,
            valid_until pg_catalog.timestamptz NOT NULL,
            created_at pg_catalog.timestamptz NOT NULL DEFAULT pg_catalog.now(),
            PRIMARY KEY (tenant, lease_id)
        );
        """

    /// Takes a lease's unused rest back from every window it was counted in, the caller holding the lease's month
    /// row lock: deletes the lease row (none left: already returned, returns 0) and subtracts from the month and
    /// from each window it spans, wherever that window's count now lives (still the month row's latest, or moved to
    /// `usage_windows`). Never below 0. Not granted to anyone: `return_quota` and `reserve_quota` run it as the owner.
    static let releaseLocked = #"""
        CREATE OR REPLACE FUNCTION tierc.release_lease_locked(p_tenant text, p_lease bigint, p_unused bigint)
        RETURNS bigint
        LANGUAGE plpgsql VOLATILE STRICT SET search_path = pg_catalog, pg_temp
        AS $tierc$
        DECLARE
            l record;
            q record;
        BEGIN
            DELETE FROM tierc.leases x
             WHERE x.tenant OPERATOR(pg_catalog.=) p_tenant AND x.lease_id OPERATOR(pg_catalog.=) p_lease
            RETURNING x.* INTO l;
            IF NOT FOUND THEN
                RETURN 0;
            END IF;
            IF p_unused OPERATOR(pg_catalog.<) 0 OR p_unused OPERATOR(pg_catalog.>) l.granted THEN
                RAISE EXCEPTION 'tierc: lease % cannot return % units: between 0 and the % it holds', p_lease, p_unused, l.granted
                    USING ERRCODE = 'invalid_parameter_value';
            END IF;
            IF p_unused OPERATOR(pg_catalog.=) 0 THEN
                RETURN 0;
            END IF;
            SELECT m.day_start, m.hour_start, m.minute_start INTO q FROM tierc.usage_months m
             WHERE m.tenant OPERATOR(pg_catalog.=) p_tenant AND m.meter OPERATOR(pg_catalog.=) l.meter
               AND m.month_start OPERATOR(pg_catalog.=) l.month_start;
            UPDATE tierc.usage_months m
               SET used = pg_catalog.int8larger(0, m.used OPERATOR(pg_catalog.-) p_unused),
                   day_used = CASE WHEN m.day_start OPERATOR(pg_catalog.=) l.day_start
                                   THEN pg_catalog.int8larger(0, m.day_used OPERATOR(pg_catalog.-) p_unused) ELSE m.day_used END,
                   hour_used = CASE WHEN m.hour_start OPERATOR(pg_catalog.=) l.hour_start
                                    THEN pg_catalog.int8larger(0, m.hour_used OPERATOR(pg_catalog.-) p_unused) ELSE m.hour_used END,
                   minute_used = CASE WHEN m.minute_start OPERATOR(pg_catalog.=) l.minute_start
                                      THEN pg_catalog.int8larger(0, m.minute_used OPERATOR(pg_catalog.-) p_unused) ELSE m.minute_used END
             WHERE m.tenant OPERATOR(pg_catalog.=) p_tenant AND m.meter OPERATOR(pg_catalog.=) l.meter
               AND m.month_start OPERATOR(pg_catalog.=) l.month_start;
            UPDATE tierc.usage_windows w
               SET used = pg_catalog.int8larger(0, w.used OPERATOR(pg_catalog.-) p_unused)
             WHERE w.tenant OPERATOR(pg_catalog.=) p_tenant AND w.meter OPERATOR(pg_catalog.=) l.meter
               AND ((w.window_kind OPERATOR(pg_catalog.=) 'day' AND w.window_start OPERATOR(pg_catalog.=) l.day_start
                     AND q.day_start IS DISTINCT FROM l.day_start)
                 OR (w.window_kind OPERATOR(pg_catalog.=) 'hour' AND w.window_start OPERATOR(pg_catalog.=) l.hour_start
                     AND q.hour_start IS DISTINCT FROM l.hour_start)
                 OR (w.window_kind OPERATOR(pg_catalog.=) 'minute' AND w.window_start OPERATOR(pg_catalog.=) l.minute_start
                     AND q.minute_start IS DISTINCT FROM l.minute_start));
            RETURN p_unused;
        END
        $tierc$;
        """#

    /// Returns the unused rest of a lease (at its window's end, on reload, on shutdown) and returns the units given
    /// back: 0 for a lease already returned or expired by `expire_leases`, so a retry is harmless.
    static let returnQuota = #"""
        CREATE OR REPLACE FUNCTION tierc.return_quota(p_tenant text, p_lease bigint, p_unused bigint)
        RETURNS bigint
        LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
        AS $tierc$
        DECLARE
            l record;
        BEGIN
            IF p_tenant IS NULL OR p_lease IS NULL OR p_unused IS NULL THEN
                RAISE EXCEPTION 'tierc.return_quota: p_tenant, p_lease and p_unused must not be NULL'
                    USING ERRCODE = 'null_value_not_allowed';
            END IF;
            IF p_unused OPERATOR(pg_catalog.<) 0 THEN
                RAISE EXCEPTION 'tierc.return_quota: p_unused must be 0 or more, not %', p_unused
                    USING ERRCODE = 'invalid_parameter_value';
            END IF;
            SELECT x.meter, x.month_start INTO l FROM tierc.leases x
             WHERE x.tenant OPERATOR(pg_catalog.=) p_tenant AND x.lease_id OPERATOR(pg_catalog.=) p_lease;
            IF NOT FOUND THEN
                RETURN 0;
            END IF;
            -- The month row's lock first, as every decision of this counter takes it.
            PERFORM 1 FROM tierc.usage_months m
              WHERE m.tenant OPERATOR(pg_catalog.=) p_tenant AND m.meter OPERATOR(pg_catalog.=) l.meter
                AND m.month_start OPERATOR(pg_catalog.=) l.month_start
              FOR UPDATE;
            RETURN tierc.release_lease_locked(p_tenant, p_lease, p_unused);
        END
        $tierc$;
        """#

    /// The count of a granted reservation in one shorter window (as `check_request` counts a cost): the month row's
    /// latest window, a new latest window (the previous one moves to `usage_windows`), or an earlier window's row.
    private static func countWindow(_ window: Window) -> String {
        let w = window.rawValue
        return #"""
                IF l_\#(w) IS NOT NULL THEN
                    IF q.\#(w)_start OPERATOR(pg_catalog.=) v_\#(w) THEN
                        n_\#(w)_used := q.\#(w)_used OPERATOR(pg_catalog.+) v_granted;
                    ELSIF q.\#(w)_start IS NULL OR q.\#(w)_start OPERATOR(pg_catalog.<) v_\#(w) THEN
                        IF q.\#(w)_start IS NOT NULL THEN
                            INSERT INTO tierc.usage_windows AS w (tenant, meter, window_kind, window_start, used)
                            VALUES (p_tenant, p_meter, '\#(w)', q.\#(w)_start, q.\#(w)_used)
                            ON CONFLICT (tenant, meter, window_kind, window_start) DO UPDATE
                               SET used = CASE WHEN w.used OPERATOR(pg_catalog.>) (9223372036854775807 OPERATOR(pg_catalog.-) excluded.used)
                                               THEN 9223372036854775807 ELSE w.used OPERATOR(pg_catalog.+) excluded.used END;
                        END IF;
                        n_\#(w)_start := v_\#(w);
                        n_\#(w)_used := v_granted;
                    ELSE
                        INSERT INTO tierc.usage_windows AS w (tenant, meter, window_kind, window_start, used)
                        VALUES (p_tenant, p_meter, '\#(w)', v_\#(w), v_granted)
                        ON CONFLICT (tenant, meter, window_kind, window_start) DO UPDATE
                           SET used = w.used OPERATOR(pg_catalog.+) excluded.used;
                    END IF;
                    u_\#(w) := u_\#(w) OPERATOR(pg_catalog.+) v_granted;
                    lease_\#(w) := v_\#(w);
                END IF;
        """#
    }

    /// The count of a shorter window before the grant (as `check_request`'s general path reads it), and the
    /// lease's validity narrowed to it, when the tier limits it.
    private static func readWindow(_ window: Window) -> String {
        let w = window.rawValue
        let seconds = window == .day ? 86_400 : window == .hour ? 3_600 : 60
        return #"""
                IF l_\#(w) IS NOT NULL THEN
                    u_\#(w) := NULL;
                    IF q.\#(w)_start OPERATOR(pg_catalog.=) v_\#(w) THEN
                        u_\#(w) := q.\#(w)_used;
                    ELSIF q.\#(w)_start OPERATOR(pg_catalog.>) v_\#(w) THEN
                        SELECT w.used INTO u_\#(w) FROM tierc.usage_windows w
                         WHERE w.tenant OPERATOR(pg_catalog.=) p_tenant AND w.meter OPERATOR(pg_catalog.=) p_meter
                           AND w.window_kind OPERATOR(pg_catalog.=) '\#(w)' AND w.window_start OPERATOR(pg_catalog.=) v_\#(w);
                    END IF;
                    u_\#(w) := coalesce(u_\#(w), 0);
                    v_free := pg_catalog.int8smaller(coalesce(v_free, 9223372036854775807),
                                                     pg_catalog.int8larger(0, l_\#(w) OPERATOR(pg_catalog.-) u_\#(w)));
                    v_from := pg_catalog.timestamptz_larger(v_from, v_\#(w));
                    v_until := pg_catalog.timestamptz_smaller(v_until, v_\#(w) OPERATOR(pg_catalog.+) interval '\#(seconds) seconds');
                END IF;
        """#
    }

    /// The row of one limited window after the grant, month → minute.
    private static func windowRow(_ window: Window) -> String {
        let w = window.rawValue
        let end = window == .month ? "v_until_month" : "v_\(w) OPERATOR(pg_catalog.+) interval '\(window == .day ? 86_400 : window == .hour ? 3_600 : 60) seconds'"
        return #"""
            IF l_\#(w) IS NOT NULL THEN
                quota_window := '\#(w)';
                limit_value := l_\#(w);
                used := u_\#(w);
                reset_at := \#(end);
                v_rows := v_rows OPERATOR(pg_catalog.+) 1;
                RETURN NEXT;
            END IF;
        """#
    }

    /// Reserves between `p_minimum` and `p_maximum` units of a tenant's counter meter at `p_at` in the month and in
    /// every window the tenant's tier limits, atomically, after returning `p_return_lease` (its unused rest
    /// `p_return_unused`) in the same transaction. Grants 0 when fewer than `p_minimum` remain in some limited
    /// window; otherwise `least(free, greatest(p_minimum, least(p_maximum, free / 2)))`, `free` the smallest
    /// remaining (no limited window: `greatest(p_minimum, p_maximum)`), as the runtime's `LeaseSizing`. One row
    /// per limited window, month → minute, with its count after the grant (reservations included) and its end;
    /// one row with `quota_window` NULL when no window is limited. `lease_id` is NULL when nothing was granted.
    static let reserveQuota = #"""
        CREATE OR REPLACE FUNCTION tierc.reserve_quota(p_tenant text, p_meter text, p_at timestamptz, p_minimum bigint,
                                                       p_maximum bigint, p_holder text, p_return_lease bigint DEFAULT NULL,
                                                       p_return_unused bigint DEFAULT NULL)
        RETURNS TABLE (lease_id bigint, granted bigint, valid_from timestamptz, valid_until timestamptz,
                       quota_window text, limit_value bigint, used bigint, reset_at timestamptz)
        LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
        AS $tierc$
        #variable_conflict use_column
        DECLARE
            d record;
            q record;
            r record;
            v_month timestamptz;
            v_day timestamptz;
            v_hour timestamptz;
            v_minute timestamptz;
            v_until_month timestamptz;
            l_month bigint;
            l_day bigint;
            l_hour bigint;
            l_minute bigint;
            u_month bigint;
            u_day bigint;
            u_hour bigint;
            u_minute bigint;
            n_day_start timestamptz;
            n_day_used bigint;
            n_hour_start timestamptz;
            n_hour_used bigint;
            n_minute_start timestamptz;
            n_minute_used bigint;
            lease_day timestamptz;
            lease_hour timestamptz;
            lease_minute timestamptz;
            v_free bigint;
            v_granted bigint;
            v_from timestamptz;
            v_until timestamptz;
            v_lease bigint;
            v_return_month timestamptz;
            v_rows integer := 0;
        BEGIN
            IF p_tenant IS NULL OR p_meter IS NULL OR p_at IS NULL OR p_minimum IS NULL OR p_maximum IS NULL OR p_holder IS NULL THEN
                RAISE EXCEPTION 'tierc.reserve_quota: p_tenant, p_meter, p_at, p_minimum, p_maximum and p_holder must not be NULL'
                    USING ERRCODE = 'null_value_not_allowed';
            END IF;
            IF p_minimum OPERATOR(pg_catalog.<) 1 OR p_maximum OPERATOR(pg_catalog.<) 1 THEN
                RAISE EXCEPTION 'tierc.reserve_quota: p_minimum and p_maximum must be at least 1, not % and %', p_minimum, p_maximum
                    USING ERRCODE = 'invalid_parameter_value';
            END IF;
            IF (p_return_lease IS NULL) OPERATOR(pg_catalog.<>) (p_return_unused IS NULL) THEN
                RAISE EXCEPTION 'tierc.reserve_quota: give both p_return_lease and p_return_unused, or neither'
                    USING ERRCODE = 'invalid_parameter_value';
            END IF;
            IF p_return_unused OPERATOR(pg_catalog.<) 0 THEN
                RAISE EXCEPTION 'tierc.reserve_quota: p_return_unused must be 0 or more, not %', p_return_unused
                    USING ERRCODE = 'invalid_parameter_value';
            END IF;
            -- The simulator's range (docs/postgres.md, Statuses and errors), as check_request.
            IF NOT (p_at OPERATOR(pg_catalog.>=) '0001-01-01 00:00:00+00'::pg_catalog.timestamptz
                    AND p_at OPERATOR(pg_catalog.<) '10000-01-01 00:00:00+00'::pg_catalog.timestamptz) THEN
                RAISE EXCEPTION 'tierc.reserve_quota: p_at must be a finite time in the years 0001 to 9999 (UTC), not %', p_at
                    USING ERRCODE = 'invalid_parameter_value';
            END IF;
            SELECT t.id AS tenant, t.tier AS tier_id, tr.id AS tier, m.id AS meter, m.kind AS meter_kind INTO d
              FROM tierc.policy_info p
              LEFT JOIN tierc.tenants t ON t.id OPERATOR(pg_catalog.=) p_tenant
              LEFT JOIN tierc.tiers tr ON tr.id OPERATOR(pg_catalog.=) t.tier
              LEFT JOIN tierc.meters m ON m.id OPERATOR(pg_catalog.=) p_meter;
            IF NOT FOUND THEN
                RAISE EXCEPTION 'tierc.reserve_quota: no policy is loaded (apply policy.sql first)'
                    USING ERRCODE = 'object_not_in_prerequisite_state';
            END IF;
            IF d.tenant IS NULL THEN
                RAISE EXCEPTION 'tierc.reserve_quota: unknown tenant %', pg_catalog.quote_literal(p_tenant)
                    USING ERRCODE = 'invalid_parameter_value';
            END IF;
            IF d.tier IS NULL THEN
                RAISE EXCEPTION 'tierc.reserve_quota: tenant % is on tier %, which the policy does not define',
                    pg_catalog.quote_literal(p_tenant), pg_catalog.quote_literal(d.tier_id) USING ERRCODE = 'invalid_parameter_value';
            END IF;
            IF d.meter IS NULL OR d.meter_kind OPERATOR(pg_catalog.<>) 'counter' THEN
                RAISE EXCEPTION 'tierc.reserve_quota: % is not a counter meter of the loaded policy', pg_catalog.quote_literal(p_meter)
                    USING ERRCODE = 'invalid_parameter_value';
            END IF;
            SELECT pg_catalog.max(CASE WHEN x.window_kind OPERATOR(pg_catalog.=) 'month' THEN x.limit_value END),
                   pg_catalog.max(CASE WHEN x.window_kind OPERATOR(pg_catalog.=) 'day' THEN x.limit_value END),
                   pg_catalog.max(CASE WHEN x.window_kind OPERATOR(pg_catalog.=) 'hour' THEN x.limit_value END),
                   pg_catalog.max(CASE WHEN x.window_kind OPERATOR(pg_catalog.=) 'minute' THEN x.limit_value END)
              INTO l_month, l_day, l_hour, l_minute
              FROM tierc.limits x
             WHERE x.tier OPERATOR(pg_catalog.=) d.tier AND x.meter OPERATOR(pg_catalog.=) p_meter;
            v_month := pg_catalog.date_trunc('month', p_at, 'UTC');
            v_day := pg_catalog.date_trunc('day', p_at, 'UTC');
            v_hour := pg_catalog.date_trunc('hour', p_at, 'UTC');
            v_minute := pg_catalog.date_trunc('minute', p_at, 'UTC');
            v_until_month := ((v_month AT TIME ZONE 'UTC') OPERATOR(pg_catalog.+) interval '1 month') AT TIME ZONE 'UTC';

            -- The lease to return, if it is still held; then the month rows' locks in ascending month_start order
            -- (the returned lease's month may be earlier or later than p_at's).
            IF p_return_lease IS NOT NULL THEN
                SELECT x.meter, x.month_start INTO r FROM tierc.leases x
                 WHERE x.tenant OPERATOR(pg_catalog.=) p_tenant AND x.lease_id OPERATOR(pg_catalog.=) p_return_lease;
                IF FOUND THEN
                    IF r.meter OPERATOR(pg_catalog.<>) p_meter THEN
                        RAISE EXCEPTION 'tierc.reserve_quota: lease % is of meter %, not %', p_return_lease,
                            pg_catalog.quote_literal(r.meter), pg_catalog.quote_literal(p_meter)
                            USING ERRCODE = 'invalid_parameter_value';
                    END IF;
                    v_return_month := r.month_start;
                END IF;
            END IF;
            IF v_return_month OPERATOR(pg_catalog.<) v_month THEN
                PERFORM 1 FROM tierc.usage_months m
                  WHERE m.tenant OPERATOR(pg_catalog.=) p_tenant AND m.meter OPERATOR(pg_catalog.=) p_meter
                    AND m.month_start OPERATOR(pg_catalog.=) v_return_month
                  FOR UPDATE;
            END IF;
            INSERT INTO tierc.usage_months (tenant, meter, month_start, used)
            VALUES (p_tenant, p_meter, v_month, 0) ON CONFLICT DO NOTHING;
            PERFORM 1 FROM tierc.usage_months m
              WHERE m.tenant OPERATOR(pg_catalog.=) p_tenant AND m.meter OPERATOR(pg_catalog.=) p_meter
                AND m.month_start OPERATOR(pg_catalog.=) v_month
              FOR UPDATE;
            IF v_return_month OPERATOR(pg_catalog.>) v_month THEN
                PERFORM 1 FROM tierc.usage_months m
                  WHERE m.tenant OPERATOR(pg_catalog.=) p_tenant AND m.meter OPERATOR(pg_catalog.=) p_meter
                    AND m.month_start OPERATOR(pg_catalog.=) v_return_month
                  FOR UPDATE;
            END IF;
            IF v_return_month IS NOT NULL THEN
                PERFORM tierc.release_lease_locked(p_tenant, p_return_lease, p_return_unused);
            END IF;
            SELECT m.* INTO STRICT q FROM tierc.usage_months m
             WHERE m.tenant OPERATOR(pg_catalog.=) p_tenant AND m.meter OPERATOR(pg_catalog.=) p_meter
               AND m.month_start OPERATOR(pg_catalog.=) v_month;

            -- The counts before the grant, the smallest remaining and the validity: the month always, and each
            -- limited window.
            u_month := q.used;
            v_from := v_month;
            v_until := v_until_month;
            IF l_month IS NOT NULL THEN
                v_free := pg_catalog.int8larger(0, l_month OPERATOR(pg_catalog.-) u_month);
            END IF;
        \#(readWindow(.day))
        \#(readWindow(.hour))
        \#(readWindow(.minute))
            v_granted := CASE WHEN v_free IS NULL THEN pg_catalog.int8larger(p_minimum, p_maximum)
                              WHEN v_free OPERATOR(pg_catalog.<) p_minimum THEN 0
                              ELSE pg_catalog.int8smaller(v_free, pg_catalog.int8larger(p_minimum,
                                       pg_catalog.int8smaller(p_maximum, v_free OPERATOR(pg_catalog./) 2))) END;

            IF v_granted OPERATOR(pg_catalog.>) 0 THEN
                n_day_start := q.day_start;
                n_day_used := q.day_used;
                n_hour_start := q.hour_start;
                n_hour_used := q.hour_used;
                n_minute_start := q.minute_start;
                n_minute_used := q.minute_used;
        \#(countWindow(.day))
        \#(countWindow(.hour))
        \#(countWindow(.minute))
                UPDATE tierc.usage_months m
                   SET used = CASE WHEN m.used OPERATOR(pg_catalog.>) (9223372036854775807 OPERATOR(pg_catalog.-) v_granted)
                                   THEN 9223372036854775807 ELSE m.used OPERATOR(pg_catalog.+) v_granted END,
                       day_start = n_day_start, day_used = n_day_used,
                       hour_start = n_hour_start, hour_used = n_hour_used,
                       minute_start = n_minute_start, minute_used = n_minute_used
                 WHERE m.tenant OPERATOR(pg_catalog.=) p_tenant AND m.meter OPERATOR(pg_catalog.=) p_meter
                   AND m.month_start OPERATOR(pg_catalog.=) v_month
                RETURNING m.used INTO u_month;
                v_lease := pg_catalog.nextval('tierc.lease_ids'::pg_catalog.regclass);
                INSERT INTO tierc.leases (tenant, lease_id, meter, holder, granted, reserved_at, month_start, day_start,
                                          hour_start, minute_start, valid_until)
                VALUES (p_tenant, v_lease, p_meter, p_holder, v_granted, p_at, v_month, lease_day, lease_hour,
                        lease_minute, v_until);
            END IF;

            lease_id := v_lease;
            granted := v_granted;
            valid_from := v_from;
            valid_until := v_until;
        \#(windowRow(.month))
        \#(windowRow(.day))
        \#(windowRow(.hour))
        \#(windowRow(.minute))
            IF v_rows OPERATOR(pg_catalog.=) 0 THEN
                RETURN NEXT;
            END IF;
        END
        $tierc$;
        """#

    /// Forgets the leases whose windows ended at or before `p_before` and were never returned (an instance that
    /// crashed holding them): their units stay counted as used (docs/postgres.md#leases). Returns the number
    /// forgotten. Owner only, like `prune_counters`.
    static let expireLeases = #"""
        CREATE OR REPLACE FUNCTION tierc.expire_leases(p_before timestamptz)
        RETURNS bigint
        LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
        AS $tierc$
        DECLARE
            v_deleted bigint;
        BEGIN
            IF p_before IS NULL THEN
                RAISE EXCEPTION 'tierc.expire_leases: p_before must not be NULL' USING ERRCODE = 'null_value_not_allowed';
            END IF;
            DELETE FROM tierc.leases x WHERE x.valid_until OPERATOR(pg_catalog.<=) p_before;
            GET DIAGNOSTICS v_deleted = ROW_COUNT;
            RETURN v_deleted;
        END
        $tierc$;
        """#

    /// In creation order: each after the functions it calls.
    static let all = [releaseLocked, returnQuota, reserveQuota, expireLeases]
}
