import PolicyModel

/// Replays a workload through `tierc.decide` (`check_request`'s answer with the `X-RateLimit-*` values) and
/// `tierc.record_gauge`, in order, one transaction per record (a DO block that commits after each), and reads every
/// answer back with one query. After every `usageEvery`-th request of a known tenant it also records
/// `tierc.usage` for that tenant at the request's time (``usage(in:)`` reads them).
enum SQLReplay {
    /// One answer of the server: the decision's columns, or a gauge reading's over-limit flag.
    struct Answer: Sendable, Equatable, CustomStringConvertible {
        var status: Int?
        var window: String?
        var limit: Int64?
        var used: Int64?
        var resetAt: Int64?
        /// The `X-RateLimit-*` window, limit, remaining and reset (`tierc.decide`'s `rate_…` columns).
        var rateWindow: String?
        var rateLimit: Int64?
        var rateRemaining: Int64?
        var rateReset: Int64?
        var overLimit: Bool?

        var description: String {
            if let overLimit { return "gauge over limit: \(overLimit)" }
            return "\(status.map(String.init) ?? "nil") \(window ?? "-") limit \(limit.map(String.init) ?? "-") "
                + "used \(used.map(String.init) ?? "-") reset \(resetAt.map(String.init) ?? "-") "
                + "rate \(rateWindow ?? "-") \(rateLimit.map(String.init) ?? "-") "
                + "remaining \(rateRemaining.map(String.init) ?? "-") reset \(rateReset.map(String.init) ?? "-")"
        }
    }

    /// One row of `tierc.usage` sampled during the replay: after record `seq`, the tenant of that record.
    struct UsageRow: Sendable, Equatable, CustomStringConvertible {
        var seq: Int
        var meter: String
        var window: String
        var start: Int64
        var used: Int64
        var limit: Int64?
        var remaining: Int64?
        var reset: Int64

        var description: String {
            "after record \(seq): \(meter) \(window) from \(start) used \(used) limit \(limit.map(String.init) ?? "-") "
                + "remaining \(remaining.map(String.init) ?? "-") reset \(reset)"
        }
    }

    /// Every how many records a request of a known tenant is followed by a `tierc.usage` sample.
    static let usageEvery = 20

    static func run(_ records: [ReplayRecord], in database: Database) async throws -> [Answer] {
        var script = """
            CREATE TEMPORARY TABLE replay_input (
                seq integer PRIMARY KEY, kind text NOT NULL, tenant text NOT NULL, path text, meter text, value numeric,
                at timestamptz NOT NULL);
            COPY replay_input (seq, kind, tenant, path, meter, value, at) FROM STDIN;

            """
        for (seq, record) in records.enumerated() {
            let fields: [String?]
            switch record.kind {
            case .request(let tenant, let path):
                fields = [String(seq), "request", tenant, path, nil, nil, record.timestamp]
            case .gauge(let tenant, let meter, let value):
                fields = [String(seq), "gauge", tenant, nil, meter, value.description, record.timestamp]
            }
            script += fields.map { $0.map(copyEscaped) ?? "\\N" }.joined(separator: "\t") + "\n"
        }
        script += """
            \\.
            CREATE TEMPORARY TABLE replay_output (
                seq integer PRIMARY KEY, status integer, quota_window text, limit_value bigint, used bigint,
                reset_at timestamptz, rate_window text, rate_limit bigint, rate_remaining bigint, rate_reset timestamptz,
                over_limit boolean);
            DROP TABLE IF EXISTS replay_usage;
            CREATE TABLE replay_usage (
                seq integer NOT NULL, n integer NOT NULL, meter text, quota_window text, window_start timestamptz,
                used bigint, limit_value bigint, remaining bigint, reset_at timestamptz, PRIMARY KEY (seq, n));
            DO $$
            DECLARE
                r record;
            BEGIN
                FOR r IN SELECT * FROM replay_input ORDER BY seq LOOP
                    IF r.kind = 'request' THEN
                        INSERT INTO replay_output (seq, status, quota_window, limit_value, used, reset_at, rate_window,
                                                   rate_limit, rate_remaining, rate_reset)
                        SELECT r.seq, c.status, c.quota_window, c.limit_value, c.used, c.reset_at, c.rate_window,
                               c.rate_limit, c.rate_remaining, c.rate_reset
                          FROM tierc.decide(r.tenant, r.path, r.at) AS c;
                        COMMIT;
                        IF r.seq % \(usageEvery) = 0 AND EXISTS (SELECT 1 FROM tierc.tenants t JOIN tierc.tiers tr ON tr.id = t.tier
                                                               WHERE t.id = r.tenant) THEN
                            INSERT INTO replay_usage
                            SELECT r.seq, u.n, u.meter, u.quota_window, u.window_start, u.used, u.limit_value, u.remaining,
                                   u.reset_at
                              FROM tierc.usage(r.tenant, r.at) WITH ORDINALITY AS u (meter, quota_window, window_start,
                                   used, limit_value, remaining, reset_at, n);
                        END IF;
                    ELSE
                        INSERT INTO replay_output (seq, over_limit)
                        VALUES (r.seq, tierc.record_gauge(r.tenant, r.meter, r.value, r.at));
                    END IF;
                    COMMIT;
                END LOOP;
            END
            $$;
            SELECT seq, status, quota_window, limit_value, used, extract(epoch FROM reset_at)::bigint, rate_window,
                   rate_limit, rate_remaining, extract(epoch FROM rate_reset)::bigint, over_limit
              FROM replay_output ORDER BY seq;

            """
        let rows = try await database.rows(script)
        guard rows.count == records.count else {
            throw HarnessError(description: "the replay returned \(rows.count) answers for \(records.count) records")
        }
        return try rows.enumerated().map { index, row in
            guard row.count == 11, row[0] == String(index) else {
                throw HarnessError(description: "unexpected replay row \(index): \(row)")
            }
            return Answer(status: row[1].flatMap { Int($0) }, window: row[2], limit: row[3].flatMap { Int64($0) },
                          used: row[4].flatMap { Int64($0) }, resetAt: row[5].flatMap { Int64($0) },
                          rateWindow: row[6], rateLimit: row[7].flatMap { Int64($0) },
                          rateRemaining: row[8].flatMap { Int64($0) }, rateReset: row[9].flatMap { Int64($0) },
                          overLimit: row[10].map { $0 == "t" })
        }
    }

    /// The `tierc.usage` samples that ``run(_:in:)`` recorded, in record order.
    static func usage(in database: Database) async throws -> [UsageRow] {
        let rows = try await database.rows("""
            SELECT seq, meter, quota_window, extract(epoch FROM window_start)::bigint, used, limit_value, remaining,
                   extract(epoch FROM reset_at)::bigint
              FROM replay_usage ORDER BY seq, n;
            """)
        return try rows.map { row in
            guard row.count == 8, let seq = row[0].flatMap({ Int($0) }), let meter = row[1], let window = row[2],
                  let start = row[3].flatMap({ Int64($0) }), let used = row[4].flatMap({ Int64($0) }),
                  let reset = row[7].flatMap({ Int64($0) }) else {
                throw HarnessError(description: "unexpected usage row: \(row)")
            }
            return UsageRow(seq: seq, meter: meter, window: window, start: start, used: used,
                            limit: row[5].flatMap { Int64($0) }, remaining: row[6].flatMap { Int64($0) }, reset: reset)
        }
    }

    /// COPY's text format: backslash, tab, line feed and carriage return escaped.
    static func copyEscaped(_ text: String) -> String {
        var out = ""
        for character in text.unicodeScalars {
            switch character {
            case "\\": out += "\\\\"
            case "\t": out += "\\t"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            default: out.unicodeScalars.append(character)
            }
        }
        return out
    }
}
