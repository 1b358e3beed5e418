import Foundation
import Testing
import PolicySimulator

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// LineReader: the log's lines with physical 1-based numbers and bounded memory (simulation.md §1, §7.1).
@Suite("LineReader")
struct LineReaderTests {
    enum Read: Equatable, CustomStringConvertible {
        case text([UInt8], Int)
        case tooLong(Int, Int)

        var description: String {
            switch self {
            case .text(let bytes, let number):
                bytes.count > 40 ? "#\(number) text(\(bytes.count) bytes)" : "#\(number) \(String(decoding: bytes, as: UTF8.self).debugDescription)"
            case .tooLong(let count, let number): "#\(number) tooLong(\(count))"
            }
        }
    }

    /// Writes `data` to a temporary file and reads it back with the given sizes.
    static func read(_ data: [UInt8], chunkBytes: Int = 1 << 20, maxLineBytes: Int = 16 << 20) throws -> [Read] {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("linereader-\(UUID().uuidString).jsonl")
        try Data(data).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let descriptor = open(url.path, O_RDONLY)
        try #require(descriptor >= 0)
        defer { close(descriptor) }
        return try collect(LineReader(descriptor: descriptor, chunkBytes: chunkBytes, maxLineBytes: maxLineBytes))
    }

    static func collect(_ reader: LineReader) throws -> [Read] {
        var lines: [Read] = []
        try reader.forEachLine { line, number in
            switch line {
            case .text(let bytes): lines.append(.text(Array(bytes), number))
            case .tooLong(let count): lines.append(.tooLong(count, number))
            }
        }
        return lines
    }

    static func text(_ string: String, _ number: Int) -> Read { .text(Array(string.utf8), number) }

    @Test("lines are numbered physically from 1, empty lines included; a last line without a newline is read",
          arguments: [1, 2, 3, 7, 1 << 20])
    func numbering(chunkBytes: Int) throws {
        let lines = try Self.read(Array("a\nbb\n\n  \nccc".utf8), chunkBytes: chunkBytes)
        #expect(lines == [Self.text("a", 1), Self.text("bb", 2), Self.text("", 3), Self.text("  ", 4), Self.text("ccc", 5)])
    }

    @Test("a final newline does not make an extra line; an empty input has no lines")
    func finalNewline() throws {
        #expect(try Self.read(Array("a\nb\n".utf8)) == [Self.text("a", 1), Self.text("b", 2)])
        #expect(try Self.read([]) == [])
        #expect(try Self.read([0x0A]) == [Self.text("", 1)])
    }

    @Test("a 1 MB line and its neighbours, across chunk boundaries", arguments: [1 << 20, 4096, 1000, (1 << 20) + 1])
    func megabyteLine(chunkBytes: Int) throws {
        let big = [UInt8](repeating: UInt8(ascii: "x"), count: 1 << 20)
        let data = Array("first\n".utf8) + big + Array("\nlast".utf8)
        let lines = try Self.read(data, chunkBytes: chunkBytes)
        #expect(lines == [Self.text("first", 1), .text(big, 2), Self.text("last", 3)])
    }

    @Test("a line longer than maxLineBytes is tooLong with its line number; the following lines are still read",
          arguments: [1, 3, 4, 16, 64, 1 << 20])
    func tooLong(chunkBytes: Int) throws {
        let long = String(repeating: "y", count: 25)
        let exact = String(repeating: "z", count: 10)
        let data = Array("short\n\(long)\nafter\n\(exact)\n\(exact)z\nend\n\(long)".utf8)
        let lines = try Self.read(data, chunkBytes: chunkBytes, maxLineBytes: 10)
        #expect(lines == [
            Self.text("short", 1), .tooLong(25, 2), Self.text("after", 3),
            Self.text(exact, 4),  // exactly maxLineBytes: fine
            .tooLong(11, 5),  // one byte over
            Self.text("end", 6),
            .tooLong(25, 7),  // over the limit and without a final newline
        ])
    }

    @Test("two over-long lines in a row, then a short one")
    func consecutiveTooLong() throws {
        let data = Array("\(String(repeating: "a", count: 30))\n\(String(repeating: "b", count: 40))\nok\n".utf8)
        for chunkBytes in [1, 5, 8, 100] {
            #expect(try Self.read(data, chunkBytes: chunkBytes, maxLineBytes: 8)
                == [.tooLong(30, 1), .tooLong(40, 2), Self.text("ok", 3)], "chunkBytes \(chunkBytes)")
        }
    }

    @Test("NUL bytes are line content, and such a line is invalid JSON (§7.4)")
    func nulBytes() throws {
        let line: [UInt8] = Array(#"{"ts":"2025-11-02T21:45:00Z","path":"/a"#.utf8) + [0] + Array(#""}"#.utf8)
        let lines = try Self.read([0, 0] + [0x0A] + line + [0x0A] + [0], chunkBytes: 5)
        #expect(lines == [.text([0, 0], 1), .text(line, 2), .text([0], 3)])
        #expect({ if case .failure? = Spec.parse(bytes: line) { true } else { false } }())
        #expect({ if case .failure? = Spec.parse(bytes: [0, 0]) { true } else { false } }())
    }

    @Test("a pipe: reads return what is there, lines are put together across reads")
    func pipeInput() throws {
        var fds: [Int32] = [0, 0]
        try #require(pipe(&fds) == 0)
        let lines = (1...20_000).map { #"{"ts":\#($0),"n":"\#(String(repeating: "p", count: $0 % 50))"}"# }
        let payload = Array(lines.joined(separator: "\n").utf8)  // ~700 KB, more than a pipe buffer holds
        let (readEnd, writeEnd) = (fds[0], fds[1])
        let writer = Thread {
            payload.withUnsafeBytes { raw in
                var offset = 0
                while offset < raw.count {
                    let written = write(writeEnd, raw.baseAddress! + offset, min(4093, raw.count - offset))
                    if written <= 0 { break }
                    offset += written
                }
            }
            close(writeEnd)
        }
        writer.start()
        defer { close(readEnd) }
        let read = try Self.collect(LineReader(descriptor: readEnd, chunkBytes: 8192))
        #expect(read.count == lines.count)
        #expect(read == lines.enumerated().map { Self.text($1, $0 + 1) })
    }

    @Test("a read error is thrown")
    func readError() {
        #expect(throws: LineReader.ReadError.self) { try Self.collect(LineReader(descriptor: -1)) }
    }
}
