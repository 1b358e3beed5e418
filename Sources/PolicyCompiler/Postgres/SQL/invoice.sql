CREATE OR REPLACE FUNCTION tierc.invoice(p_tenant text, p_month text)
RETURNS TABLE (kind text, meter text, quantity numeric, amount numeric)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $tierc$
#variable_conflict use_column
-- The invoice of one tenant for one calendar month (YYYY-MM, UTC), as Invoice.assemble builds it
-- (docs/simulation.md, fine points 7.19-7.31): the base line (prorated by the days of the month that
-- tierc.subscriptions covers), one usage line per meter the tier prices in the order the policy declares the
-- meters, a minimum line when the rounded lines fall short of the tier's prorated minimum, and one discount line
-- (negative) per discount of tierc.tenant_discounts active that month. No rows for a month outside the
-- subscription. The total is the sum of the amounts.
DECLARE
    d record;
    v_tier text;
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
    -- One snapshot for the whole function (STABLE): the tier tenant_tier found is the one read here.
    v_tier := tierc.tenant_tier('tierc.invoice', p_tenant);
    SELECT tr.id AS tier, tr.price, tr.minimum, p.minor_units, p.rounding
      INTO STRICT d
      FROM tierc.policy_info p
      JOIN tierc.tiers tr ON tr.id OPERATOR(pg_catalog.=) v_tier;

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
