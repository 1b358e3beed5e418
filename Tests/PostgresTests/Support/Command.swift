import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A failure of the PostgreSQL test harness (a command that could not run or failed), with what it printed.
struct HarnessError: Error, CustomStringConvertible {
    var description: String
}

/// What a finished command printed and its exit status.
struct CommandResult: Sendable {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// Runs commands with posix_spawn, without a shell, and reaps them with waitpid on a thread of their own (no
/// blocked Swift concurrency thread). Output goes to files, never pipes: a server that a command starts (pg_ctl)
/// inherits them and would keep a pipe open forever.
enum Command {
    static func run(_ argv: [String], stdin: String? = nil, environment: [String: String] = [:],
                    scratch: String) async throws -> CommandResult {
        try await start(argv, stdin: stdin, environment: environment, scratch: scratch).finish()
    }

    /// A started command: ``finish()`` waits for it and reads what it printed.
    struct Running: Sendable {
        let pid: pid_t
        let files: [String]

        func finish() async -> CommandResult {
            let status = await Command.wait(pid)
            let stdout = (try? String(contentsOfFile: files[1], encoding: .utf8)) ?? ""
            let stderr = (try? String(contentsOfFile: files[2], encoding: .utf8)) ?? ""
            for path in files { try? FileManager.default.removeItem(atPath: path) }
            return CommandResult(status: status, stdout: stdout, stderr: stderr)
        }
    }

    /// Starts a command with `stdin` as its input (nothing: /dev/null), without waiting for it.
    static func start(_ argv: [String], stdin: String? = nil, environment: [String: String] = [:],
                      scratch: String) throws -> Running {
        let id = UUID().uuidString
        let files = [scratch + "/" + id + ".in", scratch + "/" + id + ".out", scratch + "/" + id + ".err"]
        if let stdin {
            try Data(stdin.utf8).write(to: URL(fileURLWithPath: files[0]))
        }
        let pid = try spawn(argv, stdin: stdin == nil ? "/dev/null" : files[0], stdout: files[1], stderr: files[2],
                            environment: environment, newSession: false)
        return Running(pid: pid, files: files)
    }

    /// Runs a command and throws, with its output, unless it exits with status 0.
    @discardableResult
    static func check(_ argv: [String], stdin: String? = nil, environment: [String: String] = [:],
                      scratch: String) async throws -> CommandResult {
        let result = try await run(argv, stdin: stdin, environment: environment, scratch: scratch)
        guard result.status == 0 else {
            throw HarnessError(description: "`\(argv.joined(separator: " "))` exited with \(result.status)\n"
                + result.stdout + result.stderr)
        }
        return result
    }

    #if os(Linux)
    /// glibc's `posix_spawn_file_actions_addclosefrom_np`, nil before glibc 2.34.
    private typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
    nonisolated(unsafe) private static let addCloseFrom: AddCloseFrom? = {
        guard let handle = dlopen(nil, RTLD_NOW), let symbol = dlsym(handle, "posix_spawn_file_actions_addclosefrom_np") else {
            return nil
        }
        return unsafeBitCast(symbol, to: AddCloseFrom.self)
    }()
    #endif

    /// Starts a command and returns its process id; the caller waits for it (``wait(_:)``) or kills it.
    /// `newSession`: the command gets its own session, so that signals to this process group miss it.
    static func spawn(_ argv: [String], stdin: String, stdout: String, stderr: String, environment: [String: String],
                      newSession: Bool) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, stdin, O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdout, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, stderr, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        #if os(Linux)
        // Nothing else of this process reaches the child: a test process with thousands of open descriptors (the
        // server tests' connections, in the same process) left a PostgreSQL server started through pg_ctl too few
        // to start ("insufficient file descriptors available to start server process").
        // glibc 2.34+ (Debian 12 has 2.36); not imported into Swift, so looked up by name.
        if let closeFrom = Self.addCloseFrom { _ = closeFrom(&actions, 3) }
        #endif
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        if newSession {
            #if os(Linux)
            posix_spawnattr_setflags(&attributes, 0x80)  // POSIX_SPAWN_SETSID (glibc 2.26+, not imported into Swift)
            #endif
        }
        let merged = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        let cEnvironment: [UnsafeMutablePointer<CChar>?] = merged.map { strdup($0.key + "=" + $0.value) } + [nil]
        let cArguments: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        defer {
            for pointer in cArguments { free(pointer) }
            for pointer in cEnvironment { free(pointer) }
        }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, argv[0], &actions, &attributes, cArguments, cEnvironment)
        guard spawned == 0 else {
            throw HarnessError(description: "cannot run \(argv[0]): \(String(cString: strerror(spawned)))")
        }
        return pid
    }

    /// Waits for a child to end; its exit status, or 128 + the signal that killed it. The blocking waitpid runs
    /// on a thread of its own: a pool with a few threads could fill up with waits on children that wait in turn
    /// for something this process has still to do (the concurrency test's barrier).
    static func wait(_ pid: pid_t) async -> Int32 {
        await withCheckedContinuation { continuation in
            Thread.detachNewThread {
                var status: Int32 = 0
                while waitpid(pid, &status, 0) < 0 {
                    if errno != EINTR {
                        continuation.resume(returning: -1)
                        return
                    }
                }
                let signal = status & 0x7F
                continuation.resume(returning: signal == 0 ? (status >> 8) & 0xFF : 128 + signal)
            }
        }
    }

    /// The first executable named `name` in the PATH directories.
    static func which(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin"
        for directory in path.split(separator: ":") {
            let candidate = String(directory) + "/" + name
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }
}
