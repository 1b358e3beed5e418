CREATE OR REPLACE FUNCTION tierc.usage_amount(p_price_id integer, p_quantity numeric, p_minor integer,
                                              p_rounding text)
RETURNS numeric
LANGUAGE plpgsql STABLE STRICT SET search_path = pg_catalog, pg_temp
AS $tierc$
-- The amount of one usage price for a quantity (docs/simulation.md, fine points 7.23 and 7.26-7.28): the
-- form prices max(0, quantity - free); unit (flat), graduated (each band bills its own units, up_to inclusive,
-- plus the flat fee of band 1 and of every band the billed quantity passes into), volume (every unit at the
-- first band whose up_to >= the billed quantity, else the last band, plus that band's flat fee) or package
-- (ceil(billed / size) packages, exact with div); then / per (flat fees x per first, so they are not
-- divided), rounded once.
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
