/// A strict RFC 8259 scanner over one log line's bytes, reading only what the simulator needs and
/// validating the rest. No Foundation, no allocation for skipped values. `NaN`, `Infinity`, invalid UTF-8,
/// control characters in strings and trailing garbage all fail.
struct JSONScanner {
    enum Failure: Error, Equatable {
        /// The text is not JSON (RFC 8259).
        case syntax(String)
        /// Valid JSON that tierc does not accept: a limit or text it cannot represent (docs/log-format.md, "Limits").
        case unsupported(String)
    }

    /// RFC 8259 allows `\uD800` alone, but it names no Unicode scalar, so no text can hold it.
    static let loneSurrogate = Failure.unsupported(
        "a lone surrogate escape (\\uD800–\\uDFFF without its pair) is not Unicode text")

    let bytes: UnsafeBufferPointer<UInt8>
    var position: Int = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    @inline(__always) var atEnd: Bool { position >= bytes.count }

    @inline(__always) mutating func skipWhitespace() {
        while position < bytes.count {
            let byte = bytes[position]
            guard byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D else { return }
            position += 1
        }
    }

    @inline(__always) func peek() -> UInt8? { position < bytes.count ? bytes[position] : nil }

    mutating func expect(_ byte: UInt8) throws(Failure) {
        skipWhitespace()
        guard position < bytes.count, bytes[position] == byte else {
            throw .syntax("expected `\(Character(Unicode.Scalar(byte)))`")
        }
        position += 1
    }

    /// Reads a string; returns its decoded value (escapes resolved, UTF-8 validated).
    mutating func readString() throws(Failure) -> String {
        let (start, end, escaped) = try scanString()
        let slice = UnsafeBufferPointer(rebasing: bytes[start..<end])
        if !escaped { return String(decoding: slice, as: UTF8.self) }
        return try Self.unescape(slice)
    }

    /// Validates a string at the cursor and returns the raw content range and whether it has escapes.
    mutating func scanString() throws(Failure) -> (Int, Int, Bool) {
        guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else { throw .syntax("expected a string") }
        position += 1
        let start = position
        var escaped = false
        while position < bytes.count {
            // Skip eight plain bytes at a time (no quote, backslash, control or non-ASCII byte among them).
            if let base = bytes.baseAddress {
                while position + 8 <= bytes.count {
                    let word = UnsafeRawPointer(base + position).loadUnaligned(as: UInt64.self)
                    let special = Self.specialBytes(UInt64(littleEndian: word))
                    if special != 0 {
                        position += special.trailingZeroBitCount / 8  // the lowest flag is always a real one
                        break
                    }
                    position += 8
                }
            }
            guard position < bytes.count else { break }
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                let end = position
                position += 1
                return (start, end, escaped)
            }
            if byte == UInt8(ascii: "\\") {
                escaped = true
                position += 1
                guard position < bytes.count else { break }
                switch bytes[position] {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                     UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                    position += 1
                case UInt8(ascii: "u"):
                    guard position + 4 < bytes.count,
                          (1...4).allSatisfy({ Self.hexValue(bytes[position + $0]) != nil }) else { throw .syntax("bad \\u escape") }
                    position += 5
                default:
                    throw .syntax("bad escape in a string")
                }
                continue
            }
            if byte < 0x20 { throw .syntax("control character in a string") }
            if byte < 0x80 {
                position += 1
                continue
            }
            position += try Self.utf8Length(bytes, at: position)
        }
        throw .syntax("unterminated string")
    }

    /// The high bit of every byte of `word` that may be `"`, `\\`, a control character or non-ASCII. Flags above
    /// the lowest real one may be false (borrows propagate upwards); the lowest flag is always real.
    @inline(__always)
    static func specialBytes(_ word: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        func zeroBytes(_ value: UInt64) -> UInt64 { (value &- ones) & ~value & highs }
        let control = (word &- 0x2020_2020_2020_2020) & ~word & highs
        let quote = zeroBytes(word ^ (ones &* 0x22))
        let backslash = zeroBytes(word ^ (ones &* 0x5C))
        return control | quote | backslash | (word & highs)
    }

    /// Length of a valid UTF-8 multi-byte sequence at `index` (well-formed per Unicode: no overlongs, no surrogates).
    @inline(__always)
    static func utf8Length(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) throws(Failure) -> Int {
        let lead = bytes[index]
        let count = bytes.count
        func cont(_ i: Int, _ low: UInt8 = 0x80, _ high: UInt8 = 0xBF) -> Bool {
            i < count && bytes[i] >= low && bytes[i] <= high
        }
        switch lead {
        case 0xC2...0xDF:
            if cont(index + 1) { return 2 }
        case 0xE0:
            if cont(index + 1, 0xA0), cont(index + 2) { return 3 }
        case 0xE1...0xEC, 0xEE...0xEF:
            if cont(index + 1), cont(index + 2) { return 3 }
        case 0xED:
            if cont(index + 1, 0x80, 0x9F), cont(index + 2) { return 3 }
        case 0xF0:
            if cont(index + 1, 0x90), cont(index + 2), cont(index + 3) { return 4 }
        case 0xF1...0xF3:
            if cont(index + 1), cont(index + 2), cont(index + 3) { return 4 }
        case 0xF4:
            if cont(index + 1, 0x80, 0x8F), cont(index + 2), cont(index + 3) { return 4 }
        default:
            break
        }
        throw .syntax("invalid UTF-8")
    }

    static func hexValue(_ byte: UInt8) -> UInt32? {
        switch byte {
        case 48...57: UInt32(byte - 48)
        case 97...102: UInt32(byte - 87)
        case 65...70: UInt32(byte - 55)
        default: nil
        }
    }

    /// Resolves escapes of an already validated string body. A lone surrogate escape is an error.
    static func unescape(_ raw: UnsafeBufferPointer<UInt8>) throws(Failure) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(raw.count)
        var i = 0
        func hex4(_ at: Int) -> UInt32 {
            (0..<4).reduce(0) { $0 << 4 | hexValue(raw[at + $1])! }
        }
        while i < raw.count {
            let byte = raw[i]
            guard byte == UInt8(ascii: "\\") else {
                out.append(byte)
                i += 1
                continue
            }
            let kind = raw[i + 1]
            i += 2
            switch kind {
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = hex4(i)
                i += 4
                if scalar >= 0xD800, scalar <= 0xDBFF {
                    guard i + 6 <= raw.count, raw[i] == UInt8(ascii: "\\"), raw[i + 1] == UInt8(ascii: "u") else {
                        throw Self.loneSurrogate
                    }
                    let low = hex4(i + 2)
                    guard low >= 0xDC00, low <= 0xDFFF else { throw Self.loneSurrogate }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    i += 6
                } else if scalar >= 0xDC00, scalar <= 0xDFFF {
                    throw Self.loneSurrogate
                }
                out.append(contentsOf: Array(String(Character(Unicode.Scalar(scalar)!)).utf8))
            default: out.append(kind)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Validates a number at the cursor (RFC 8259 grammar) and returns its text range.
    mutating func scanNumber() throws(Failure) -> (Int, Int) {
        let start = position
        if peek() == UInt8(ascii: "-") { position += 1 }
        guard let first = peek(), first >= 48, first <= 57 else { throw .syntax("bad number") }
        if first == 48 {
            position += 1
        } else {
            while let d = peek(), d >= 48, d <= 57 { position += 1 }
        }
        if peek() == UInt8(ascii: ".") {
            position += 1
            guard let d = peek(), d >= 48, d <= 57 else { throw .syntax("bad number") }
            while let d = peek(), d >= 48, d <= 57 { position += 1 }
        }
        if let e = peek(), e == UInt8(ascii: "e") || e == UInt8(ascii: "E") {
            position += 1
            if let sign = peek(), sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") { position += 1 }
            guard let d = peek(), d >= 48, d <= 57 else { throw .syntax("bad number") }
            while let d = peek(), d >= 48, d <= 57 { position += 1 }
        }
        return (start, position)
    }

    /// Skips any value, validating it. Nesting is bounded to keep hostile lines harmless.
    mutating func skipValue(depth: Int = 0) throws(Failure) {
        guard depth < 64 else { throw .unsupported("values nested more than 64 levels deep (tierc's limit)") }
        skipWhitespace()
        guard let byte = peek() else { throw .syntax("expected a value") }
        switch byte {
        case UInt8(ascii: "\""):
            _ = try scanString()
        case UInt8(ascii: "{"):
            position += 1
            skipWhitespace()
            if peek() == UInt8(ascii: "}") { position += 1; return }
            while true {
                skipWhitespace()
                _ = try scanString()
                try expect(UInt8(ascii: ":"))
                try skipValue(depth: depth + 1)
                skipWhitespace()
                guard let next = peek() else { throw .syntax("unterminated object") }
                position += 1
                if next == UInt8(ascii: "}") { return }
                guard next == UInt8(ascii: ",") else { throw .syntax("expected `,` or `}`") }
            }
        case UInt8(ascii: "["):
            position += 1
            skipWhitespace()
            if peek() == UInt8(ascii: "]") { position += 1; return }
            while true {
                try skipValue(depth: depth + 1)
                skipWhitespace()
                guard let next = peek() else { throw .syntax("unterminated array") }
                position += 1
                if next == UInt8(ascii: "]") { return }
                guard next == UInt8(ascii: ",") else { throw .syntax("expected `,` or `]`") }
            }
        case UInt8(ascii: "t"): try literal("true")
        case UInt8(ascii: "f"): try literal("false")
        case UInt8(ascii: "n"): try literal("null")
        default:
            _ = try scanNumber()
        }
    }

    mutating func literal(_ word: StaticString) throws(Failure) {
        let count = word.utf8CodeUnitCount
        guard position + count <= bytes.count else { throw .syntax("bad literal") }
        let base = word.utf8Start
        for i in 0..<count where bytes[position + i] != base[i] { throw .syntax("bad literal") }
        position += count
    }
}
