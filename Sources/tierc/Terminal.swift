#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The process's standard streams and what the terminal can do.
enum Terminal {
    /// Colours on standard output: only when it is a terminal, `NO_COLOR` is unset or empty
    /// (https://no-color.org) and `TERM` is not `dumb`.
    static func stdoutSupportsColor(environment: [String: String] = environment()) -> Bool {
        guard isatty(STDOUT_FILENO) != 0 else { return false }
        return colorAllowed(environment: environment)
    }

    /// Colours on standard error, by the same rules as standard output.
    static func stderrSupportsColor(environment: [String: String] = environment()) -> Bool {
        guard isatty(STDERR_FILENO) != 0 else { return false }
        return colorAllowed(environment: environment)
    }

    static func stderrIsTerminal() -> Bool { isatty(STDERR_FILENO) != 0 }

    /// The environment part of the colour decision.
    static func colorAllowed(environment: [String: String]) -> Bool {
        if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return false }
        if environment["TERM"] == "dumb" { return false }
        return true
    }

    static func environment() -> [String: String] {
        var result: [String: String] = [:]
        for name in ["NO_COLOR", "TERM"] {
            if let value = getenv(name) { result[name] = String(cString: value) }
        }
        return result
    }

    /// One environment variable, nil when unset.
    static func variable(_ name: String) -> String? {
        getenv(name).map { String(cString: $0) }
    }

    /// Writes all of `text` to standard output.
    static func writeStdout(_ text: String) { writeAll(text, to: STDOUT_FILENO) }

    /// Writes all of `text` to standard error.
    static func writeStderr(_ text: String) { writeAll(text, to: STDERR_FILENO) }

    /// Writes `tierc: error: message` and a newline to standard error.
    static func reportError(_ message: String) { writeAll("tierc: error: \(message)\n", to: STDERR_FILENO) }

    private static func writeAll(_ text: String, to descriptor: Int32) {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { buffer in write(descriptor, buffer.baseAddress, buffer.count) }
            if written < 0 {
                if errno == EINTR { continue }
                return
            }
            bytes = bytes.dropFirst(written)
        }
    }
}
