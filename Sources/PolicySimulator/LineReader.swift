#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a file descriptor line by line in large chunks with bounded memory: a line longer than
/// `maxLineBytes` is reported as too long and skipped without being held in memory. The last line may lack
/// its newline. Calls `body(line, number)` for every line, `number` 1-based and physical.
public struct LineReader {
    public enum Line {
        case text(UnsafeBufferPointer<UInt8>)
        /// A line over the limit; its bytes were discarded.
        case tooLong(Int)
    }

    public struct ReadError: Error, CustomStringConvertible {
        public var code: Int32
        public var description: String { String(cString: strerror(code)) }
    }

    let descriptor: Int32
    let chunkBytes: Int
    public let maxLineBytes: Int

    public init(descriptor: Int32, chunkBytes: Int = 1 << 20, maxLineBytes: Int = 16 << 20) {
        self.descriptor = descriptor
        self.chunkBytes = chunkBytes
        self.maxLineBytes = maxLineBytes
    }

    /// Total bytes read so far is passed to `progress` after every chunk.
    public func forEachLine(progress: (Int) -> Void = { _ in }, _ body: (Line, Int) throws -> Void) throws {
        var buffer = [UInt8](repeating: 0, count: chunkBytes * 2)
        var filled = 0  // bytes of an unfinished line at the start of the buffer
        var lineNumber = 0
        var discarding = false  // inside an over-long line
        var discarded = 0
        var total = 0
        while true {
            if buffer.count - filled < chunkBytes { buffer += [UInt8](repeating: 0, count: chunkBytes) }
            let count = buffer.withUnsafeMutableBytes { raw in
                read(descriptor, raw.baseAddress! + filled, chunkBytes)
            }
            if count < 0 {
                if errno == EINTR { continue }
                throw ReadError(code: errno)
            }
            total += count
            progress(total)
            let end = filled + count
            var start = 0
            try buffer.withUnsafeBufferPointer { all in
                var index = filled
                while index < end {
                    // Find the next newline (memchr is vectorised).
                    let found = memchr(all.baseAddress! + index, 0x0A, end - index)
                    guard let found else { break }
                    let newline = all.baseAddress!.distance(to: found.assumingMemoryBound(to: UInt8.self))
                    lineNumber += 1
                    if discarding {
                        try body(.tooLong(discarded + newline - start), lineNumber)
                        discarding = false
                        discarded = 0
                    } else if newline - start > maxLineBytes {
                        // Over the limit but complete within the buffer: still too long.
                        try body(.tooLong(newline - start), lineNumber)
                    } else {
                        try body(.text(UnsafeBufferPointer(rebasing: all[start..<newline])), lineNumber)
                    }
                    start = newline + 1
                    index = start
                }
            }
            let rest = end - start
            if count == 0 {
                if discarding {
                    lineNumber += 1
                    try body(.tooLong(discarded + rest), lineNumber)
                } else if rest > maxLineBytes {
                    lineNumber += 1
                    try body(.tooLong(rest), lineNumber)
                } else if rest > 0 {
                    lineNumber += 1
                    try buffer.withUnsafeBufferPointer { try body(.text(UnsafeBufferPointer(rebasing: $0[start..<end])), lineNumber) }
                }
                return
            }
            if discarding || rest > maxLineBytes {
                discarding = true
                discarded += rest
                filled = 0
            } else {
                if start > 0 { buffer.withUnsafeMutableBufferPointer { $0.baseAddress!.update(from: $0.baseAddress! + start, count: rest) } }
                filled = rest
                // Keep the buffer from growing past what one line needs.
                if buffer.count > max(chunkBytes * 2, filled + chunkBytes * 2) { buffer.removeLast(buffer.count - (filled + chunkBytes)) }
            }
        }
    }
}
