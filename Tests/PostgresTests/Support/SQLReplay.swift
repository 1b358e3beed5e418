import PolicyModel

/// Replays a workload through `tierc.check_request` and `tierc.record_gauge`, in order, one transaction per
/// record (a DO block that commits after each), and reads every answer back with one query.
enum SQLReplay {
    /// One answer of the server: the decision's columns, or a gauge reading's over-limit flag.
    struct Answer: Sendable, Equatable, CustomStringConvertible {
        var status: Int?
        var window: String?
        var limit: Int64?
        var used: Int64?
        var resetAt: Int64?
        var overLimit: Bool?

        var description: String {
            if let overLimit { return "gauge over limit: \(overLimit)" }
            return "\(status.map(String.init) ?? "nil") \(window ?? "-") limit \(limit.map(String.init) ?? "-") "
                + "used \(used.map(String.init) ?? "-") reset \(resetAt.map(String.init) ?? "-")"
        }
    }

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
                reset_at timestamptz, over_limit boolean);
            DO $$
            DECLARE
                r record;
            BEGIN
                FOR r IN SELECT * FROM replay_input ORDER BY seq LOOP
                    IF r.kind = 'request' THEN
                        INSERT INTO replay_output (seq, status, quota_window, limit_value, used, reset_at)
                        SELECT r.seq, c.status, c.quota_window, c.limit_value, c.used, c.reset_at
                          FROM tierc.check_request(r.tenant, r.path, r.at) AS c;
                    ELSE
                        INSERT INTO replay_output (seq, over_limit)
                        VALUES (r.seq, tierc.record_gauge(r.tenant, r.meter, r.value, r.at));
                    END IF;
                    COMMIT;
                END LOOP;
            END
            $$;
            SELECT seq, status, quota_window, limit_value, used, extract(epoch FROM reset_at)::bigint, over_limit
              FROM replay_output ORDER BY seq;

            """
        let rows = try await database.rows(script)
        guard rows.count == records.count else {
            throw HarnessError(description: "the replay returned \(rows.count) answers for \(records.count) records")
        }
        return try rows.enumerated().map { index, row in
            guard row.count == 7, row[0] == String(index) else {
                throw HarnessError(description: "unexpected replay row \(index): \(row)")
            }
            return Answer(status: row[1].flatMap { Int($0) }, window: row[2], limit: row[3].flatMap { Int64($0) },
                          used: row[4].flatMap { Int64($0) }, resetAt: row[5].flatMap { Int64($0) },
                          overLimit: row[6].map { $0 == "t" })
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
