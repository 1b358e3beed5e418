internal import HTTPTypes
internal import Hummingbird
internal import TiercHummingbird

/// The `--store postgres` database is away (docs/serve.md#when-the-database-is-away): the request is answered 503
/// with `Retry-After` (the seconds until the next reconnection attempt, at least 1), by the main listener for a
/// decision under `--on-store-error deny` and for the usage and invoice endpoints, and by the admin listener for a
/// gauge reading.
struct StoreUnavailable: Error, Sendable, CustomStringConvertible {
    var retryAfter: Int64
    var reason: String

    var description: String { "the quota database is unavailable: \(reason)" }

    var answer: TiercAnswer {
        RefusalResponse.error(.serviceUnavailable, "The quota database cannot be reached; retry later.",
                              fields: [.retryAfter: String(max(1, retryAfter))])
    }
}
