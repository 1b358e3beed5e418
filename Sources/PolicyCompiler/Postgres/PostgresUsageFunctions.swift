/// Usage outside the request path: gauge readings, invoices (simulation.md §4 and §7.19–§7.25, exact `numeric`
/// arithmetic with the runtime's rounding) and pruning of short windows.
enum PostgresUsageFunctions {
    /// `p_value / p_per` rounded to `p_minor` decimals, ties by `p_rounding`: exact. `div` truncates the
    /// scaled value towards zero without rounding, the remainder decides (like `ExactDecimal.divide`).
    /// PostgreSQL's own `round(numeric)` is half away from zero only, so half_even needs this.
    static let roundAmount = #"""
        CREATE OR REPLACE FUNCTION tierc.round_amount(p_value numeric, p_per bigint, p_minor integer, p_rounding text)
        RETURNS numeric
        LANGUAGE plpgsql IMMUTABLE STRICT SET search_path = pg_catalog, pg_temp
        AS $tierc$
        DECLARE
            v_scaled numeric := p_value * (10::numeric ^ p_minor);
            v_quotient numeric;
            v_twice numeric;
        BEGIN
            IF p_per <= 0 THEN
                RAISE EXCEPTION 'tierc.round_amount: per must be positive, not %', p_per
                    USING ERRCODE = 'invalid_parameter_value';
            END IF;
            v_quotient := div(v_scaled, p_per);
            v_twice := 2 * abs(v_scaled - v_quotient * p_per);
            IF v_twice > p_per OR (v_twice = p_per AND (p_rounding = 'half_up' OR mod(v_quotient, 2) <> 0)) THEN
                v_quotient := v_quotient + CASE WHEN v_scaled < 0 THEN -1 ELSE 1 END;
            END IF;
            RETURN round(v_quotient * (10::numeric ^ (-p_minor)), p_minor);
        END
        $tierc$;
        """#

    /// The amount of one usage price for a quantity: flat, graduated (each band bills its own units, `up_to`
    /// inclusive) or volume (every unit at the first band whose `up_to` ≥ the quantity, else the last band),
    /// then `/ per`, rounded once (simulation.md §7.23).
    static let usageAmount = #"""
        CREATE OR REPLACE FUNCTION tierc.usage_amount(p_price_id integer, p_quantity numeric, p_minor integer,
                                                      p_rounding text)
        RETURNS numeric
        LANGUAGE plpgsql STABLE STRICT SET search_path = pg_catalog, pg_temp
        AS $tierc$
        DECLARE
            v_price record;
            v_band record;
            v_total numeric := 0;
            v_lower numeric := 0;
            v_upper numeric;
        BEGIN
            SELECT up.per, up.scheme, up.flat_price INTO v_price FROM tierc.usage_prices up WHERE up.price_id = p_price_id;
            IF NOT FOUND THEN
                RAISE EXCEPTION 'tierc.usage_amount: no usage price %', p_price_id USING ERRCODE = 'invalid_parameter_value';
            END IF;
            IF v_price.scheme = 'flat' THEN
                v_total := p_quantity * v_price.flat_price;
            ELSIF v_price.scheme = 'graduated' THEN
                FOR v_band IN SELECT b.up_to, b.price FROM tierc.price_bands b
                               WHERE b.price_id = p_price_id ORDER BY b.ordinal LOOP
                    EXIT WHEN v_lower >= p_quantity;
                    v_upper := CASE WHEN v_band.up_to IS NOT NULL AND v_band.up_to < p_quantity
                                    THEN v_band.up_to ELSE p_quantity END;
                    IF v_lower < v_upper THEN
                        v_total := v_total + (v_upper - v_lower) * v_band.price;
                    END IF;
                    EXIT WHEN v_band.up_to IS NULL;
                    v_lower := v_band.up_to;
                END LOOP;
            ELSE
                SELECT b.price INTO v_band FROM tierc.price_bands b
                 WHERE b.price_id = p_price_id AND (b.up_to IS NULL OR b.up_to >= p_quantity)
                 ORDER BY b.ordinal LIMIT 1;
                IF NOT FOUND THEN
                    SELECT b.price INTO v_band FROM tierc.price_bands b
                     WHERE b.price_id = p_price_id ORDER BY b.ordinal DESC LIMIT 1;
                END IF;
                IF FOUND THEN
                    v_total := p_quantity * v_band.price;
                END IF;
            END IF;
            RETURN tierc.round_amount(v_total, v_price.per, p_minor, p_rounding);
        END
        $tierc$;
        """#

    /// Records a gauge level; true when it is above the tier's gauge limit (it refuses nothing). Unknown tenants,
    /// unknown meters, counter meters, NULLs, negative or non-finite values are errors.
    static let recordGauge = #"""
        CREATE OR REPLACE FUNCTION tierc.record_gauge(p_tenant text, p_meter text, p_value numeric, p_at timestamptz)
        RETURNS boolean
        LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
        AS $tierc$
        DECLARE
            d record;
        BEGIN
            IF p_tenant IS NULL OR p_meter IS NULL OR p_value IS NULL OR p_at IS NULL THEN
                RAISE EXCEPTION 'tierc.record_gauge: p_tenant, p_meter, p_value and p_at must not be NULL'
                    USING ERRCODE = 'null_value_not_allowed';
            END IF;
            IF p_value = 'NaN'::numeric OR p_value < 0 OR p_value = 'Infinity'::numeric THEN
                RAISE EXCEPTION 'tierc.record_gauge: a gauge reading must be a finite number >= 0, not %', p_value
                    USING ERRCODE = 'invalid_parameter_value';
            END IF;
            IF NOT isfinite(p_at) THEN
                RAISE EXCEPTION 'tierc.record_gauge: p_at must be a finite time, not %', p_at
                    USING ERRCODE = 'invalid_parameter_value';
            END IF;
            SELECT t.id AS tenant, m.id AS meter, m.kind, gl.level
              INTO d
              FROM (SELECT 1) AS one
              LEFT JOIN tierc.tenants t ON t.id = p_tenant
              LEFT JOIN tierc.meters m ON m.id = p_meter
              LEFT JOIN tierc.gauge_limits gl ON gl.tier = t.tier AND gl.meter = m.id;
            IF d.tenant IS NULL THEN
                RAISE EXCEPTION 'tierc.record_gauge: unknown tenant %', quote_literal(p_tenant)
                    USING ERRCODE = 'invalid_parameter_value';
            END IF;
            IF d.meter IS NULL THEN
                RAISE EXCEPTION 'tierc.record_gauge: unknown meter %', quote_literal(p_meter)
                    USING ERRCODE = 'invalid_parameter_value';
            END IF;
            IF d.kind <> 'gauge' THEN
                RAISE EXCEPTION 'tierc.record_gauge: meter % is a %, not a gauge', quote_literal(p_meter), d.kind
                    USING ERRCODE = 'invalid_parameter_value';
            END IF;
            INSERT INTO tierc.gauge_readings (tenant, meter, read_at, value) VALUES (p_tenant, p_meter, p_at, p_value);
            RETURN d.level IS NOT NULL AND p_value > d.level;
        END
        $tierc$;
        """#

    /// The invoice of one tenant for one calendar month (`YYYY-MM`, UTC): the base line, then one usage line per
    /// meter the tier prices, in the order the policy declares the meters. The total is the sum of the amounts.
    static let invoice = #"""
        CREATE OR REPLACE FUNCTION tierc.invoice(p_tenant text, p_month text)
        RETURNS TABLE (kind text, meter text, quantity numeric, amount numeric)
        LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
        AS $tierc$
        #variable_conflict use_column
        DECLARE
            d record;
            v_line record;
            v_start timestamp;
            v_used bigint;
            v_quantity numeric;
        BEGIN
            IF p_tenant IS NULL OR p_month IS NULL THEN
                RAISE EXCEPTION 'tierc.invoice: p_tenant and p_month must not be NULL'
                    USING ERRCODE = 'null_value_not_allowed';
            END IF;
            IF p_month !~ '^[0-9]{4}-(0[1-9]|1[0-2])$' OR p_month LIKE '0000-%' THEN
                RAISE EXCEPTION 'tierc.invoice: the month must be YYYY-MM (0001-01 to 9999-12), not %',
                    quote_literal(p_month) USING ERRCODE = 'invalid_datetime_format';
            END IF;
            v_start := make_timestamp(substr(p_month, 1, 4)::integer, substr(p_month, 6, 2)::integer, 1, 0, 0, 0);
            SELECT t.id AS tenant, t.tier AS tier_id, tr.id AS tier, tr.price, p.minor_units, p.rounding
              INTO d
              FROM tierc.policy_info p
              LEFT JOIN tierc.tenants t ON t.id = p_tenant
              LEFT JOIN tierc.tiers tr ON tr.id = t.tier;
            IF NOT FOUND THEN
                RAISE EXCEPTION 'tierc.invoice: no policy is loaded (apply policy.sql first)'
                    USING ERRCODE = 'object_not_in_prerequisite_state';
            END IF;
            IF d.tenant IS NULL THEN
                RAISE EXCEPTION 'tierc.invoice: unknown tenant %', quote_literal(p_tenant)
                    USING ERRCODE = 'invalid_parameter_value';
            END IF;
            IF d.tier IS NULL THEN
                RAISE EXCEPTION 'tierc.invoice: tenant % is on tier %, which the policy does not define',
                    quote_literal(p_tenant), quote_literal(d.tier_id) USING ERRCODE = 'invalid_parameter_value';
            END IF;

            kind := 'base';
            amount := tierc.round_amount(d.price, 1, d.minor_units, d.rounding);
            RETURN NEXT;
            FOR v_line IN SELECT m.id, m.kind, up.price_id
                            FROM tierc.meters m
                            JOIN tierc.usage_prices up ON up.meter = m.id AND up.tier = d.tier
                           ORDER BY m.ordinal LOOP
                IF v_line.kind = 'counter' THEN
                    SELECT m.used INTO v_used FROM tierc.usage_months m
                     WHERE m.tenant = p_tenant AND m.meter = v_line.id AND m.month_start = v_start AT TIME ZONE 'UTC';
                    IF v_used = 9223372036854775807 THEN
                        RAISE EXCEPTION 'tierc.invoice: the % counter of tenant % saturated in %',
                            v_line.id, quote_literal(p_tenant), p_month USING ERRCODE = 'numeric_value_out_of_range';
                    END IF;
                    v_quantity := coalesce(v_used, 0);
                ELSE
                    SELECT max(g.value) INTO v_quantity FROM tierc.gauge_readings g
                     WHERE g.tenant = p_tenant AND g.meter = v_line.id
                       AND g.read_at >= v_start AT TIME ZONE 'UTC'
                       AND g.read_at < (v_start + interval '1 month') AT TIME ZONE 'UTC';
                    v_quantity := coalesce(v_quantity, 0);
                END IF;
                kind := 'usage';
                meter := v_line.id;
                quantity := trim_scale(v_quantity);
                amount := tierc.usage_amount(v_line.price_id, v_quantity, d.minor_units, d.rounding);
                RETURN NEXT;
            END LOOP;
        END
        $tierc$;
        """#

    /// Deletes the earlier minute, hour and day windows (`usage_windows`) that ended at or before `p_before`.
    /// Month rows stay: they are the invoices' quantities, and hold only the latest window of each kind. A
    /// request dated inside a pruned window later counts from zero.
    static let pruneCounters = #"""
        CREATE OR REPLACE FUNCTION tierc.prune_counters(p_before timestamptz)
        RETURNS bigint
        LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
        AS $tierc$
        DECLARE
            v_deleted bigint;
        BEGIN
            IF p_before IS NULL THEN
                RAISE EXCEPTION 'tierc.prune_counters: p_before must not be NULL' USING ERRCODE = 'null_value_not_allowed';
            END IF;
            DELETE FROM tierc.usage_windows c
             WHERE (c.window_kind = 'minute' AND c.window_start <= p_before - interval '1 minute')
                OR (c.window_kind = 'hour' AND c.window_start <= p_before - interval '1 hour')
                OR (c.window_kind = 'day' AND c.window_start <= p_before - interval '24 hours');
            GET DIAGNOSTICS v_deleted = ROW_COUNT;
            RETURN v_deleted;
        END
        $tierc$;
        """#

    static let all = [roundAmount, usageAmount, recordGauge, invoice, pruneCounters]
}
