import PolicyModel
import PolicyRuntime

/// Turns one line of a JSON Lines request log into a ``LogRecord`` (docs/log-format.md,
/// docs/simulation.md#the-fine-points 7.1–7.6).
public enum LogLineParser {
    /// Parses a line (without its newline). Returns nil for a blank line (skipped, not counted).
    /// `defaultSeconds` is the time of a record without `ts` (`tierc serve`'s gauge endpoint, docs/serve.md);
    /// nil, as for a log, makes such a line invalid.
    public static func parse(_ line: UnsafeBufferPointer<UInt8>, defaultSeconds: Int64? = nil) -> Result<LogRecord, InvalidLine>? {
        var start = 0
        var end = line.count
        while start < end, isBlank(line[start]) { start += 1 }
        while end > start, isBlank(line[end - 1]) { end -= 1 }
        if start == end { return nil }
        do throws(InvalidLine) {
            return .success(try record(UnsafeBufferPointer(rebasing: line[start..<end]), offset: start,
                                       defaultSeconds: defaultSeconds))
        } catch {
            return .failure(error)
        }
    }

    @inline(__always) static func isBlank(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A || byte == 0x0B || byte == 0x0C
    }

    /// One record: the object's fields (``scan(_:offset:)``), then what they mean.
    private static func record(_ bytes: UnsafeBufferPointer<UInt8>, offset: Int,
                               defaultSeconds: Int64?) throws(InvalidLine) -> LogRecord {
        let fields = try scan(bytes, offset: offset)

        // ts: required, RFC 3339 or a number (docs/simulation.md#fine-point-7-2 and #fine-point-7-3).
        let seconds: Int64
        if fields.ts == nil, fields.tsInvalidKind == nil, let defaultSeconds {
            seconds = defaultSeconds
        } else if let ts = fields.ts {
            seconds = try timestamp(bytes, ts, text: fields.tsText)
        } else {
            throw InvalidLine(fields.tsInvalidKind ?? "`ts` is missing")
        }

        let tenantClaim: Request.TenantClaim
        switch fields.tenant {
        case .absent: tenantClaim = .absent
        case .string(let id): tenantClaim = .id(id)
        case .other: tenantClaim = fields.tenantNull ? .absent : .invalid
        }

        // A gauge reading needs both `meter` and `value` (docs/simulation.md#fine-point-7-5).
        if fields.meterPresent, fields.value != nil || fields.valueKind != nil {
            return try gauge(fields, bytes, tenant: tenantClaim, seconds: seconds)
        }

        var request = Request(tenant: tenantClaim)
        if case .string(let text) = fields.path { request.path = text }
        if case .string(let text) = fields.host { request.host = text }
        if case .string(let text) = fields.query { request.query = text }
        request.headers = fields.headers
        return .request(request, seconds: seconds)
    }

    /// Walks the line's JSON object once, keeping the fields the simulator reads (``RecordFields``); a syntax
    /// error names its column.
    private static func scan(_ bytes: UnsafeBufferPointer<UInt8>, offset: Int) throws(InvalidLine) -> RecordFields {
        var scanner = JSONScanner(bytes)
        guard scanner.peek() == UInt8(ascii: "{") else { throw InvalidLine("not a JSON object", column: offset + 1) }
        var fields = RecordFields()
        do throws(JSONScanner.Failure) {
            scanner.position += 1
            scanner.skipWhitespace()
            if scanner.peek() == UInt8(ascii: "}") {
                scanner.position += 1
            } else {
                while true {
                    scanner.skipWhitespace()
                    let (keyStart, keyEnd, keyEscaped) = try scanner.scanString()
                    let key = keyEscaped
                        ? RecordKey(Array(try JSONScanner.unescape(UnsafeBufferPointer(rebasing: bytes[keyStart..<keyEnd])).utf8))
                        : RecordKey(UnsafeBufferPointer(rebasing: bytes[keyStart..<keyEnd]))
                    try scanner.expect(UInt8(ascii: ":"))
                    scanner.skipWhitespace()
                    let first = scanner.peek()
                    try fields.read(key, first: first, from: &scanner, in: bytes)
                    scanner.skipWhitespace()
                    guard let next = scanner.peek() else { throw .syntax("unterminated object") }
                    scanner.position += 1
                    if next == UInt8(ascii: "}") { break }
                    guard next == UInt8(ascii: ",") else { throw .syntax("expected `,` or `}`") }
                }
            }
            scanner.skipWhitespace()
            guard scanner.atEnd else { throw .syntax("text after the JSON object") }
        } catch {
            let column = offset + scanner.position + 1
            switch error {
            case .syntax(let message): throw InvalidLine("not valid JSON: \(message)", column: column)
            case .unsupported(let message): throw InvalidLine(message, column: column)
            }
        }
        return fields
    }

    /// A gauge reading: `value` a number of 0 or more, `meter` the meter's id when it is a string.
    private static func gauge(_ fields: RecordFields, _ bytes: UnsafeBufferPointer<UInt8>, tenant: Request.TenantClaim,
                              seconds: Int64) throws(InvalidLine) -> LogRecord {
        if let valueKind = fields.valueKind { throw InvalidLine(valueKind) }
        guard let value = fields.value,
              let decimal = Timestamp.decimal(UnsafeBufferPointer(rebasing: bytes[value.0..<value.1])) else {
            throw InvalidLine("`value` is out of range")
        }
        guard !decimal.isNegative else { throw InvalidLine("`value` must be a number of 0 or more") }
        var meterID: String?
        if case .string(let id) = fields.meter { meterID = id }
        return .gauge(tenant: tenant, meter: meterID, value: decimal, seconds: seconds)
    }

    /// The epoch seconds of a `ts` value: an RFC 3339 string (unescaped `text` when it had escapes) or a number.
    private static func timestamp(_ bytes: UnsafeBufferPointer<UInt8>, _ ts: (Int, Int, isString: Bool),
                                  text tsText: String?) throws(InvalidLine) -> Int64 {
        let slice = UnsafeBufferPointer(rebasing: bytes[ts.0..<ts.1])
        let seconds: Int64
        if ts.isString {
            var text = tsText.map { Array($0.utf8) } ?? []
            let parsed = tsText == nil ? Timestamp.parseRFC3339(slice) : text.withUnsafeMutableBufferPointer {
                Timestamp.parseRFC3339(UnsafeBufferPointer($0))
            }
            guard let parsed else {
                throw InvalidLine("`ts` is not an RFC 3339 timestamp like 2025-11-02T21:45:00Z")
            }
            seconds = parsed
        } else {
            guard let parsed = Timestamp.parseEpoch(slice) else { throw InvalidLine("`ts` is out of range (years 0001–9999)") }
            seconds = parsed
        }
        return seconds
    }
}

/// The keys of a log record that the simulator reads, recognised from their bytes without building a String.
enum RecordKey {
    case ts, path, host, query, tenant, meter, value, headers, other

    init(_ bytes: some Collection<UInt8>) {
        func matches(_ word: StaticString) -> Bool {
            guard bytes.count == word.utf8CodeUnitCount else { return false }
            var i = 0
            for byte in bytes {
                if byte != word.utf8Start[i] { return false }
                i += 1
            }
            return true
        }
        switch bytes.count {
        case 2: self = matches("ts") ? .ts : .other
        case 4: self = matches("path") ? .path : matches("host") ? .host : .other
        case 5: self = matches("query") ? .query : matches("meter") ? .meter : matches("value") ? .value : .other
        case 6: self = matches("tenant") ? .tenant : .other
        case 7: self = matches("headers") ? .headers : .other
        default: self = .other
        }
    }
}
