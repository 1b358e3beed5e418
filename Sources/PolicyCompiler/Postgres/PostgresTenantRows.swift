import PolicyModel

/// tenants.sql's rows of the tenant directory, staged by SQL/tenants_staging.sql and merged by SQL/tenants_merge.sql
/// (docs/postgres.md#schema): key hashes only, never a raw key; a key of a `keys:` entry brings its display prefix,
/// label and `created` date.
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
