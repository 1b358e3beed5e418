CONSTRAINT usage_prices_scheme_check CHECK (scheme OPERATOR(pg_catalog.=) ANY (ARRAY['flat', 'graduated', 'volume', 'package']))
CONSTRAINT usage_prices_flat_price_check CHECK ((scheme OPERATOR(pg_catalog.=) ANY (ARRAY['flat', 'package'])) OPERATOR(pg_catalog.=) (flat_price IS NOT NULL))
CONSTRAINT usage_prices_package_size_check CHECK ((scheme OPERATOR(pg_catalog.=) 'package') OPERATOR(pg_catalog.=) (package_size IS NOT NULL) AND (package_size IS NULL OR package_size OPERATOR(pg_catalog.>) 0))
