-- Merges the staged directory into the tenant tables: changed rows updated, missing rows deleted, new rows
-- inserted. Keys that tierc.create_api_key made (origin = 'sql') are not the file's and are left alone. A key of
-- a keys: entry brings its display prefix, label (name) and created date (as 00:00 UTC) into the same columns
-- that create_api_key fills, so tierc.api_key_list shows every key by tenant, without any secret. The tenants
-- table is locked against other writers first, so that the merge's row locks (and its triggers' locks on the
-- rules) never meet another writer's in the opposite order.
LOCK TABLE tierc.tenants IN SHARE ROW EXCLUSIVE MODE;
DELETE FROM tierc.api_keys k
 WHERE k.origin OPERATOR(pg_catalog.=) 'tenants.sql'
   AND NOT EXISTS (SELECT 1 FROM pg_temp.tierc_load_api_keys n
                    WHERE n.key_hash OPERATOR(pg_catalog.=) k.key_hash AND n.tenant OPERATOR(pg_catalog.=) k.tenant);
DELETE FROM tierc.tenants t
 WHERE NOT EXISTS (SELECT 1 FROM pg_temp.tierc_load_tenants n WHERE n.id OPERATOR(pg_catalog.=) t.id);
INSERT INTO tierc.tenants AS t (id, tier, subdomain)
SELECT n.id, n.tier, n.subdomain FROM pg_temp.tierc_load_tenants n ORDER BY n.id
ON CONFLICT (id) DO UPDATE SET tier = excluded.tier, subdomain = excluded.subdomain
 WHERE NOT (t.tier OPERATOR(pg_catalog.=) excluded.tier AND t.subdomain OPERATOR(pg_catalog.=) excluded.subdomain);
INSERT INTO tierc.api_keys AS k (key_hash, tenant, revoked_on, prefix, name, created_at)
SELECT n.key_hash, n.tenant, n.revoked_on, n.prefix, n.name,
       pg_catalog.timezone('UTC', n.created_on::pg_catalog.timestamp)
  FROM pg_temp.tierc_load_api_keys n ORDER BY n.key_hash
ON CONFLICT (key_hash) DO UPDATE
   SET revoked_on = excluded.revoked_on, prefix = excluded.prefix, name = excluded.name,
       created_at = excluded.created_at
 WHERE (k.revoked_on IS NULL) OPERATOR(pg_catalog.<>) (excluded.revoked_on IS NULL)
    OR k.revoked_on OPERATOR(pg_catalog.<>) excluded.revoked_on
    OR (k.prefix IS NULL) OPERATOR(pg_catalog.<>) (excluded.prefix IS NULL)
    OR k.prefix OPERATOR(pg_catalog.<>) excluded.prefix
    OR (k.name IS NULL) OPERATOR(pg_catalog.<>) (excluded.name IS NULL)
    OR k.name OPERATOR(pg_catalog.<>) excluded.name
    OR (k.created_at IS NULL) OPERATOR(pg_catalog.<>) (excluded.created_at IS NULL)
    OR k.created_at OPERATOR(pg_catalog.<>) excluded.created_at;
