#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import PolicySource

/// Why an input file could not be read: the path as given and the system's reason.
struct UnreadableInput: Error, CustomStringConvertible {
    var path: String
    var reason: String

    var description: String { "cannot read '\(path)': \(reason)" }
}

/// Reads input files as raw bytes; the libraries decide what the bytes mean.
enum InputFile {
    /// The path that means standard input.
    static let standardInputPath = "-"
    /// The name diagnostics use for standard input.
    static let standardInputName = "<stdin>"

    /// The bytes of `path` (or standard input for `-`) as a ``SourceFile`` named by the path exactly as given.
    /// Reads at most `limit` bytes: a larger file is cut there, so the YAML reader's size budget reports it
    /// instead of tierc reading an endless stream.
    static func read(_ path: String, limit: Int) throws(UnreadableInput) -> SourceFile {
        try read(path, probe: 0) { _ in limit }
    }

    /// Like ``read(_:limit:)``, with the limit chosen from the file's first `probe` bytes (fewer when the file
    /// is shorter): `tierc simulate` and `diff` read a snapshot (recognised by its magic) up to the snapshot
    /// budget and anything else up to the YAML budget (docs/cli.md, "Input budgets").
    static func read(_ path: String, probe: Int, limit: ([UInt8]) -> Int) throws(UnreadableInput) -> SourceFile {
        if path == standardInputPath {
            let bytes = try readAll(from: STDIN_FILENO, path: path, probe: probe, limit: limit)
            return SourceFile(name: standardInputName, bytes: bytes)
        }
        var descriptor: Int32
        repeat {
            descriptor = open(path, O_RDONLY | O_CLOEXEC)
        } while descriptor < 0 && errno == EINTR
        guard descriptor >= 0 else { throw UnreadableInput(path: path, reason: systemReason(errno)) }
        defer { close(descriptor) }
        var status = stat()
        if fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFDIR {
            throw UnreadableInput(path: path, reason: systemReason(EISDIR))
        }
        return SourceFile(name: path, bytes: try readAll(from: descriptor, path: path, probe: probe, limit: limit))
    }

    private static func readAll(from descriptor: Int32, path: String, probe: Int,
                                limit chooseLimit: ([UInt8]) -> Int) throws(UnreadableInput) -> [UInt8] {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        var limit: Int? = probe == 0 ? chooseLimit([]) : nil
        while bytes.count < limit ?? Int.max {
            if limit == nil, bytes.count >= probe { limit = chooseLimit(Array(bytes.prefix(probe))); continue }
            let wanted = min(chunk.count, (limit ?? probe) - bytes.count)
            let count = chunk.withUnsafeMutableBytes { buffer in systemRead(descriptor, buffer.baseAddress, wanted) }
            if count < 0 {
                if errno == EINTR { continue }
                throw UnreadableInput(path: path, reason: systemReason(errno))
            }
            if count == 0 { break }
            bytes += chunk[0..<count]
        }
        if let limit, bytes.count > limit { bytes.removeLast(bytes.count - limit) }
        return bytes
    }

    private static func systemReason(_ code: Int32) -> String {
        String(cString: strerror(code))
    }
}

/// POSIX `read`, under a name that `InputFile.read` does not shadow.
private func systemRead(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    read(descriptor, buffer, count)
}
