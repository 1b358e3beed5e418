import PolicyModel

/// tenants.sql's statements: the directory goes into temporary tables, then replaces `tierc.tenants` and
/// `tierc.api_keys` in place (changed rows updated, missing rows deleted, new rows inserted), so that a reload
/// rewrites nothing that did not change. Key hashes only: the directory never holds a raw key. Keys that
/// `tierc.create_api_key` made (`origin = 'sql'`) are not the file's and are left alone. A key of a `keys:` entry
/// brings its display prefix, label (`name`) and `created` date (as 00:00 UTC) into the same columns that
/// `tierc.create_api_key` fills, so `tierc.api_key_list` shows every key by tenant, without any secret.
struct PostgresTenantRows: Sendable {
    let directory: TenantDirectory
    /// What the `keys:` entries show of a key, by lowercase hex hash.
    var keyDetails: [String: PostgresKeyDetails] = [:]

    /// Tenants in directory order (sorted by id); a repeated id keeps its first entry, as the runtime's index does.
    var tenants: SQLInsert {
        SQLInsert(table: "pg_temp.tierc_load_tenants", columns: ["id", "tier", "subdomain"],
                  rows: directory.tenants.map { [.text($0.id), .text($0.tier), .text($0.subdomain)] },
                  suffix: "ON CONFLICT (id) DO NOTHING")
    }

    /// Key hashes in lower case, with the revocation day of a revoked key (`YYYY-MM-DD`) and, for a key of a
    /// `keys:` entry, its prefix, label and creation day; a hash given to two tenants belongs to the first, as in
    /// the runtime's index.
    var apiKeys: SQLInsert {
        SQLInsert(table: "pg_temp.tierc_load_api_keys", columns: ["key_hash", "tenant", "revoked_on", "prefix", "name", "created_on"],
                  rows: directory.tenants.flatMap { tenant in
                      tenant.apiKeyHashes.map { hash in
                          let details = keyDetails[hash.lowercased()]
                          return [.text(hash.lowercased()), .text(tenant.id), .text(tenant.keyRevocations[hash]?.description),
                                  .text(details?.prefix), .text(details?.name), .text(details?.created?.description)]
                      }
                  },
                  suffix: "ON CONFLICT (key_hash) DO NOTHING")
    }
}
