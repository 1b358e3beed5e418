import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs a command (posix_spawnp, no shell) and measures it: wall time from spawn to exit, user and system CPU
/// time (wait4's rusage) and peak resident set size.
///
/// Peak RSS comes from GNU time (`/usr/bin/time -f %M`) when it is installed: Linux keeps `ru_maxrss` across
/// exec and counts the memory the child shared with its parent before exec, so wait4 on a child spawned by
/// this (larger) process would report this process's size for small commands. /usr/bin/time is a small
/// process, so its child's figure is the command's own (plus about 1 MiB of time's own at fork).
enum Spawn {
    static let gnuTime = "/usr/bin/time"

    struct Result {
        var seconds: Double
        var userSeconds: Double
        var systemSeconds: Double
        /// Peak RSS in KiB (Linux reports `ru_maxrss` in KiB).
        var maxRSSKiB: Int
        var status: Int32
        var cpuSeconds: Double { userSeconds + systemSeconds }
        var maxRSSMiB: Double { Double(maxRSSKiB) / 1024 }
    }

    /// Runs `argv` with standard output and standard error sent to files (default /dev/null). Throws when the
    /// command cannot start, dies of a signal, or exits with a status other than `expectStatus`. Without
    /// `measuringRSS` the command runs without GNU time around it (`maxRSSKiB` is then wait4's figure).
    static func run(_ argv: [String], stdout: String = "/dev/null", stderr: String = "/dev/null",
                    expectStatus: Int32? = 0, measuringRSS: Bool = true) throws -> Result {
        let measured = measuringRSS && FileManager.default.isExecutableFile(atPath: gnuTime)
        let rssFile = NSTemporaryDirectory() + "tierc-bench-rss-\(getpid())"
        let argv = measured ? [gnuTime, "-f", "%M", "-o", rssFile] + argv : argv
        defer { if measured { unlink(rssFile) } }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, stdout, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, stderr, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)

        let cArguments: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        defer { for pointer in cArguments { free(pointer) } }

        var pid: pid_t = 0
        let start = now()
        let spawned = posix_spawnp(&pid, argv[0], &actions, nil, cArguments, environ)
        guard spawned == 0 else {
            throw Timing.Failure(description: "cannot run \(argv[0]): \(String(cString: strerror(spawned)))")
        }
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 {
            guard errno == EINTR else { throw Timing.Failure(description: "wait4 failed: \(String(cString: strerror(errno)))") }
        }
        let elapsed = now() - start
        let signal = status & 0x7F
        guard signal == 0 else {
            throw Timing.Failure(description: "\(argv.joined(separator: " ")) was killed by signal \(signal)")
        }
        let exitStatus = (status >> 8) & 0xFF
        if let expectStatus, exitStatus != expectStatus {
            throw Timing.Failure(description: "\(argv.joined(separator: " ")) exited with \(exitStatus) (see \(stderr))")
        }
        func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
        var maxRSS = Int(usage.ru_maxrss)
        if measured {
            let text = (try? String(contentsOfFile: rssFile, encoding: .utf8)) ?? ""
            guard let kib = text.split(separator: "\n").last.flatMap({ Int($0.trimmingCharacters(in: .whitespaces)) }) else {
                throw Timing.Failure(description: "\(gnuTime) reported no peak RSS: \(text)")
            }
            maxRSS = kib
        }
        return Result(seconds: elapsed, userSeconds: seconds(usage.ru_utime), systemSeconds: seconds(usage.ru_stime),
                      maxRSSKiB: maxRSS, status: exitStatus)
    }

    static func now() -> Double {
        Double(DispatchTime.now().uptimeNanoseconds) / 1e9
    }
}

/// What the report says about the machine a benchmark ran on.
enum Machine {
    static var processors: Int { Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))) }

    static var cpuModel: String {
        guard let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) else { return "unknown" }
        for line in text.split(separator: "\n") where line.hasPrefix("model name") {
            if let colon = line.firstIndex(of: ":") { return line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces) }
        }
        return "unknown"
    }

    /// The 1, 5 and 15 minute load averages.
    static var load: String {
        guard let text = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8) else { return "unknown" }
        return text.split(separator: " ").prefix(3).joined(separator: " ")
    }

    static var loadOneMinute: Double { Double(load.split(separator: " ").first ?? "") ?? 0 }
}
