/// The fields of one log record that the simulator reads, as ``LogLineParser`` scans them from the line's JSON
/// object (docs/log-format.md): where `ts` and `value` are in the line, the strings of the others, and what made a
/// present field unusable. The last occurrence of a repeated key wins, as in the object it came from.
struct RecordFields {
    /// A string field: absent, a string, or any other JSON value.
    enum Field {
        case absent
        case string(String)
        case other
    }

    /// Where the `ts` value is in the line, and whether it is a JSON string.
    var ts: (Int, Int, isString: Bool)?
    /// Why a present `ts` is unusable (not a string or a number).
    var tsInvalidKind: String?
    /// The unescaped `ts` text when the string had escapes.
    var tsText: String?
    var path: Field = .absent
    var host: Field = .absent
    var query: Field = .absent
    var tenant: Field = .absent
    /// Whether `tenant` was JSON `null` (no claim rather than an invalid one).
    var tenantNull = false
    var meter: Field = .absent
    var meterPresent = false
    /// Where the `value` number is in the line.
    var value: (Int, Int)?
    /// Why a present `value` is unusable (not a number).
    var valueKind: String?
    var headers: [(name: String, value: String)] = []

    /// Reads the value of `key`, whose first byte is `first`, from `scanner` (positioned on it).
    @inline(__always)
    mutating func read(_ key: RecordKey, first: UInt8?, from scanner: inout JSONScanner, in bytes: UnsafeBufferPointer<UInt8>)
        throws(JSONScanner.Failure)
    {
        switch key {
        case .ts:
            if first == UInt8(ascii: "\"") {
                let (s, e, escaped) = try scanner.scanString()
                ts = (s, e, true)
                tsText = escaped ? try JSONScanner.unescape(UnsafeBufferPointer(rebasing: bytes[s..<e])) : nil
                tsInvalidKind = nil
            } else if let first, first == UInt8(ascii: "-") || (first >= 48 && first <= 57) {
                let (s, e) = try scanner.scanNumber()
                ts = (s, e, false)
                tsText = nil
                tsInvalidKind = nil
            } else {
                try scanner.skipValue()
                ts = nil
                tsInvalidKind = "`ts` must be an RFC 3339 string or a number of seconds"
            }
        case .path: path = try Self.field(&scanner)
        case .host: host = try Self.field(&scanner)
        case .query: query = try Self.field(&scanner)
        case .tenant:
            tenantNull = first == UInt8(ascii: "n")
            tenant = try Self.field(&scanner)
        case .meter:
            meterPresent = true
            meter = try Self.field(&scanner)
        case .value:
            if let first, first == UInt8(ascii: "-") || (first >= 48 && first <= 57) {
                value = try scanner.scanNumber()
                valueKind = nil
            } else {
                try scanner.skipValue()
                value = nil
                valueKind = "`value` must be a number of 0 or more"
            }
        case .headers:
            if first == UInt8(ascii: "{") {
                headers = try Self.readHeaders(&scanner)
            } else {
                try scanner.skipValue()
                headers = []
            }
        case .other:
            try scanner.skipValue()
        }
    }

    private static func field(_ scanner: inout JSONScanner) throws(JSONScanner.Failure) -> Field {
        if scanner.peek() == UInt8(ascii: "\"") { return .string(try scanner.readString()) }
        try scanner.skipValue()
        return .other
    }

    /// String-valued headers in object order; an exact duplicate name keeps its first place with the last value
    /// (docs/simulation.md#fine-point-7-4); non-string values are ignored (docs/simulation.md#fine-point-7-6).
    private static func readHeaders(_ scanner: inout JSONScanner) throws(JSONScanner.Failure) -> [(name: String, value: String)] {
        var headers: [(name: String, value: String)] = []
        scanner.position += 1
        scanner.skipWhitespace()
        if scanner.peek() == UInt8(ascii: "}") {
            scanner.position += 1
            return headers
        }
        while true {
            scanner.skipWhitespace()
            let name = try scanner.readString()
            try scanner.expect(UInt8(ascii: ":"))
            scanner.skipWhitespace()
            if scanner.peek() == UInt8(ascii: "\"") {
                let value = try scanner.readString()
                if let index = headers.firstIndex(where: { $0.name == name }) {
                    headers[index].value = value
                } else {
                    headers.append((name, value))
                }
            } else {
                try scanner.skipValue(depth: 1)
                headers.removeAll { $0.name == name }  // the last duplicate wins, and it is not a string
            }
            scanner.skipWhitespace()
            guard let next = scanner.peek() else { throw .syntax("unterminated object") }
            scanner.position += 1
            if next == UInt8(ascii: "}") { return headers }
            guard next == UInt8(ascii: ",") else { throw .syntax("expected `,` or `}`") }
        }
    }
}
