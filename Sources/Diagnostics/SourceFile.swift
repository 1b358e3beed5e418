#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The bytes of one input file and a table of where its lines start, to turn byte offsets into lines and columns.
public struct SourceFile: Sendable {
    /// Tells this file from every other; every range in it carries it (docs/pipeline.md#source-ranges).
    public let id: ID
    /// The name shown in diagnostics, usually the path as the user gave it.
    public let name: String
    /// The raw bytes, exactly as read.
    public let bytes: [UInt8]
    /// Byte offset at which each line starts; `lineStarts[0] == 0`.
    public let lineStarts: [Int]

    public init(name: String, bytes: [UInt8]) {
        self.id = ID.next()
        self.name = name
        self.bytes = bytes
        var starts = [0]
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            // memchr: fast even in debug builds, where a byte loop over a 64 MiB input takes many seconds.
            var offset = 0
            while offset < buffer.count,
                let found = memchr(base + offset, Int32(UInt8(ascii: "\n")), buffer.count - offset)
            {
                offset = UnsafeRawPointer(found) - UnsafeRawPointer(base) + 1
                starts.append(offset)
            }
        }
        self.lineStarts = starts
    }

    public init(name: String, text: String) {
        self.init(name: name, bytes: Array(text.utf8))
    }

    /// The number of lines (a final line without a newline counts; an empty file has one empty line).
    public var lineCount: Int { lineStarts.count }

    /// The location of a byte offset, clamped to the file.
    public func location(ofOffset rawOffset: Int) -> SourceLocation {
        let offset = min(max(rawOffset, 0), bytes.count)
        // Binary search the last line start <= offset.
        var low = 0
        var high = lineStarts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if lineStarts[mid] <= offset { low = mid } else { high = mid - 1 }
        }
        let lineStart = lineStarts[low]
        return SourceLocation(offset: offset, line: low + 1, column: Self.scalarCount(bytes, from: lineStart, to: offset) + 1)
    }

    /// The location of a 0-based line and a 0-based column counted in Unicode scalars (libyaml's marks).
    public func location(line zeroBasedLine: Int, scalarColumn: Int) -> SourceLocation {
        guard zeroBasedLine >= 0, zeroBasedLine < lineStarts.count else {
            return location(ofOffset: zeroBasedLine < 0 ? 0 : bytes.count)
        }
        var offset = lineStarts[zeroBasedLine]
        let lineEnd = zeroBasedLine + 1 < lineStarts.count ? lineStarts[zeroBasedLine + 1] : bytes.count
        var remaining = scalarColumn
        while remaining > 0, offset < lineEnd {
            offset += Self.scalarLength(bytes, at: offset, limit: lineEnd)
            remaining -= 1
        }
        return SourceLocation(offset: offset, line: zeroBasedLine + 1, column: scalarColumn - remaining + 1)
    }

    /// A range of this file from two byte offsets.
    public func range(from start: Int, to end: Int) -> SourceRange {
        SourceRange(start: location(ofOffset: start), end: location(ofOffset: end), in: id)
    }

    /// A range of this file between two locations (already computed, e.g. from libyaml's marks).
    public func range(_ start: SourceLocation, _ end: SourceLocation) -> SourceRange {
        SourceRange(start: start, end: end, in: id)
    }

    /// A zero-width range of this file at `location`.
    public func range(at location: SourceLocation) -> SourceRange {
        SourceRange(at: location, in: id)
    }

    /// The zero-width range at the start of this file.
    public var startRange: SourceRange { range(from: 0, to: 0) }

    /// The bytes of 1-based `line` without its line terminator.
    public func lineBytes(_ line: Int) -> ArraySlice<UInt8> {
        guard line >= 1, line <= lineStarts.count else { return [] }
        let start = lineStarts[line - 1]
        var end = line < lineStarts.count ? lineStarts[line] : bytes.count
        if end > start, bytes[end - 1] == UInt8(ascii: "\n") { end -= 1 }
        if end > start, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        return bytes[start..<end]
    }

    /// The text of 1-based `line`, invalid UTF-8 replaced by U+FFFD.
    public func lineText(_ line: Int) -> String {
        String(decoding: lineBytes(line), as: UTF8.self)
    }

    /// The number of bytes of the UTF-8 sequence starting at `offset`; 1 for an invalid byte.
    public static func scalarLength(_ bytes: [UInt8], at offset: Int, limit: Int) -> Int {
        let lead = bytes[offset]
        let length: Int
        switch lead {
        case 0x00...0x7F: return 1
        case 0xC2...0xDF: length = 2
        case 0xE0...0xEF: length = 3
        case 0xF0...0xF4: length = 4
        default: return 1
        }
        guard offset + length <= limit else { return 1 }
        for index in 1..<length where bytes[offset + index] & 0xC0 != 0x80 { return 1 }
        return length
    }

    /// The number of Unicode scalars (an invalid byte counts one) in `bytes[start..<end]`: a column width.
    public static func scalarCount(_ bytes: [UInt8], from start: Int, to end: Int) -> Int {
        var count = 0
        var offset = start
        bytes.withUnsafeBufferPointer { buffer in
            while offset < end {
                if buffer[offset] < 0x80 {
                    offset += 1
                } else {
                    offset += scalarLength(bytes, at: offset, limit: end)
                }
                count += 1
            }
        }
        return count
    }
}
