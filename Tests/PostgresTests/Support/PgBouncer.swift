import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A throwaway PgBouncer in transaction pooling mode on 127.0.0.1 in front of one database of the test cluster,
/// for one login role: its clients share at most `poolSize` server connections, and a server connection goes back
/// to the pool at the end of every transaction (docs/postgres.md, Row-level security with pooled connections).
///
/// - Binary: `$TIERC_PGBOUNCER`, else /usr/sbin/pgbouncer (Debian), else PATH; when none is found, Debian's
///   `pgbouncer` package is installed with apt-get, like PostgreSQL (scripts/setup.sh installs both).
/// - PgBouncer refuses to run as root: as root it runs as the cluster's server user (`runuser`).
/// - Its folder (configuration, the role's password in `auth_file`, log, pid file) is inside the cluster's, which
///   the cluster removes; a watchdog in its own session stops it if this process dies before ``stop()``.
final class PgBouncer: Sendable {
    /// The port clients connect to.
    let port: Int
    /// The database name clients ask for (PgBouncer's alias of the cluster's database).
    let alias: String
    let folder: String
    private let launcherPID: Int32
    private let watchdogPID: Int32

    private init(port: Int, alias: String, folder: String, launcherPID: Int32, watchdogPID: Int32) {
        self.port = port
        self.alias = alias
        self.folder = folder
        self.launcherPID = launcherPID
        self.watchdogPID = watchdogPID
    }

    /// Starts PgBouncer for `database` (as its role, whose password goes into PgBouncer's `auth_file`) and waits
    /// until a client gets through it (at most 30 s).
    static func start(for database: Database, poolSize: Int) async throws -> PgBouncer {
        let cluster = database.cluster
        let binary = try await binary()
        let folder = cluster.root + "/pgbouncer-" + database.name
        try? FileManager.default.removeItem(atPath: folder)
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let port = try PostgresCluster.freePort()
        let alias = "pooled"
        let configuration = """
            [databases]
            \(alias) = host=127.0.0.1 port=\(cluster.port) dbname=\(database.name)

            [pgbouncer]
            listen_addr = 127.0.0.1
            listen_port = \(port)
            unix_socket_dir =
            auth_type = scram-sha-256
            auth_file = \(folder)/userlist.txt
            pool_mode = transaction
            default_pool_size = \(poolSize)
            min_pool_size = 0
            reserve_pool_size = 0
            max_client_conn = 200
            max_db_connections = \(poolSize)
            server_reset_query =
            logfile = \(folder)/pgbouncer.log
            pidfile = \(folder)/pgbouncer.pid

            """
        try Data(configuration.utf8).write(to: URL(fileURLWithPath: folder + "/pgbouncer.ini"))
        let quoted = { (text: String) in "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
        try Data((quoted(database.user) + " " + quoted(database.password) + "\n").utf8)
            .write(to: URL(fileURLWithPath: folder + "/userlist.txt"))
        chmod(folder + "/userlist.txt", 0o600)
        if let user = cluster.serverUser {
            guard let account = getpwnam(user) else { throw HarnessError(description: "no user \(user)") }
            for name in ["", "/pgbouncer.ini", "/userlist.txt"] {
                guard chown(folder + name, account.pointee.pw_uid, account.pointee.pw_gid) == 0 else {
                    throw HarnessError(description: "chown \(folder + name) failed: \(errno)")
                }
            }
        }
        let launcher = try Command.spawn(PostgresCluster.asServer(cluster.serverUser, [binary, folder + "/pgbouncer.ini"]),
                                         stdin: "/dev/null", stdout: folder + "/stdout", stderr: folder + "/stderr",
                                         environment: [:], newSession: true)
        let pidFile = PostgresCluster.shellQuoted(folder + "/pgbouncer.pid")
        let watchdog = try Command.spawn(
            ["/bin/sh", "-c", "while kill -0 \(getpid()) 2>/dev/null; do sleep 1; done; "
                + "[ -f \(pidFile) ] && kill -TERM \"$(cat \(pidFile))\""],
            stdin: "/dev/null", stdout: "/dev/null", stderr: "/dev/null", environment: [:], newSession: true)
        let bouncer = PgBouncer(port: port, alias: alias, folder: folder, launcherPID: launcher, watchdogPID: watchdog)
        let probe = database.through(port: port, database: alias)
        for _ in 0..<150 {
            if (try? await probe.value("SELECT 1;")) == "1" { return bouncer }
            if kill(launcher, 0) != 0 { break }  // it exited: its log says why
            try await Task.sleep(nanoseconds: 200_000_000)
        }
        let log = (try? String(contentsOfFile: folder + "/pgbouncer.log", encoding: .utf8)) ?? ""
        let stderr = (try? String(contentsOfFile: folder + "/stderr", encoding: .utf8)) ?? ""
        await bouncer.stop()
        throw HarnessError(description: "PgBouncer did not accept a client within 30 s:\n\(stderr)\(log)")
    }

    /// Stops PgBouncer (SIGTERM: immediate shutdown) and its watchdog.
    func stop() async {
        kill(watchdogPID, SIGKILL)
        _ = await Command.wait(watchdogPID)
        if let text = try? String(contentsOfFile: folder + "/pgbouncer.pid", encoding: .utf8),
           let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)) {
            kill(pid, SIGTERM)
        }
        kill(launcherPID, SIGTERM)
        _ = await Command.wait(launcherPID)
    }

    /// What PgBouncer logged so far.
    var log: String { (try? String(contentsOfFile: folder + "/pgbouncer.log", encoding: .utf8)) ?? "" }

    private static func binary() async throws -> String {
        func find() -> String? {
            let candidates = [ProcessInfo.processInfo.environment["TIERC_PGBOUNCER"], "/usr/sbin/pgbouncer",
                              Command.which("pgbouncer")]
            return candidates.compactMap { $0 }.first { FileManager.default.isExecutableFile(atPath: $0) }
        }
        if let found = find() { return found }
        try await PostgresCluster.installDebianPackage("pgbouncer")
        guard let found = find() else { throw HarnessError(description: "pgbouncer not found after installing it") }
        return found
    }
}
