-- Deletes the rows that changed or went away, then inserts what is new (the directory's merge ran first,
-- so every staged tenant exists): rows that did not change are not rewritten.
DELETE FROM tierc.subscriptions s
 WHERE NOT EXISTS (SELECT 1 FROM pg_temp.tierc_load_subscriptions n
                    WHERE n.tenant OPERATOR(pg_catalog.=) s.tenant AND n.since IS NOT DISTINCT FROM s.since
                      AND n.until IS NOT DISTINCT FROM s.until);
INSERT INTO tierc.subscriptions (tenant, since, until)
SELECT n.tenant, n.since, n.until FROM pg_temp.tierc_load_subscriptions n ORDER BY n.tenant
ON CONFLICT (tenant) DO NOTHING;
DELETE FROM tierc.tenant_discounts d
 WHERE NOT EXISTS (SELECT 1 FROM pg_temp.tierc_load_discounts n
                    WHERE n.tenant OPERATOR(pg_catalog.=) d.tenant AND n.ordinal OPERATOR(pg_catalog.=) d.ordinal
                      AND n.percent OPERATOR(pg_catalog.=) d.percent AND n.from_month OPERATOR(pg_catalog.=) d.from_month
                      AND n.months OPERATOR(pg_catalog.=) d.months);
INSERT INTO tierc.tenant_discounts (tenant, ordinal, percent, from_month, months)
SELECT n.tenant, n.ordinal, n.percent, n.from_month, n.months FROM pg_temp.tierc_load_discounts n ORDER BY n.tenant, n.ordinal
ON CONFLICT (tenant, ordinal) DO NOTHING;
