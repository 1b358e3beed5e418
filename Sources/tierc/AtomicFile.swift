#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import ArgumentParser

/// Why an output file could not be written: the path as given and the system's reason.
struct UnwritableOutput: Error, CustomStringConvertible {
    var path: String
    var reason: String

    var description: String { "cannot write '\(path)': \(reason)" }
}

/// Replaces a file's contents all at once: writes a temporary file in the same directory, flushes it to disk,
/// then renames it over the target, so a reader (an editor, CI) sees the old file or the new one, never half
/// of one. The new file keeps the old one's permissions, or gets the default ones (0666 less the umask), unless
/// `mode` is given (a private key's 0600). With `overwrite: false` an existing file is left alone and the write
/// fails (the temporary file is hard-linked to the target, which fails atomically when the target exists).
enum AtomicFile {
    static func replace(_ path: String, with bytes: [UInt8], mode: mode_t? = nil, overwrite: Bool = true) throws(UnwritableOutput) {
        let prepared = try prepare(path, with: bytes, mode: mode)
        if !overwrite {
            let linked = link(prepared.temporary, path) == 0
            let reason = linked ? "" : errno == EEXIST ? "the file already exists" : systemReason(errno)
            prepared.discard()
            guard linked else { throw UnwritableOutput(path: path, reason: reason) }
            return
        }
        try prepared.commit()
    }

    /// A new file's contents written and flushed beside its target under a temporary name, not yet renamed: a
    /// command that writes several files prepares them all, then commits them one after the other, so a full
    /// disk or a missing permission found on the last file leaves every old file in place.
    struct Prepared {
        let path: String
        let temporary: String

        /// Renames the temporary file over the target.
        func commit() throws(UnwritableOutput) {
            guard rename(temporary, path) == 0 else {
                let reason = AtomicFile.systemReason(errno)
                unlink(temporary)
                throw UnwritableOutput(path: path, reason: reason)
            }
        }

        /// Removes the temporary file; the target is left as it was.
        func discard() { unlink(temporary) }
    }

    /// Writes `bytes` to a temporary file in `path`'s directory and flushes it; see ``Prepared``.
    static func prepare(_ path: String, with bytes: [UInt8], mode: mode_t? = nil) throws(UnwritableOutput) -> Prepared {
        try prepare(path, mode: mode) { (write: (ArraySlice<UInt8>) throws(UnwritableOutput) -> Void) throws(UnwritableOutput) in
            try write(bytes[...])
        }
    }

    /// Refuses a target that exists and is not a regular file (docs/cli.md, "Output files"): renaming over
    /// `/dev/null`, a FIFO or a socket would replace the node itself (as root, the machine's `/dev/null`).
    /// A symbolic link is judged by what it points to: a link to a regular file (or a dangling link) is
    /// replaced by the new regular file, the link itself and not the file it points to, so tierc never writes
    /// through a link; a link to anything else is refused. A missing target is fine.
    static func checkTarget(_ path: String) throws(UnwritableOutput) {
        var status = stat()
        guard lstat(path, &status) == 0 else { return }
        var kind = status.st_mode & S_IFMT
        var viaLink = false
        if kind == S_IFLNK {
            viaLink = true
            guard stat(path, &status) == 0 else { return }  // a dangling link: replaced like a missing file
            kind = status.st_mode & S_IFMT
        }
        guard kind != S_IFREG else { return }
        let what = switch kind {
        case S_IFCHR: "a character device"
        case S_IFBLK: "a block device"
        case S_IFIFO: "a FIFO (named pipe)"
        case S_IFSOCK: "a socket"
        case S_IFDIR: "a directory"
        default: "not a regular file"
        }
        throw UnwritableOutput(path: path, reason: (viaLink ? "it is a symbolic link to \(what)" : "it is \(what)")
                               + "; tierc only replaces regular files (give the path of a new or regular file)")
    }

    /// Like ``prepare(_:with:mode:)``, with the contents produced piece by piece by `produce`, which calls the
    /// writer it is given as often as it likes: a report of any length is written without holding it in memory.
    static func prepare(_ path: String, mode: mode_t? = nil,
                        produce: ((ArraySlice<UInt8>) throws(UnwritableOutput) -> Void) throws(UnwritableOutput) -> Void)
        throws(UnwritableOutput) -> Prepared {
        try checkTarget(path)
        let slash = path.utf8.lastIndex(of: UInt8(ascii: "/"))
        let directory = slash.map { String(path[...$0]) } ?? ""
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        var template = Array((directory + "." + name + ".tmp-XXXXXX").utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else { throw UnwritableOutput(path: path, reason: systemReason(errno)) }
        let temporary = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        do throws(UnwritableOutput) {
            _ = fchmod(descriptor, mode ?? permissions(of: path))
            try produce { (bytes: ArraySlice<UInt8>) throws(UnwritableOutput) in try writeAll(bytes, to: descriptor, path: path) }
            guard fsync(descriptor) == 0 else { throw UnwritableOutput(path: path, reason: systemReason(errno)) }
        } catch {
            close(descriptor)
            unlink(temporary)
            throw error
        }
        guard close(descriptor) == 0 else {
            let reason = systemReason(errno)
            unlink(temporary)
            throw UnwritableOutput(path: path, reason: reason)
        }
        return Prepared(path: path, temporary: temporary)
    }

    /// The existing file's permission bits, or 0666 less the process's umask for a new file.
    private static func permissions(of path: String) -> mode_t {
        var status = stat()
        if stat(path, &status) == 0 { return status.st_mode & 0o7777 }
        let mask = umask(0)
        umask(mask)
        return 0o666 & ~mask
    }

    private static func writeAll(_ bytes: ArraySlice<UInt8>, to descriptor: Int32, path: String) throws(UnwritableOutput) {
        var remaining = bytes
        while !remaining.isEmpty {
            let written = remaining.withUnsafeBytes { buffer in systemWrite(descriptor, buffer.baseAddress, buffer.count) }
            if written < 0 {
                if errno == EINTR { continue }
                throw UnwritableOutput(path: path, reason: systemReason(errno))
            }
            remaining = remaining.dropFirst(written)
        }
    }

    fileprivate static func systemReason(_ code: Int32) -> String {
        String(cString: strerror(code))
    }
}

/// POSIX `write`, under a name that nothing in this file shadows.
private func systemWrite(_ descriptor: Int32, _ buffer: UnsafeRawPointer?, _ count: Int) -> Int {
    write(descriptor, buffer, count)
}
