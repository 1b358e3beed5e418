#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A request log opened for replay: a file, or standard input for `-`; `simulate` and `diff --replay` read
/// their logs through it.
struct LogInput {
    let descriptor: Int32
    /// The name used in messages (`<stdin>` for standard input).
    let name: String
    /// The size in bytes when the log is a regular file (standard input redirected from a file too), for the
    /// progress line's percentage.
    var size: Int? {
        var status = stat()
        guard fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else { return nil }
        return Int(status.st_size)
    }

    /// Opens `path`; an unreadable log is reported and ends the command with status 3.
    init(_ path: String) throws {
        if path == InputFile.standardInputPath {
            descriptor = STDIN_FILENO
            name = InputFile.standardInputName
            return
        }
        descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            Terminal.reportError("cannot read '\(path)': \(String(cString: strerror(errno)))")
            throw ExitStatus.unreadableInput
        }
        name = path
    }

    /// Closes a file (never standard input).
    func close() {
        if descriptor != STDIN_FILENO { systemClose(descriptor) }
    }
}

/// POSIX `close`, under a name that `LogInput.close()` does not shadow.
private func systemClose(_ descriptor: Int32) {
    _ = close(descriptor)
}
