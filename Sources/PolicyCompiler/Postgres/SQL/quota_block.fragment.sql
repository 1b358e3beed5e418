-- The quota part of a decision, shared by check_request's general path and tierc.charge_counter (one place
-- for the rule, docs/postgres.md#serving-from-postgresql): with d holding the tier, generation, meter, cost and
-- the four limits, it reads the counts of the request's windows: from the month row for its latest windows,
-- zero for a later window (it starts afresh), usage_windows for an earlier one (a record dated back). Windows
-- are checked month -> day -> hour -> minute with used > limit - cost (no overflow); counts never go down within
-- a window, so a refusal needs no lock and answers 429 with the first exhausted window. Otherwise it locks the
-- month row (creating it when missing), reads again, and counts the cost: in the month (saturating, like the
-- runtime), in a latest window, in a new latest window (the previous one moves to usage_windows), or in an
-- earlier window's row. It stamps the row with the tier and rules generation for the fast path.
-- The windows are read here from q, not through tierc.window_used as reserve_quota reads them: q is in hand
-- already (one read of the month row per pass), and this is the request path.
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
    u_day := NULL;
    IF d.day_limit IS NOT NULL THEN
        IF q.day_start OPERATOR(pg_catalog.=) v_day THEN
            u_day := q.day_used;
        ELSIF q.day_start OPERATOR(pg_catalog.>) v_day THEN
            SELECT w.used INTO u_day FROM tierc.usage_windows w
             WHERE w.tenant OPERATOR(pg_catalog.=) p_tenant AND w.meter OPERATOR(pg_catalog.=) d.meter AND w.window_kind OPERATOR(pg_catalog.=) 'day'
               AND w.window_start OPERATOR(pg_catalog.=) v_day;
        END IF;
        u_day := coalesce(u_day, 0);
    END IF;
    u_hour := NULL;
    IF d.hour_limit IS NOT NULL THEN
        IF q.hour_start OPERATOR(pg_catalog.=) v_hour THEN
            u_hour := q.hour_used;
        ELSIF q.hour_start OPERATOR(pg_catalog.>) v_hour THEN
            SELECT w.used INTO u_hour FROM tierc.usage_windows w
             WHERE w.tenant OPERATOR(pg_catalog.=) p_tenant AND w.meter OPERATOR(pg_catalog.=) d.meter AND w.window_kind OPERATOR(pg_catalog.=) 'hour'
               AND w.window_start OPERATOR(pg_catalog.=) v_hour;
        END IF;
        u_hour := coalesce(u_hour, 0);
    END IF;
    u_minute := NULL;
    IF d.minute_limit IS NOT NULL THEN
        IF q.minute_start OPERATOR(pg_catalog.=) v_minute THEN
            u_minute := q.minute_used;
        ELSIF q.minute_start OPERATOR(pg_catalog.>) v_minute THEN
            SELECT w.used INTO u_minute FROM tierc.usage_windows w
             WHERE w.tenant OPERATOR(pg_catalog.=) p_tenant AND w.meter OPERATOR(pg_catalog.=) d.meter AND w.window_kind OPERATOR(pg_catalog.=) 'minute'
               AND w.window_start OPERATOR(pg_catalog.=) v_minute;
        END IF;
        u_minute := coalesce(u_minute, 0);
    END IF;
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
IF d.day_limit IS NOT NULL THEN
    IF q.day_start OPERATOR(pg_catalog.=) v_day THEN
        n_day_used := CASE WHEN q.day_used OPERATOR(pg_catalog.>) (9223372036854775807 OPERATOR(pg_catalog.-) d.cost) THEN 9223372036854775807
                             ELSE q.day_used OPERATOR(pg_catalog.+) d.cost END;
    ELSIF q.day_start IS NULL OR q.day_start OPERATOR(pg_catalog.<) v_day THEN
        IF q.day_start IS NOT NULL THEN
            INSERT INTO tierc.usage_windows AS w (tenant, meter, window_kind, window_start, used)
            VALUES (p_tenant, d.meter, 'day', q.day_start, q.day_used)
            ON CONFLICT (tenant, meter, window_kind, window_start) DO UPDATE
               SET used = CASE WHEN w.used OPERATOR(pg_catalog.>) (9223372036854775807 OPERATOR(pg_catalog.-) excluded.used)
                               THEN 9223372036854775807 ELSE w.used OPERATOR(pg_catalog.+) excluded.used END;
        END IF;
        n_day_start := v_day;
        n_day_used := d.cost;
    ELSE
        INSERT INTO tierc.usage_windows AS w (tenant, meter, window_kind, window_start, used)
        VALUES (p_tenant, d.meter, 'day', v_day, d.cost)
        ON CONFLICT (tenant, meter, window_kind, window_start) DO UPDATE
           SET used = CASE WHEN w.used OPERATOR(pg_catalog.>) (9223372036854775807 OPERATOR(pg_catalog.-) excluded.used) THEN 9223372036854775807
                           ELSE w.used OPERATOR(pg_catalog.+) excluded.used END;
    END IF;
END IF;
IF d.hour_limit IS NOT NULL THEN
    IF q.hour_start OPERATOR(pg_catalog.=) v_hour THEN
        n_hour_used := CASE WHEN q.hour_used OPERATOR(pg_catalog.>) (9223372036854775807 OPERATOR(pg_catalog.-) d.cost) THEN 9223372036854775807
                             ELSE q.hour_used OPERATOR(pg_catalog.+) d.cost END;
    ELSIF q.hour_start IS NULL OR q.hour_start OPERATOR(pg_catalog.<) v_hour THEN
        IF q.hour_start IS NOT NULL THEN
            INSERT INTO tierc.usage_windows AS w (tenant, meter, window_kind, window_start, used)
            VALUES (p_tenant, d.meter, 'hour', q.hour_start, q.hour_used)
            ON CONFLICT (tenant, meter, window_kind, window_start) DO UPDATE
               SET used = CASE WHEN w.used OPERATOR(pg_catalog.>) (9223372036854775807 OPERATOR(pg_catalog.-) excluded.used)
                               THEN 9223372036854775807 ELSE w.used OPERATOR(pg_catalog.+) excluded.used END;
        END IF;
        n_hour_start := v_hour;
        n_hour_used := d.cost;
    ELSE
        INSERT INTO tierc.usage_windows AS w (tenant, meter, window_kind, window_start, used)
        VALUES (p_tenant, d.meter, 'hour', v_hour, d.cost)
        ON CONFLICT (tenant, meter, window_kind, window_start) DO UPDATE
           SET used = CASE WHEN w.used OPERATOR(pg_catalog.>) (9223372036854775807 OPERATOR(pg_catalog.-) excluded.used) THEN 9223372036854775807
                           ELSE w.used OPERATOR(pg_catalog.+) excluded.used END;
    END IF;
END IF;
IF d.minute_limit IS NOT NULL THEN
    IF q.minute_start OPERATOR(pg_catalog.=) v_minute THEN
        n_minute_used := CASE WHEN q.minute_used OPERATOR(pg_catalog.>) (9223372036854775807 OPERATOR(pg_catalog.-) d.cost) THEN 9223372036854775807
                             ELSE q.minute_used OPERATOR(pg_catalog.+) d.cost END;
    ELSIF q.minute_start IS NULL OR q.minute_start OPERATOR(pg_catalog.<) v_minute THEN
        IF q.minute_start IS NOT NULL THEN
            INSERT INTO tierc.usage_windows AS w (tenant, meter, window_kind, window_start, used)
            VALUES (p_tenant, d.meter, 'minute', q.minute_start, q.minute_used)
            ON CONFLICT (tenant, meter, window_kind, window_start) DO UPDATE
               SET used = CASE WHEN w.used OPERATOR(pg_catalog.>) (9223372036854775807 OPERATOR(pg_catalog.-) excluded.used)
                               THEN 9223372036854775807 ELSE w.used OPERATOR(pg_catalog.+) excluded.used END;
        END IF;
        n_minute_start := v_minute;
        n_minute_used := d.cost;
    ELSE
        INSERT INTO tierc.usage_windows AS w (tenant, meter, window_kind, window_start, used)
        VALUES (p_tenant, d.meter, 'minute', v_minute, d.cost)
        ON CONFLICT (tenant, meter, window_kind, window_start) DO UPDATE
           SET used = CASE WHEN w.used OPERATOR(pg_catalog.>) (9223372036854775807 OPERATOR(pg_catalog.-) excluded.used) THEN 9223372036854775807
                           ELSE w.used OPERATOR(pg_catalog.+) excluded.used END;
    END IF;
END IF;
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
