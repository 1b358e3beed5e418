import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A throwaway PostgreSQL cluster for the tests: `initdb` into a temporary folder, a server on 127.0.0.1 at a
/// free port (password authentication, unix socket inside the folder), stopped and removed by ``stop()``.
///
/// - Binaries: `$TIERC_POSTGRES_BIN`, else the newest /usr/lib/postgresql/*/bin (Debian), else PATH. When none
///   is found, Debian's `postgresql` package is installed with apt-get (as root, or through `sudo -n`).
/// - initdb refuses to run as root: as root the server runs as the `postgres` user (`runuser`), which the
///   Debian package creates; the clients (psql) run as the current user either way.
/// - A watchdog process in its own session stops the server and removes the folder if this process dies
///   before ``stop()`` (a crash, a kill), so no server outlives the tests.
final class PostgresCluster: Sendable {
    let binDirectory: String
    let root: String
    let port: Int
    let superuser = "tierc_test"
    let password: String
    /// The OS user that runs the server when this process is root (nil: the current user).
    let serverUser: String?
    private let watchdogPID: Int32

    /// Where the clients' scratch files go.
    var scratch: String { root + "/client" }
    var dataDirectory: String { root + "/data" }

    @TaskLocal static var current: PostgresCluster?

    private init(binDirectory: String, root: String, port: Int, password: String, serverUser: String?, watchdogPID: Int32) {
        self.binDirectory = binDirectory
        self.root = root
        self.port = port
        self.password = password
        self.serverUser = serverUser
        self.watchdogPID = watchdogPID
    }

    /// Creates, starts and returns a new cluster.
    static func start() async throws -> PostgresCluster {
        let bin = try await binaries()
        let isRoot = geteuid() == 0
        let serverUser: String? = isRoot ? try await serverAccount() : nil
        var base = isRoot ? "/tmp" : NSTemporaryDirectory()  // as root: a folder the server's user can reach
        while base.count > 1, base.hasSuffix("/") { base.removeLast() }
        var template = Array((base + "/tierc-pg-XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else { throw HarnessError(description: "mkdtemp failed: \(errno)") }
        let root = String(cString: made)
        let password = randomHex(bytes: 16)
        try Data((password + "\n").utf8).write(to: URL(fileURLWithPath: root + "/pwfile"))
        if let serverUser {
            guard let account = getpwnam(serverUser) else { throw HarnessError(description: "no user \(serverUser)") }
            for path in [root, root + "/pwfile"] {
                guard chown(path, account.pointee.pw_uid, account.pointee.pw_gid) == 0 else {
                    throw HarnessError(description: "chown \(path) failed: \(errno)")
                }
            }
        }
        let watchdog = try startWatchdog(bin: bin, root: root, serverUser: serverUser)
        do {
            try FileManager.default.createDirectory(atPath: root + "/client", withIntermediateDirectories: true)
            try await Command.check(
                asServer(serverUser, [bin + "/initdb", "-D", root + "/data", "-U", "tierc_test", "--pwfile=" + root + "/pwfile",
                                      "--auth-local=trust", "--auth-host=scram-sha-256", "--encoding=UTF8", "--locale=C",
                                      "--no-sync"]),
                scratch: root + "/client")
            var lastError: (any Error)?
            for _ in 0..<5 {
                let port = try freePort()
                do {
                    try await Command.check(
                        asServer(serverUser, [bin + "/pg_ctl", "-D", root + "/data", "-l", root + "/server.log", "-w", "-t", "60",
                                              "-o", serverOptions(port: port, root: root), "start"]),
                        scratch: root + "/client")
                    return PostgresCluster(binDirectory: bin, root: root, port: port, password: password,
                                           serverUser: serverUser, watchdogPID: watchdog)
                } catch {
                    lastError = error  // most likely the port was taken meanwhile: try another
                }
            }
            // What the server said, before the folder goes.
            let log = (try? String(contentsOfFile: root + "/server.log", encoding: .utf8)) ?? ""
            throw HarnessError(description: "\(lastError.map { "\($0)" } ?? "the server did not start"); server.log ends: "
                               + log.split(separator: "\n").suffix(6).joined(separator: " | "))
        } catch {
            kill(watchdog, SIGKILL)
            _ = await Command.wait(watchdog)
            await stopServer(bin: bin, root: root, serverUser: serverUser)
            try? FileManager.default.removeItem(atPath: root)
            throw error
        }
    }

    /// Stops the server (immediate shutdown: nothing in it is kept) and removes the folder.
    func stop() async {
        kill(watchdogPID, SIGKILL)
        _ = await Command.wait(watchdogPID)
        await Self.stopServer(bin: binDirectory, root: root, serverUser: serverUser)
        try? FileManager.default.removeItem(atPath: root)
    }

    /// Stops the server (fast shutdown: sessions are ended) and keeps its data, for tests of a database that goes
    /// away in the middle of a run; ``resume()`` starts it again on the same port.
    func pause() async throws {
        try await Command.check(Self.asServer(serverUser, [binDirectory + "/pg_ctl", "-D", dataDirectory, "-m", "fast", "-w", "stop"]),
                                scratch: scratch)
    }

    /// Starts the server stopped by ``pause()`` again, with the same settings and port.
    func resume() async throws {
        try await Command.check(
            Self.asServer(serverUser, [binDirectory + "/pg_ctl", "-D", dataDirectory, "-l", root + "/server.log", "-w", "-t", "60",
                                       "-o", Self.serverOptions(port: port, root: root), "start"]),
            scratch: scratch)
    }

    /// Creates an empty database and returns a handle for the superuser.
    func createDatabase(_ name: String) async throws -> Database {
        let admin = Database(cluster: self, name: "postgres", user: superuser, password: password)
        try await admin.run("DROP DATABASE IF EXISTS \(name);\nCREATE DATABASE \(name);")
        return Database(cluster: self, name: name, user: superuser, password: password)
    }

    // MARK: - Setup steps

    /// The directory holding initdb, pg_ctl, postgres, psql and pgbench; installs Debian's postgresql when missing.
    private static func binaries() async throws -> String {
        if let found = findBinaries() { return found }
        try await installDebianPackage("postgresql")
        guard let found = findBinaries() else {
            throw HarnessError(description: "PostgreSQL binaries not found after installing postgresql")
        }
        return found
    }

    private static func findBinaries() -> String? {
        let needed = ["initdb", "pg_ctl", "postgres", "psql"]
        func complete(_ directory: String) -> Bool {
            needed.allSatisfy { FileManager.default.isExecutableFile(atPath: directory + "/" + $0) }
        }
        if let override = ProcessInfo.processInfo.environment["TIERC_POSTGRES_BIN"], complete(override) { return override }
        let debian = "/usr/lib/postgresql"
        let versions = ((try? FileManager.default.contentsOfDirectory(atPath: debian)) ?? [])
            .compactMap { name in Int(name).map { ($0, debian + "/" + name + "/bin") } }
            .sorted { $0.0 > $1.0 }
        if let newest = versions.first(where: { complete($0.1) }) { return newest.1 }
        if let initdb = Command.which("initdb") {
            let directory = (initdb as NSString).deletingLastPathComponent
            if complete(directory) { return directory }
        }
        return nil
    }

    /// Installs one of Debian's packages with apt-get (as root, or through `sudo -n`), updating the package lists
    /// only when the first attempt fails.
    static func installDebianPackage(_ package: String) async throws {
        let scratch = NSTemporaryDirectory()
        let prefix: [String]
        if geteuid() == 0 {
            prefix = []
        } else if let sudo = Command.which("sudo") {
            prefix = [sudo, "-n"]
        } else {
            throw HarnessError(description: "\(package) is not installed and this user cannot install it: run scripts/setup.sh test")
        }
        guard let aptGet = Command.which("apt-get") else {
            throw HarnessError(description: "\(package) is not installed and apt-get is missing: run scripts/setup.sh test")
        }
        let environment = ["DEBIAN_FRONTEND": "noninteractive"]
        let install = prefix + [aptGet, "install", "-y", "-q", "--no-install-recommends", package]
        if try await Command.run(install, environment: environment, scratch: scratch).status != 0 {
            try await Command.check(prefix + [aptGet, "update", "-q"], environment: environment, scratch: scratch)
            try await Command.check(install, environment: environment, scratch: scratch)
        }
    }

    /// `postgres` (created by Debian's package), else a system user made for the tests.
    static func serverAccount() async throws -> String {
        if getpwnam("postgres") != nil { return "postgres" }
        let name = "tierc-postgres"
        if getpwnam(name) == nil {
            guard let useradd = Command.which("useradd") else {
                throw HarnessError(description: "running as root without a postgres user, and useradd is missing")
            }
            try await Command.check([useradd, "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", name],
                                    scratch: NSTemporaryDirectory())
        }
        return name
    }

    /// `argv` run as the server's user (through runuser) when this process is root.
    static func asServer(_ user: String?, _ argv: [String]) -> [String] {
        guard let user else { return argv }
        return [Command.which("runuser") ?? "/usr/sbin/runuser", "-u", user, "--"] + argv
    }

    /// Settings for a disposable server: durability off (the folder is deleted anyway), local only.
    private static func serverOptions(port: Int, root: String) -> String {
        "-c listen_addresses=127.0.0.1 -c port=\(port) -c unix_socket_directories=\(root) -c fsync=off "
            + "-c synchronous_commit=off -c full_page_writes=off -c max_connections=80 -c shared_buffers=64MB"
    }

    private static func stopServer(bin: String, root: String, serverUser: String?) async {
        guard FileManager.default.fileExists(atPath: root + "/data/postmaster.pid") else { return }
        _ = try? await Command.run(asServer(serverUser, [bin + "/pg_ctl", "-D", root + "/data", "-m", "immediate", "-w", "stop"]),
                                   scratch: NSTemporaryDirectory())
    }

    /// A shell in its own session that waits for this process to end, then stops the server and removes the
    /// folder. ``stop()`` kills it first on the normal path.
    private static func startWatchdog(bin: String, root: String, serverUser: String?) throws -> Int32 {
        let stop = asServer(serverUser, [bin + "/pg_ctl", "-D", root + "/data", "-m", "immediate", "-w", "stop"])
            .map(shellQuoted).joined(separator: " ")
        let script = "while kill -0 \(getpid()) 2>/dev/null; do sleep 1; done; "
            + "\(stop) >/dev/null 2>&1; rm -rf \(shellQuoted(root))"
        return try Command.spawn(["/bin/sh", "-c", script], stdin: "/dev/null", stdout: "/dev/null", stderr: "/dev/null",
                                 environment: [:], newSession: true)
    }

    static func shellQuoted(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// A TCP port on 127.0.0.1 that was free a moment ago (bind to port 0, read the port, close).
    static func freePort() throws -> Int {
        #if canImport(Glibc)
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let fd = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { throw HarnessError(description: "socket failed: \(errno)") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
        }
        guard bound == 0 else { throw HarnessError(description: "bind failed: \(errno)") }
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard named == 0 else { throw HarnessError(description: "getsockname failed: \(errno)") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    private static func randomHex(bytes: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<bytes).map { _ in
            let byte = UInt8.random(in: 0...255, using: &generator)
            return String(byte, radix: 16).count == 1 ? "0" + String(byte, radix: 16) : String(byte, radix: 16)
        }.joined()
    }
}
