#if canImport(Glibc)
internal import Glibc
#elseif canImport(Darwin)
internal import Darwin
#endif

/// One line on standard error for the operator (reloads): `tierc serve: …`, written whole with one `write`.
enum ServerLog {
    static func line(_ text: String) {
        var line = "tierc serve: " + text.filter { $0 != "\n" && $0 != "\r" } + "\n"
        line.withUTF8 { bytes in _ = write(2, bytes.baseAddress, bytes.count) }
    }
}
