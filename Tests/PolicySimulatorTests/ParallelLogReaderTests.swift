import Foundation
import Testing
import PolicyModel
import PolicyRuntime
import PolicySimulator

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// ParallelLogReader: parsing on several threads changes nothing but the speed. Items arrive in file order with
/// their physical line numbers, whatever the chunk size and the number of workers, and memory stays bounded.
@Suite("ParallelLogReader")
struct ParallelLogReaderTests {
    /// A text form of an item, to compare runs.
    static func describe(_ number: Int, _ item: ReplayItem) -> String {
        switch item {
        case .request(let request, let seconds): "\(number) request \(request.identity) route \(request.route) at \(seconds)"
        case .gauge(let record): "\(number) gauge \(record)"
        case .invalid(let problem): "\(number) invalid \(problem.reason) column \(problem.column.map(String.init) ?? "-")"
        }
    }

    /// A log of `count` lines mixing valid requests, gauge readings, blank lines, invalid lines, a BOM on the
    /// first line and one line of `longLine` bytes.
    static func log(count: Int, longLine: Int) -> [UInt8] {
        var text: [UInt8] = [0xEF, 0xBB, 0xBF]
        for index in 0..<count {
            let minute = String(format: "%02d", index % 60)
            let line: String
            switch index % 11 {
            case 3: line = ""
            case 5: line = "not json \(index)"
            case 7: line = #"{"ts":"2025-11-02T21:\#(minute):00Z","tenant":"acme","meter":"storage_gb","value":\#(index)}"#
            case 9: line = #"{"ts":"2025-11-02T21:\#(minute):00Z","tenant":"nobody","path":"/x"}"#
            case 10: line = String(repeating: "x", count: longLine)
            default: line = Spec.pinned(index % 2 == 0 ? "acme" : "globex", "2025-11-02T21:\(minute):00Z", path: "/api/\(index)")
            }
            text += Array(line.utf8)
            text.append(0x0A)
        }
        return text
    }

    static func withFile<T>(_ bytes: [UInt8], _ body: (Int32) throws -> T) throws -> T {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("parallel-\(UUID().uuidString).jsonl")
        try Data(bytes).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let descriptor = open(url.path, O_RDONLY)
        try #require(descriptor >= 0)
        defer { close(descriptor) }
        return try body(descriptor)
    }

    /// The items of `bytes` read one line at a time on this thread: the reference.
    static func sequential(_ bytes: [UInt8], resolver: RequestResolver, maxLineBytes: Int) throws -> [String] {
        try withFile(bytes) { descriptor in
            var items: [String] = []
            try LineReader(descriptor: descriptor, maxLineBytes: maxLineBytes).forEachLine { line, number in
                var line = line
                if number == 1, case .text(let bytes) = line, bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
                    line = .text(UnsafeBufferPointer(rebasing: bytes[3...]))
                }
                if let item = ReplayItem.make(line, resolver: resolver) { items.append(describe(number, item)) }
            }
            return items
        }
    }

    static func parallel(_ bytes: [UInt8], resolver: RequestResolver, workers: Int, chunkBytes: Int,
                         maxBytesInFlight: Int, maxLineBytes: Int) throws -> [String] {
        try withFile(bytes) { descriptor in
            var items: [String] = []
            let reader = ParallelLogReader(descriptor: descriptor, workers: workers, chunkBytes: chunkBytes,
                                           maxBytesInFlight: maxBytesInFlight, maxLineBytes: maxLineBytes) { line in
                ReplayItem.make(line, resolver: resolver)
            }
            try reader.forEach { number, item in items.append(describe(number, item)) }
            return items
        }
    }

    @Test("items arrive in file order with physical line numbers, for any chunk size and number of workers",
          arguments: [(1, 64), (2, 1), (2, 1000), (3, 4096), (4, 1 << 20)])
    func sameAsSequential(workers: Int, chunkBytes: Int) throws {
        let engine = try Spec.engine(Spec.counterPolicy(), Spec.tenants())
        let bytes = Self.log(count: 3_000, longLine: 300)
        let expected = try Self.sequential(bytes, resolver: engine.resolver, maxLineBytes: 200)
        let got = try Self.parallel(bytes, resolver: engine.resolver, workers: workers, chunkBytes: chunkBytes,
                                    maxBytesInFlight: 4096, maxLineBytes: 200)
        #expect(got.count == expected.count)
        #expect(got == expected)
        #expect(expected.first?.hasPrefix("1 request") == true)  // the BOM was stripped
        #expect(expected.contains { $0.contains("over the 16 MiB limit") })  // long lines were reported
    }

    @Test("lines longer than a read block, over the limit or not, with and without a final newline",
          arguments: [(1, 300, false), (2, 4096, true), (3, 1 << 16, false), (2, 1 << 20, true)])
    func linesLongerThanAReadBlock(workers: Int, chunkBytes: Int, finalNewline: Bool) throws {
        let engine = try Spec.engine(Spec.counterPolicy(), Spec.tenants())
        var bytes = Self.log(count: 200, longLine: 50)
        // 2.5 MiB over the limit: the reader counts it without keeping it (it spans several 1 MiB reads).
        bytes += [UInt8](repeating: UInt8(ascii: "x"), count: 5 << 19) + [0x0A]
        bytes += Self.log(count: 100, longLine: 50).dropFirst(3)
        // 1.5 MiB under a 2 MiB limit: kept whole, then judged as a line (not JSON).
        bytes += [UInt8](repeating: UInt8(ascii: "y"), count: 3 << 19) + [0x0A]
        bytes += Array(Spec.pinned("acme", "2025-11-02T21:00:00Z", path: "/last").utf8)
        if finalNewline { bytes.append(0x0A) }
        let expected = try Self.sequential(bytes, resolver: engine.resolver, maxLineBytes: 2 << 20)
        let got = try Self.parallel(bytes, resolver: engine.resolver, workers: workers, chunkBytes: chunkBytes,
                                    maxBytesInFlight: 4 * chunkBytes, maxLineBytes: 2 << 20)
        #expect(got == expected)
        #expect(expected.contains { $0.hasPrefix("201 invalid") && $0.contains("over the 16 MiB limit") })
        #expect(expected.last?.hasPrefix("303 request") == true)
        // And an input that is one over-long line without a newline.
        let lone = [UInt8](repeating: UInt8(ascii: "z"), count: 3 << 20)
        #expect(try Self.parallel(lone, resolver: engine.resolver, workers: workers, chunkBytes: chunkBytes,
                                  maxBytesInFlight: 4 * chunkBytes, maxLineBytes: 1000)
                == Self.sequential(lone, resolver: engine.resolver, maxLineBytes: 1000))
    }

    @Test("an empty input gives no items")
    func emptyInput() throws {
        let engine = try Spec.engine(Spec.counterPolicy(), Spec.tenants())
        #expect(try Self.parallel([], resolver: engine.resolver, workers: 2, chunkBytes: 16, maxBytesInFlight: 64,
                                  maxLineBytes: 100).isEmpty)
    }

    struct Stop: Error {}

    @Test("an error thrown by the consumer stops the reading and is rethrown; nothing after it is consumed")
    func consumerError() throws {
        let engine = try Spec.engine(Spec.counterPolicy(), Spec.tenants())
        let bytes = Self.log(count: 5_000, longLine: 10)
        let resolver = engine.resolver
        try Self.withFile(bytes) { descriptor in
            var seen: [Int] = []
            let reader = ParallelLogReader(descriptor: descriptor, workers: 2, chunkBytes: 256, maxBytesInFlight: 1024) { line in
                ReplayItem.make(line, resolver: resolver)
            }
            #expect(throws: Stop.self) {
                try reader.forEach { number, _ in
                    seen.append(number)
                    if number >= 100 { throw Stop() }
                }
            }
            #expect(seen.last.map { $0 >= 100 && $0 < 110 } == true)
            #expect(seen == seen.sorted())
        }
    }

    @Test("a read error is thrown after the items read before it")
    func readError() throws {
        let engine = try Spec.engine(Spec.counterPolicy(), Spec.tenants())
        let reader = ParallelLogReader(descriptor: -1, workers: 2) { line in ReplayItem.make(line, resolver: engine.resolver) }
        #expect(throws: LineReader.ReadError.self) { try reader.forEach { _, _ in } }
    }
}

/// The JSON scanner skips plain string bytes eight at a time: every byte value, at every offset in a string,
/// must still be judged exactly as RFC 8259 says.
@Suite("JSON strings, byte by byte")
struct JSONStringScanTests {
    @Test("every byte value at every offset of a path: valid exactly when it is printable ASCII other than \" and \\",
          arguments: 0..<19)
    func everyByteAtEveryOffset(offset: Int) throws {
        let prefix = Array(#"{"ts":"2025-11-02T21:00:00Z","tenant":"acme","path":"/"#.utf8)
        let suffix = Array(#"abcdefghijklmnopqrstuvwxyz"}"#.utf8)
        for value in 0...255 {
            let byte = UInt8(value)
            var line = prefix + Array(repeating: UInt8(ascii: "p"), count: offset)
            line.append(byte)
            line += suffix
            let parsed = Spec.parse(bytes: line)
            let plain = byte >= 0x20 && byte < 0x80 && byte != UInt8(ascii: "\"") && byte != UInt8(ascii: "\\")
            if plain {
                guard case .success(.request(let request, _))? = parsed else {
                    Issue.record("byte \(value) at offset \(offset) should be accepted")
                    continue
                }
                let expected = "/" + String(repeating: "p", count: offset) + String(UnicodeScalar(byte)) + "abcdefghijklmnopqrstuvwxyz"
                #expect(request.path == expected)
            } else if case .success? = parsed {
                Issue.record("byte \(value) at offset \(offset) should make the line invalid")
            }
        }
    }

    @Test("multi-byte UTF-8 and escapes at every offset are decoded", arguments: 0..<17)
    func multiByteAtEveryOffset(offset: Int) throws {
        for (raw, decoded) in [("é", "é"), ("€", "€"), ("😀", "😀"), (#"\u00e9"#, "é"), (#"\""#, "\""), (#"\\"#, "\\")] {
            let padding = String(repeating: "q", count: offset)
            let line = #"{"ts":"2025-11-02T21:00:00Z","tenant":"acme","path":"/\#(padding)\#(raw)tail-of-the-path"}"#
            let (request, _) = try Spec.request(line)
            #expect(request.path == "/\(padding)\(decoded)tail-of-the-path")
        }
    }
}
