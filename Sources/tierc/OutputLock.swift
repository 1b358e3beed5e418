#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// An advisory lock (`flock`) on an output directory itself, held while a command writes a set of files there:
/// `tierc compile` holds it from the first temporary file to the last rename, so concurrent compiles into one
/// `--out` take turns and the directory always holds one compile's complete set (docs/cli.md, "compile").
/// Locking the directory rather than a lock file leaves nothing behind in it.
struct OutputLock {
    private let descriptor: Int32

    /// Opens and locks `directory`, waiting for another holder to finish; says on standard error when it has
    /// to wait (`holder` names who holds it, for that message).
    static func acquire(directory: String, holder: String = "another compile") throws(UnwritableOutput) -> OutputLock {
        var descriptor: Int32
        repeat {
            descriptor = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        } while descriptor < 0 && errno == EINTR
        guard descriptor >= 0 else {
            throw UnwritableOutput(path: directory, reason: "cannot open the directory to lock it: \(String(cString: strerror(errno)))")
        }
        if flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK || errno == EINTR else {
                let reason = String(cString: strerror(errno))
                close(descriptor)
                throw UnwritableOutput(path: directory, reason: "cannot lock the directory: \(reason)")
            }
            Terminal.writeStderr("tierc: waiting for \(holder) into '\(directory)' to finish\n")
            while flock(descriptor, LOCK_EX) != 0 {
                guard errno == EINTR else {
                    let reason = String(cString: strerror(errno))
                    close(descriptor)
                    throw UnwritableOutput(path: directory, reason: "cannot lock the directory: \(reason)")
                }
            }
        }
        return OutputLock(descriptor: descriptor)
    }

    /// Unlocks and closes the directory (the process's exit would too).
    func release() {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
