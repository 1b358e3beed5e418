/// Usage outside the request path: gauge readings, invoices (docs/log-format.md#invoices and
/// docs/simulation.md#the-fine-points 7.19–7.25, exact `numeric` arithmetic with the runtime's rounding) and pruning of
/// short windows.
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
            v_scaled numeric := p_value OPERATOR(pg_catalog.*) (10::pg_catalog.numeric OPERATOR(pg_catalog.^) p_minor);
            v_quotient numeric;
            v_twice numeric;
        BEGIN
            IF p_per OPERATOR(pg_catalog.<=) 0 THEN
                RAISE EXCEPTION 'tierc.round_amount: per must be positive, not %', p_per
                    USING ERRCODE = 'invalid_parameter_value';
            END IF;
            v_quotient := pg_catalog.div(v_scaled, p_per);
            v_twice := 2 OPERATOR(pg_catalog.*) pg_catalog.abs(v_scaled OPERATOR(pg_catalog.-) (v_quotient OPERATOR(pg_catalog.*) p_per));
            IF v_twice OPERATOR(pg_catalog.>) p_per OR (v_twice OPERATOR(pg_catalog.=) p_per AND (p_rounding OPERATOR(pg_catalog.=) 'half_up' OR pg_catalog.mod(v_quotient, 2) OPERATOR(pg_catalog.<>) 0)) THEN
                v_quotient := v_quotient OPERATOR(pg_catalog.+) CASE WHEN v_scaled OPERATOR(pg_catalog.<) 0 THEN -1 ELSE 1 END;
            END IF;
            RETURN pg_catalog.round(v_quotient OPERATOR(pg_catalog.*) (10::pg_catalog.numeric OPERATOR(pg_catalog.^) (OPERATOR(pg_catalog.-) p_minor)), p_minor);
        END
        $tierc$;
        """#

    /// The amount of one usage price for a quantity (docs/simulation.md, fine points 7.23 and 7.26–7.28): the form
    /// prices max(0, quantity − free); unit (`flat`), graduated (each band bills its own units, `up_to`
    /// inclusive, plus the flat fee of band 1 and of every band the billed quantity passes into), volume (every unit
    /// at the first band whose `up_to` ≥ the billed quantity, else the last band, plus that band's flat fee) or
    /// package (ceil(billed / size) packages, exact with `div`); then `/ per` (flat fees × per first, so they are
    /// not divided), rounded once.
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
            v_flats numeric := 0;
            v_lower numeric := 0;
            v_upper numeric;
            v_billed numeric;
            v_first boolean := true;
            v_packages numeric;
            v_per bigint;
        BEGIN
            SELECT up.per, up.scheme, up.flat_price, up.package_size, up.free INTO v_price
              FROM tierc.usage_prices up WHERE up.price_id OPERATOR(pg_catalog.=) p_price_id;
            IF NOT FOUND THEN
                RAISE EXCEPTION 'tierc.usage_amount: no usage price %', p_price_id USING ERRCODE = 'invalid_parameter_value';
            END IF;
            v_per := v_price.per;
            v_billed := GREATEST(p_quantity OPERATOR(pg_catalog.-) v_price.free, 0::pg_catalog.numeric);
            IF v_price.scheme OPERATOR(pg_catalog.=) 'flat' THEN
                v_total := v_billed OPERATOR(pg_catalog.*) v_price.flat_price;
            ELSIF v_price.scheme OPERATOR(pg_catalog.=) 'package' THEN
                v_packages := pg_catalog.div(v_billed, v_price.package_size::pg_catalog.numeric);
                IF v_packages OPERATOR(pg_catalog.*) v_price.package_size OPERATOR(pg_catalog.<) v_billed THEN
                    v_packages := v_packages OPERATOR(pg_catalog.+) 1;
                END IF;
                v_total := v_packages OPERATOR(pg_catalog.*) v_price.flat_price;
                v_per := 1;
            ELSIF v_price.scheme OPERATOR(pg_catalog.=) 'graduated' THEN
                FOR v_band IN SELECT b.up_to, b.price, b.flat FROM tierc.price_bands b
                               WHERE b.price_id OPERATOR(pg_catalog.=) p_price_id ORDER BY b.ordinal LOOP
                    EXIT WHEN NOT v_first AND v_lower OPERATOR(pg_catalog.>=) v_billed;
                    v_first := false;
                    v_flats := v_flats OPERATOR(pg_catalog.+) v_band.flat;
                    EXIT WHEN v_lower OPERATOR(pg_catalog.>=) v_billed;
                    v_upper := CASE WHEN v_band.up_to IS NOT NULL AND v_band.up_to OPERATOR(pg_catalog.<) v_billed
                                    THEN v_band.up_to ELSE v_billed END;
                    IF v_lower OPERATOR(pg_catalog.<) v_upper THEN
                        v_total := v_total OPERATOR(pg_catalog.+) ((v_upper OPERATOR(pg_catalog.-) v_lower) OPERATOR(pg_catalog.*) v_band.price);
                    END IF;
                    EXIT WHEN v_band.up_to IS NULL;
                    v_lower := v_band.up_to;
                END LOOP;
            ELSE
                SELECT b.price, b.flat INTO v_band FROM tierc.price_bands b
                 WHERE b.price_id OPERATOR(pg_catalog.=) p_price_id AND (b.up_to IS NULL OR b.up_to OPERATOR(pg_catalog.>=) v_billed)
                 ORDER BY b.ordinal LIMIT 1;
                IF NOT FOUND THEN
                    SELECT b.price, b.flat INTO v_band FROM tierc.price_bands b
                     WHERE b.price_id OPERATOR(pg_catalog.=) p_price_id ORDER BY b.ordinal DESC LIMIT 1;
                END IF;
                IF FOUND THEN
                    v_total := v_billed OPERATOR(pg_catalog.*) v_band.price;
                    v_flats := v_band.flat;
                END IF;
            END IF;
            RETURN tierc.round_amount(v_total OPERATOR(pg_catalog.+) (v_flats OPERATOR(pg_catalog.*) v_per), v_per, p_minor, p_rounding);
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
            IF p_value OPERATOR(pg_catalog.=) 'NaN'::pg_catalog.numeric OR p_value OPERATOR(pg_catalog.<) 0::pg_catalog.numeric
               OR p_value OPERATOR(pg_catalog.=) 'Infinity'::pg_catalog.numeric THEN
                RAISE EXCEPTION 'tierc.record_gauge: a gauge reading must be a finite number >= 0, not %', p_value
                    USING ERRCODE = 'invalid_parameter_value';
            END IF;
            -- What the simulator reads as a gauge value (docs/postgres.md, Statuses and errors): below 10^37, at
            -- most 30 significant digits and 38 decimals.
            IF p_value OPERATOR(pg_catalog.>=) 1e37::pg_catalog.numeric
               OR pg_catalog.scale(pg_catalog.trim_scale(p_value)) OPERATOR(pg_catalog.>) 38
               OR pg_catalog.length(pg_catalog.rtrim(pg_catalog.ltrim(pg_catalog.replace(
                      pg_catalog.trim_scale(p_value)::pg_catalog.text, '.', ''), '0'), '0')) OPERATOR(pg_catalog.>) 30 THEN
                RAISE EXCEPTION 'tierc.record_gauge: a gauge reading must be below 10^37, with at most 30 significant digits and 38 decimals, not %',
                    CASE WHEN pg_catalog.length(p_value::pg_catalog.text) OPERATOR(pg_catalog.>) 60
                         THEN pg_catalog.left(p_value::pg_catalog.text, 40) OPERATOR(pg_catalog.||) '…'
                         ELSE p_value::pg_catalog.text END
                    USING ERRCODE = 'invalid_parameter_value';
            END IF;
            IF NOT (p_at OPERATOR(pg_catalog.>=) '0001-01-01 00:00:00+00'::pg_catalog.timestamptz
                    AND p_at OPERATOR(pg_catalog.<) '10000-01-01 00:00:00+00'::pg_catalog.timestamptz) THEN
                RAISE EXCEPTION 'tierc.record_gauge: p_at must be a finite time in the years 0001 to 9999 (UTC), not %', p_at
                    USING ERRCODE = 'invalid_parameter_value';
            END IF;
            SELECT t.id AS tenant, m.id AS meter, m.kind, gl.level
              INTO d
              FROM (SELECT 1) AS one
              LEFT JOIN tierc.tenants t ON t.id OPERATOR(pg_catalog.=) p_tenant
              LEFT JOIN tierc.meters m ON m.id OPERATOR(pg_catalog.=) p_meter
              LEFT JOIN tierc.gauge_limits gl ON gl.tier OPERATOR(pg_catalog.=) t.tier AND gl.meter OPERATOR(pg_catalog.=) m.id;
            IF d.tenant IS NULL THEN
                RAISE EXCEPTION 'tierc.record_gauge: unknown tenant %', pg_catalog.quote_literal(p_tenant)
                    USING ERRCODE = 'invalid_parameter_value';
            END IF;
            IF d.meter IS NULL THEN
                RAISE EXCEPTION 'tierc.record_gauge: unknown meter %', pg_catalog.quote_literal(p_meter)
                    USING ERRCODE = 'invalid_parameter_value';
            END IF;
            IF d.kind OPERATOR(pg_catalog.<>) 'gauge' THEN
                RAISE EXCEPTION 'tierc.record_gauge: meter % is a %, not a gauge', pg_catalog.quote_literal(p_meter), d.kind
                    USING ERRCODE = 'invalid_parameter_value';
            END IF;
            INSERT INTO tierc.gauge_readings (tenant, meter, read_at, value) VALUES (p_tenant, p_meter, p_at, p_value);
            RETURN d.level IS NOT NULL AND p_value OPERATOR(pg_catalog.>) d.level;
        END
        $tierc$;
        """#

    /// The invoice of one tenant for one calendar month (`YYYY-MM`, UTC), as `Invoice.assemble` builds it
    /// (docs/simulation.md, fine points 7.19–7.31): the base line (prorated by the days of the month that
    /// `tierc.subscriptions` covers), one usage line per meter the tier prices in the order the policy declares
    /// the meters, a `minimum` line when the rounded lines fall short of the tier's prorated minimum, and one
    /// `discount` line (negative) per discount of `tierc.tenant_discounts` active that month. No rows for a month
    /// outside the subscription. The total is the sum of the amounts.
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
            v_month_first date;
            v_month_last date;
            v_days integer;
            v_covered integer;
            v_since date;
            v_until date;
            v_month_index bigint;
            v_subtotal numeric;
            v_floor numeric;
            v_left numeric;
            v_discount numeric;
        BEGIN
            IF p_tenant IS NULL OR p_month IS NULL THEN
                RAISE EXCEPTION 'tierc.invoice: p_tenant and p_month must not be NULL'
                    USING ERRCODE = 'null_value_not_allowed';
            END IF;
            IF p_month OPERATOR(pg_catalog.!~) '^[0-9]{4}-(0[1-9]|1[0-2])$' OR p_month OPERATOR(pg_catalog.~~) '0000-%' THEN
                RAISE EXCEPTION 'tierc.invoice: the month must be YYYY-MM (0001-01 to 9999-12), not %',
                    pg_catalog.quote_literal(p_month) USING ERRCODE = 'invalid_datetime_format';
            END IF;
            v_start := pg_catalog.make_timestamp(pg_catalog.substr(p_month, 1, 4)::integer, pg_catalog.substr(p_month, 6, 2)::integer, 1, 0, 0, 0);
            SELECT t.id AS tenant, t.tier AS tier_id, tr.id AS tier, tr.price, tr.minimum, p.minor_units, p.rounding
              INTO d
              FROM tierc.policy_info p
              LEFT JOIN tierc.tenants t ON t.id OPERATOR(pg_catalog.=) p_tenant
              LEFT JOIN tierc.tiers tr ON tr.id OPERATOR(pg_catalog.=) t.tier;
            IF NOT FOUND THEN
                RAISE EXCEPTION 'tierc.invoice: no policy is loaded (apply policy.sql first)'
                    USING ERRCODE = 'object_not_in_prerequisite_state';
            END IF;
            IF d.tenant IS NULL THEN
                RAISE EXCEPTION 'tierc.invoice: unknown tenant %', pg_catalog.quote_literal(p_tenant)
                    USING ERRCODE = 'invalid_parameter_value';
            END IF;
            IF d.tier IS NULL THEN
                RAISE EXCEPTION 'tierc.invoice: tenant % is on tier %, which the policy does not define',
                    pg_catalog.quote_literal(p_tenant), pg_catalog.quote_literal(d.tier_id) USING ERRCODE = 'invalid_parameter_value';
            END IF;

            -- §7.29: the days of the month that the subscription covers; none: no invoice.
            v_month_first := v_start::pg_catalog.date;
            v_month_last := (v_start OPERATOR(pg_catalog.+) interval '1 month' OPERATOR(pg_catalog.-) interval '1 day')::pg_catalog.date;
            v_days := v_month_last OPERATOR(pg_catalog.-) v_month_first OPERATOR(pg_catalog.+) 1;
            SELECT s.since, s.until INTO v_since, v_until FROM tierc.subscriptions s WHERE s.tenant OPERATOR(pg_catalog.=) p_tenant;
            v_covered := LEAST(coalesce(v_until, v_month_last), v_month_last)
                         OPERATOR(pg_catalog.-) GREATEST(coalesce(v_since, v_month_first), v_month_first) OPERATOR(pg_catalog.+) 1;
            IF v_covered OPERATOR(pg_catalog.<=) 0 THEN
                RETURN;
            END IF;
            kind := 'base';
            amount := tierc.round_amount(d.price OPERATOR(pg_catalog.*) v_covered, v_days, d.minor_units, d.rounding);
            v_subtotal := amount;
            RETURN NEXT;
            FOR v_line IN SELECT m.id, m.kind, up.price_id
                            FROM tierc.meters m
                            JOIN tierc.usage_prices up ON up.meter OPERATOR(pg_catalog.=) m.id AND up.tier OPERATOR(pg_catalog.=) d.tier
                           ORDER BY m.ordinal LOOP
                IF v_line.kind OPERATOR(pg_catalog.=) 'counter' THEN
                    SELECT m.used INTO v_used FROM tierc.usage_months m
                     WHERE m.tenant OPERATOR(pg_catalog.=) p_tenant AND m.meter OPERATOR(pg_catalog.=) v_line.id AND m.month_start OPERATOR(pg_catalog.=) v_start AT TIME ZONE 'UTC';
                    IF v_used OPERATOR(pg_catalog.=) 9223372036854775807 THEN
                        RAISE EXCEPTION 'tierc.invoice: the % counter of tenant % saturated in %',
                            v_line.id, pg_catalog.quote_literal(p_tenant), p_month USING ERRCODE = 'numeric_value_out_of_range';
                    END IF;
                    v_quantity := coalesce(v_used, 0);
                ELSE
                    SELECT pg_catalog.max(g.value) INTO v_quantity FROM tierc.gauge_readings g
                     WHERE g.tenant OPERATOR(pg_catalog.=) p_tenant AND g.meter OPERATOR(pg_catalog.=) v_line.id
                       AND g.read_at OPERATOR(pg_catalog.>=) v_start AT TIME ZONE 'UTC'
                       AND g.read_at OPERATOR(pg_catalog.<) (v_start OPERATOR(pg_catalog.+) interval '1 month') AT TIME ZONE 'UTC';
                    v_quantity := coalesce(v_quantity, 0);
                END IF;
                kind := 'usage';
                meter := v_line.id;
                quantity := pg_catalog.trim_scale(v_quantity);
                amount := tierc.usage_amount(v_line.price_id, v_quantity, d.minor_units, d.rounding);
                v_subtotal := v_subtotal OPERATOR(pg_catalog.+) amount;
                RETURN NEXT;
            END LOOP;
            meter := NULL;
            quantity := NULL;
            -- §7.30: the prorated, rounded minimum against the rounded lines.
            IF d.minimum IS NOT NULL THEN
                v_floor := tierc.round_amount(d.minimum OPERATOR(pg_catalog.*) v_covered, v_days, d.minor_units, d.rounding);
                IF v_subtotal OPERATOR(pg_catalog.<) v_floor THEN
                    kind := 'minimum';
                    amount := v_floor OPERATOR(pg_catalog.-) v_subtotal;
                    v_subtotal := v_floor;
                    RETURN NEXT;
                END IF;
            END IF;
            -- §7.31: each active discount takes its percent of the same subtotal, cut to what is left of it.
            v_left := v_subtotal;
            v_month_index := pg_catalog.date_part('year', v_month_first)::pg_catalog.int8 OPERATOR(pg_catalog.*) 12
                             OPERATOR(pg_catalog.+) pg_catalog.date_part('month', v_month_first)::pg_catalog.int8 OPERATOR(pg_catalog.-) 1;
            FOR v_line IN SELECT td.percent,
                                 pg_catalog.date_part('year', td.from_month)::pg_catalog.int8 OPERATOR(pg_catalog.*) 12
                                 OPERATOR(pg_catalog.+) pg_catalog.date_part('month', td.from_month)::pg_catalog.int8 OPERATOR(pg_catalog.-) 1 AS from_index,
                                 td.months
                            FROM tierc.tenant_discounts td
                           WHERE td.tenant OPERATOR(pg_catalog.=) p_tenant
                           ORDER BY td.ordinal LOOP
                CONTINUE WHEN v_month_index OPERATOR(pg_catalog.<) v_line.from_index
                           OR v_month_index OPERATOR(pg_catalog.-) v_line.from_index OPERATOR(pg_catalog.>=) v_line.months;
                v_discount := LEAST(tierc.round_amount(v_subtotal OPERATOR(pg_catalog.*) v_line.percent, 100, d.minor_units, d.rounding), v_left);
                v_left := v_left OPERATOR(pg_catalog.-) v_discount;
                kind := 'discount';
                amount := OPERATOR(pg_catalog.-) v_discount;
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
             WHERE (c.window_kind OPERATOR(pg_catalog.=) 'minute' AND c.window_start OPERATOR(pg_catalog.<=) (p_before OPERATOR(pg_catalog.-) interval '1 minute'))
                OR (c.window_kind OPERATOR(pg_catalog.=) 'hour' AND c.window_start OPERATOR(pg_catalog.<=) (p_before OPERATOR(pg_catalog.-) interval '1 hour'))
                OR (c.window_kind OPERATOR(pg_catalog.=) 'day' AND c.window_start OPERATOR(pg_catalog.<=) (p_before OPERATOR(pg_catalog.-) interval '24 hours'));
            GET DIAGNOSTICS v_deleted = ROW_COUNT;
            RETURN v_deleted;
        END
        $tierc$;
        """#

    static let all = [roundAmount, usageAmount, recordGauge, invoice, pruneCounters]
}
