/// Why the PostgreSQL store cannot be used (docs/postgres.md#serving-from-postgresql): each message says what was
/// expected, what was found and what to do.
public enum PostgresStoreError: Error, Sendable, CustomStringConvertible, Equatable {
    /// The `--store` URL does not parse.
    case badURL(String)
    /// The database could not be reached or refused the login.
    case unreachable(String)
    /// The database holds no policy, or another policy or revision than the one loaded, or other tenants.
    case mismatch(String)
    /// A query failed (the database went away mid-run, a function raised).
    case query(String)

    public var description: String {
        switch self {
        case .badURL(let text), .unreachable(let text), .mismatch(let text), .query(let text): text
        }
    }
}
