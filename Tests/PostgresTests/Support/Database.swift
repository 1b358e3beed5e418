import Foundation

/// One database of the test cluster as one role, spoken to through `psql` over TCP (no Swift driver: the tests
/// see exactly what any backend loading the generated SQL would see).
struct Database: Sendable {
    let cluster: PostgresCluster
    let name: String
    let user: String
    let password: String
    /// The port psql connects to: nil for the cluster's own, or a connection pooler's in front of it
    /// (``through(port:database:)``).
    var port: Int? = nil

    /// How psql prints NULL in ``rows(_:)``.
    static let nullMarker = "<tierc-null>"

    /// The same database as another role.
    func connected(as user: String, password: String) -> Database {
        Database(cluster: cluster, name: name, user: user, password: password, port: port)
    }

    /// The same role through a connection pooler on 127.0.0.1 at `port`, whose database alias is `database`.
    func through(port: Int, database: String) -> Database {
        Database(cluster: cluster, name: database, user: user, password: password, port: port)
    }

    /// psql's command line for this database.
    func psqlArguments(_ extra: [String] = []) -> [String] {
        [cluster.binDirectory + "/psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p", String(port ?? cluster.port),
         "-U", user, "-d", name] + extra
    }

    var environment: [String: String] {
        ["PGPASSWORD": password, "PGCONNECT_TIMEOUT": "20", "PGTZ": "UTC", "PGCLIENTENCODING": "UTF8"]
    }

    /// Runs a script (statements, psql meta-commands, COPY data) in one session; throws with psql's error output
    /// when a statement fails. Returns what psql printed.
    @discardableResult
    func run(_ script: String) async throws -> String {
        let result = try await Command.run(psqlArguments(["-f", "-"]), stdin: script, environment: environment,
                                           scratch: cluster.scratch)
        guard result.status == 0 else {
            throw HarnessError(description: "psql failed (status \(result.status)) in \(name) as \(user):\n\(result.stderr)")
        }
        return result.stdout
    }

    /// Starts a script in a session of its own without waiting for it (several sessions at once).
    func start(_ script: String) throws -> Command.Running {
        try Command.start(psqlArguments(["-A", "-t", "-f", "-"]), stdin: script, environment: environment,
                          scratch: cluster.scratch)
    }

    /// The rows a script's last query prints, fields split on tabs, NULL as nil.
    func rows(_ script: String) async throws -> [[String?]] {
        let result = try await Command.run(
            psqlArguments(["-A", "-t", "-F", "\t", "-P", "null=" + Self.nullMarker, "-f", "-"]), stdin: script,
            environment: environment, scratch: cluster.scratch)
        guard result.status == 0 else {
            throw HarnessError(description: "psql failed (status \(result.status)) in \(name) as \(user):\n\(result.stderr)")
        }
        return result.stdout.split(separator: "\n", omittingEmptySubsequences: true).map { line in
            line.split(separator: "\t", omittingEmptySubsequences: false).map { field in
                field == Self.nullMarker ? nil : String(field)
            }
        }
    }

    /// The single value of a query.
    func value(_ sql: String) async throws -> String? {
        let result = try await rows(sql)
        guard result.count == 1, result[0].count == 1 else {
            throw HarnessError(description: "expected one value from \(sql), got \(result)")
        }
        return result[0][0]
    }

    /// Runs a script that must fail; returns psql's error output (which names the SQL error).
    func failure(_ script: String) async throws -> String {
        let result = try await Command.run(psqlArguments(["-f", "-"]), stdin: script, environment: environment,
                                           scratch: cluster.scratch)
        guard result.status != 0 else {
            throw HarnessError(description: "expected an error from:\n\(script)\nbut psql printed:\n\(result.stdout)")
        }
        return result.stderr
    }
}
