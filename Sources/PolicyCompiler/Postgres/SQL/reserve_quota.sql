CREATE OR REPLACE FUNCTION tierc.reserve_quota(p_tenant text, p_meter text, p_at timestamptz, p_minimum bigint,
                                               p_maximum bigint, p_holder text, p_return_lease bigint DEFAULT NULL,
                                               p_return_unused bigint DEFAULT NULL)
RETURNS TABLE (lease_id bigint, granted bigint, valid_from timestamptz, valid_until timestamptz,
               quota_window text, limit_value bigint, used bigint, reset_at timestamptz)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $tierc$
#variable_conflict use_column
-- Reserves between p_minimum and p_maximum units of a tenant's counter meter at p_at in the month and in
-- every window the tenant's tier limits, atomically, after returning p_return_lease (its unused rest
-- p_return_unused) in the same transaction (docs/postgres.md#leases). A reservation is counted in usage_months
-- and usage_windows exactly as an admitted request of that cost would be, so every other caller sees it as
-- used; tierc.leases remembers it, so that only what was reserved can be returned, and only once. Grants 0 when
-- fewer than p_minimum remain in some limited window; otherwise least(free, greatest(p_minimum, least(p_maximum,
-- free / 2))), free the smallest remaining (no limited window: greatest(p_minimum, p_maximum)), as the runtime's
-- LeaseSizing. One row per limited window, month -> minute, with its count after the grant (reservations
-- included) and its end; one row with quota_window NULL when no window is limited. lease_id is NULL when
-- nothing was granted. Month rows are locked in ascending month_start order, as return_quota does.
DECLARE
    v_checked boolean;
    v_tier text;
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
    v_checked := tierc.check_time('tierc.reserve_quota', p_at);
    v_tier := tierc.tenant_tier('tierc.reserve_quota', p_tenant);
    IF NOT EXISTS (SELECT 1 FROM tierc.meters m
                    WHERE m.id OPERATOR(pg_catalog.=) p_meter AND m.kind OPERATOR(pg_catalog.=) 'counter') THEN
        RAISE EXCEPTION 'tierc.reserve_quota: % is not a counter meter of the loaded policy', pg_catalog.quote_literal(p_meter)
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    SELECT pg_catalog.max(CASE WHEN x.window_kind OPERATOR(pg_catalog.=) 'month' THEN x.limit_value END),
           pg_catalog.max(CASE WHEN x.window_kind OPERATOR(pg_catalog.=) 'day' THEN x.limit_value END),
           pg_catalog.max(CASE WHEN x.window_kind OPERATOR(pg_catalog.=) 'hour' THEN x.limit_value END),
           pg_catalog.max(CASE WHEN x.window_kind OPERATOR(pg_catalog.=) 'minute' THEN x.limit_value END)
      INTO l_month, l_day, l_hour, l_minute
      FROM tierc.limits x
     WHERE x.tier OPERATOR(pg_catalog.=) v_tier AND x.meter OPERATOR(pg_catalog.=) p_meter;
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

    -- The counts before the grant (tierc.window_used reads a shorter window as check_request does), the smallest
    -- remaining and the validity: the month always, and each limited window.
    u_month := q.used;
    v_from := v_month;
    v_until := v_until_month;
    IF l_month IS NOT NULL THEN
        v_free := pg_catalog.int8larger(0, l_month OPERATOR(pg_catalog.-) u_month);
    END IF;
    IF l_day IS NOT NULL THEN
        u_day := tierc.window_used(p_tenant, p_meter, 'day', p_at);
        v_free := pg_catalog.int8smaller(coalesce(v_free, 9223372036854775807),
                                         pg_catalog.int8larger(0, l_day OPERATOR(pg_catalog.-) u_day));
        v_from := pg_catalog.timestamptz_larger(v_from, v_day);
        v_until := pg_catalog.timestamptz_smaller(v_until, v_day OPERATOR(pg_catalog.+) interval '86400 seconds');
    END IF;
    IF l_hour IS NOT NULL THEN
        u_hour := tierc.window_used(p_tenant, p_meter, 'hour', p_at);
        v_free := pg_catalog.int8smaller(coalesce(v_free, 9223372036854775807),
                                         pg_catalog.int8larger(0, l_hour OPERATOR(pg_catalog.-) u_hour));
        v_from := pg_catalog.timestamptz_larger(v_from, v_hour);
        v_until := pg_catalog.timestamptz_smaller(v_until, v_hour OPERATOR(pg_catalog.+) interval '3600 seconds');
    END IF;
    IF l_minute IS NOT NULL THEN
        u_minute := tierc.window_used(p_tenant, p_meter, 'minute', p_at);
        v_free := pg_catalog.int8smaller(coalesce(v_free, 9223372036854775807),
                                         pg_catalog.int8larger(0, l_minute OPERATOR(pg_catalog.-) u_minute));
        v_from := pg_catalog.timestamptz_larger(v_from, v_minute);
        v_until := pg_catalog.timestamptz_smaller(v_until, v_minute OPERATOR(pg_catalog.+) interval '60 seconds');
    END IF;
    v_granted := CASE WHEN v_free IS NULL THEN pg_catalog.int8larger(p_minimum, p_maximum)
                      WHEN v_free OPERATOR(pg_catalog.<) p_minimum THEN 0
                      ELSE pg_catalog.int8smaller(v_free, pg_catalog.int8larger(p_minimum,
                               pg_catalog.int8smaller(p_maximum, v_free OPERATOR(pg_catalog./) 2))) END;

    -- Counting the grant needs no saturation in a day, hour or minute window, unlike quota_block's counting of
    -- a request: only limited windows are counted here, and v_granted <= v_free <= limit - used for each, so a
    -- count never passes its limit. The month, which is counted also when unlimited, saturates.
    IF v_granted OPERATOR(pg_catalog.>) 0 THEN
        n_day_start := q.day_start;
        n_day_used := q.day_used;
        n_hour_start := q.hour_start;
        n_hour_used := q.hour_used;
        n_minute_start := q.minute_start;
        n_minute_used := q.minute_used;
        IF l_day IS NOT NULL THEN
            IF q.day_start OPERATOR(pg_catalog.=) v_day THEN
                n_day_used := q.day_used OPERATOR(pg_catalog.+) v_granted;
            ELSIF q.day_start IS NULL OR q.day_start OPERATOR(pg_catalog.<) v_day THEN
                IF q.day_start IS NOT NULL THEN
                    INSERT INTO tierc.usage_windows AS w (tenant, meter, window_kind, window_start, used)
                    VALUES (p_tenant, p_meter, 'day', q.day_start, q.day_used)
                    ON CONFLICT (tenant, meter, window_kind, window_start) DO UPDATE
                       SET used = CASE WHEN w.used OPERATOR(pg_catalog.>) (9223372036854775807 OPERATOR(pg_catalog.-) excluded.used)
                                       THEN 9223372036854775807 ELSE w.used OPERATOR(pg_catalog.+) excluded.used END;
                END IF;
                n_day_start := v_day;
                n_day_used := v_granted;
            ELSE
                INSERT INTO tierc.usage_windows AS w (tenant, meter, window_kind, window_start, used)
                VALUES (p_tenant, p_meter, 'day', v_day, v_granted)
                ON CONFLICT (tenant, meter, window_kind, window_start) DO UPDATE
                   SET used = w.used OPERATOR(pg_catalog.+) excluded.used;
            END IF;
            u_day := u_day OPERATOR(pg_catalog.+) v_granted;
            lease_day := v_day;
        END IF;
        IF l_hour IS NOT NULL THEN
            IF q.hour_start OPERATOR(pg_catalog.=) v_hour THEN
                n_hour_used := q.hour_used OPERATOR(pg_catalog.+) v_granted;
            ELSIF q.hour_start IS NULL OR q.hour_start OPERATOR(pg_catalog.<) v_hour THEN
                IF q.hour_start IS NOT NULL THEN
                    INSERT INTO tierc.usage_windows AS w (tenant, meter, window_kind, window_start, used)
                    VALUES (p_tenant, p_meter, 'hour', q.hour_start, q.hour_used)
                    ON CONFLICT (tenant, meter, window_kind, window_start) DO UPDATE
                       SET used = CASE WHEN w.used OPERATOR(pg_catalog.>) (9223372036854775807 OPERATOR(pg_catalog.-) excluded.used)
                                       THEN 9223372036854775807 ELSE w.used OPERATOR(pg_catalog.+) excluded.used END;
                END IF;
                n_hour_start := v_hour;
                n_hour_used := v_granted;
            ELSE
                INSERT INTO tierc.usage_windows AS w (tenant, meter, window_kind, window_start, used)
                VALUES (p_tenant, p_meter, 'hour', v_hour, v_granted)
                ON CONFLICT (tenant, meter, window_kind, window_start) DO UPDATE
                   SET used = w.used OPERATOR(pg_catalog.+) excluded.used;
            END IF;
            u_hour := u_hour OPERATOR(pg_catalog.+) v_granted;
            lease_hour := v_hour;
        END IF;
        IF l_minute IS NOT NULL THEN
            IF q.minute_start OPERATOR(pg_catalog.=) v_minute THEN
                n_minute_used := q.minute_used OPERATOR(pg_catalog.+) v_granted;
            ELSIF q.minute_start IS NULL OR q.minute_start OPERATOR(pg_catalog.<) v_minute THEN
                IF q.minute_start IS NOT NULL THEN
                    INSERT INTO tierc.usage_windows AS w (tenant, meter, window_kind, window_start, used)
                    VALUES (p_tenant, p_meter, 'minute', q.minute_start, q.minute_used)
                    ON CONFLICT (tenant, meter, window_kind, window_start) DO UPDATE
                       SET used = CASE WHEN w.used OPERATOR(pg_catalog.>) (9223372036854775807 OPERATOR(pg_catalog.-) excluded.used)
                                       THEN 9223372036854775807 ELSE w.used OPERATOR(pg_catalog.+) excluded.used END;
                END IF;
                n_minute_start := v_minute;
                n_minute_used := v_granted;
            ELSE
                INSERT INTO tierc.usage_windows AS w (tenant, meter, window_kind, window_start, used)
                VALUES (p_tenant, p_meter, 'minute', v_minute, v_granted)
                ON CONFLICT (tenant, meter, window_kind, window_start) DO UPDATE
                   SET used = w.used OPERATOR(pg_catalog.+) excluded.used;
            END IF;
            u_minute := u_minute OPERATOR(pg_catalog.+) v_granted;
            lease_minute := v_minute;
        END IF;
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
    IF l_month IS NOT NULL THEN
        quota_window := 'month';
        limit_value := l_month;
        used := u_month;
        reset_at := v_until_month;
        v_rows := v_rows OPERATOR(pg_catalog.+) 1;
        RETURN NEXT;
    END IF;
    IF l_day IS NOT NULL THEN
        quota_window := 'day';
        limit_value := l_day;
        used := u_day;
        reset_at := v_day OPERATOR(pg_catalog.+) interval '86400 seconds';
        v_rows := v_rows OPERATOR(pg_catalog.+) 1;
        RETURN NEXT;
    END IF;
    IF l_hour IS NOT NULL THEN
        quota_window := 'hour';
        limit_value := l_hour;
        used := u_hour;
        reset_at := v_hour OPERATOR(pg_catalog.+) interval '3600 seconds';
        v_rows := v_rows OPERATOR(pg_catalog.+) 1;
        RETURN NEXT;
    END IF;
    IF l_minute IS NOT NULL THEN
        quota_window := 'minute';
        limit_value := l_minute;
        used := u_minute;
        reset_at := v_minute OPERATOR(pg_catalog.+) interval '60 seconds';
        v_rows := v_rows OPERATOR(pg_catalog.+) 1;
        RETURN NEXT;
    END IF;
    IF v_rows OPERATOR(pg_catalog.=) 0 THEN
        RETURN NEXT;
    END IF;
END
$tierc$;
