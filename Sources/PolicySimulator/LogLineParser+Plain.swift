public import PolicyRuntime

extension LogLineParser {
    /// The most headers a plain request line may carry (more are read by ``parse(_:defaultSeconds:)``).
    static let plainHeaderCapacity = 8

    /// Reads a line that is a plain request without building any text, and calls `body` with the request's bytes
    /// and its `ts` in epoch seconds. A plain request line is a valid request record whose strings have no escape,
    /// with each field once, `ts` valid, `tenant` a string or `null`, `path`, `host` and `query` strings, and
    /// `headers` an object of at most eight distinct ASCII names with string values. Any other line, valid or
    /// not, gives nil without calling `body` (and so does `body` returning nil): parse it with
    /// ``parse(_:defaultSeconds:)``, which gives the same record for a plain line (docs/simulation.md, "Speed").
    public static func withPlainRequest<Value>(_ line: UnsafeBufferPointer<UInt8>,
                                                _ body: (RequestBytes, Int64) -> Value?) -> Value? {
        withUnsafeTemporaryAllocation(of: HeaderBytes.self, capacity: plainHeaderCapacity) { storage in
            var start = 0
            var end = line.count
            while start < end, isBlank(line[start]) { start += 1 }
            while end > start, isBlank(line[end - 1]) { end -= 1 }
            guard start < end else { return nil }
            let bytes = UnsafeBufferPointer(rebasing: line[start..<end])
            guard let fields = try? PlainFields(bytes, headers: storage) else { return nil }
            let seconds: Int64?
            if fields.tsIsString {
                seconds = Timestamp.parseRFC3339(fields.ts)
            } else {
                seconds = Timestamp.parseEpoch(fields.ts)
            }
            guard let seconds else { return nil }
            let request = RequestBytes(tenant: fields.tenant, path: fields.path, host: fields.host, query: fields.query,
                                       headers: UnsafeBufferPointer(rebasing: storage[0..<fields.headerCount]))
            return body(request, seconds)
        }
    }
}

/// The fields of a plain request line (``LogLineParser/withPlainRequest(_:_:)``), as ranges of its bytes.
private struct PlainFields {
    /// Thrown for any line that is not a plain request line.
    struct NotPlain: Error {}

    var ts = UnsafeBufferPointer<UInt8>(start: nil, count: 0)
    var tsIsString = false
    var tenant: UnsafeBufferPointer<UInt8>?
    var path: UnsafeBufferPointer<UInt8>?
    var host: UnsafeBufferPointer<UInt8>?
    var query: UnsafeBufferPointer<UInt8>?
    var headerCount = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>, headers: UnsafeMutableBufferPointer<HeaderBytes>) throws {
        var scanner = JSONScanner(bytes)
        guard scanner.peek() == UInt8(ascii: "{") else { throw NotPlain() }
        scanner.position += 1
        scanner.skipWhitespace()
        var seen: UInt8 = 0  // one bit per field read
        if scanner.peek() == UInt8(ascii: "}") {
            throw NotPlain()  // no `ts`
        }
        while true {
            scanner.skipWhitespace()
            let key = try Self.plainString(&scanner)
            try scanner.expect(UInt8(ascii: ":"))
            scanner.skipWhitespace()
            let first = scanner.peek()
            let field = RecordKey(key)
            let bit: UInt8
            switch field {
            case .ts: bit = 1
            case .path: bit = 2
            case .host: bit = 4
            case .query: bit = 8
            case .tenant: bit = 16
            case .headers: bit = 32
            case .meter, .value: throw NotPlain()
            case .other: bit = 0
            }
            if bit != 0 {
                guard seen & bit == 0 else { throw NotPlain() }
                seen |= bit
            }
            switch field {
            case .ts:
                if first == UInt8(ascii: "\"") {
                    ts = try Self.plainString(&scanner)
                    tsIsString = true
                } else if let first, first == UInt8(ascii: "-") || (first >= 48 && first <= 57) {
                    let (s, e) = try scanner.scanNumber()
                    ts = UnsafeBufferPointer(rebasing: bytes[s..<e])
                } else {
                    throw NotPlain()
                }
            case .path: path = try Self.plainString(&scanner)
            case .host: host = try Self.plainString(&scanner)
            case .query: query = try Self.plainString(&scanner)
            case .tenant:
                if first == UInt8(ascii: "n") {
                    try scanner.literal("null")
                } else {
                    tenant = try Self.plainString(&scanner)
                }
            case .headers:
                headerCount = try Self.plainHeaders(&scanner, into: headers)
            default:
                try scanner.skipValue()
            }
            scanner.skipWhitespace()
            guard let next = scanner.peek() else { throw NotPlain() }
            scanner.position += 1
            if next == UInt8(ascii: "}") { break }
            guard next == UInt8(ascii: ",") else { throw NotPlain() }
        }
        scanner.skipWhitespace()
        guard scanner.atEnd, seen & 1 != 0 else { throw NotPlain() }
    }

    /// A string without escapes at the cursor: its content bytes.
    private static func plainString(_ scanner: inout JSONScanner) throws -> UnsafeBufferPointer<UInt8> {
        let (start, end, escaped) = try scanner.scanString()
        guard !escaped else { throw NotPlain() }
        return UnsafeBufferPointer(rebasing: scanner.bytes[start..<end])
    }

    /// An object of distinct plain ASCII names with plain string values; returns how many.
    private static func plainHeaders(_ scanner: inout JSONScanner,
                                     into headers: UnsafeMutableBufferPointer<HeaderBytes>) throws -> Int {
        guard scanner.peek() == UInt8(ascii: "{") else { throw NotPlain() }
        scanner.position += 1
        scanner.skipWhitespace()
        if scanner.peek() == UInt8(ascii: "}") {
            scanner.position += 1
            return 0
        }
        var count = 0
        while true {
            scanner.skipWhitespace()
            let name = try plainString(&scanner)
            for byte in name where byte >= 0x80 { throw NotPlain() }
            for index in 0..<count where headers[index].name.elementsEqual(name) { throw NotPlain() }
            try scanner.expect(UInt8(ascii: ":"))
            scanner.skipWhitespace()
            guard scanner.peek() == UInt8(ascii: "\""), count < headers.count else { throw NotPlain() }
            let value = try plainString(&scanner)
            headers[count] = HeaderBytes(name: name, value: value)
            count += 1
            scanner.skipWhitespace()
            guard let next = scanner.peek() else { throw NotPlain() }
            scanner.position += 1
            if next == UInt8(ascii: "}") { return count }
            guard next == UInt8(ascii: ",") else { throw NotPlain() }
        }
    }
}
