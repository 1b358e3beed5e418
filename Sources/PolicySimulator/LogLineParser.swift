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

    private enum Field {
        case absent
        case string(String)
        case other
    }

    private static func record(_ bytes: UnsafeBufferPointer<UInt8>, offset: Int,
                               defaultSeconds: Int64?) throws(InvalidLine) -> LogRecord {
        var scanner = JSONScanner(bytes)
        func fail(_ reason: String) -> InvalidLine { InvalidLine(reason, column: offset + scanner.position + 1) }
        guard scanner.peek() == UInt8(ascii: "{") else { throw InvalidLine("not a JSON object", column: offset + 1) }
        var ts: (Int, Int, isString: Bool)?
        var tsInvalidKind: String?
        var tsText: String?
        var path: Field = .absent
        var host: Field = .absent
        var query: Field = .absent
        var tenant: Field = .absent
        var tenantNull = false
        var meter: Field = .absent
        var meterPresent = false
        var value: (Int, Int)?
        var valueKind: String?
        var headers: [(name: String, value: String)] = []
        var headersValid = false
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
                    case .path: path = try field(&scanner)
                    case .host: host = try field(&scanner)
                    case .query: query = try field(&scanner)
                    case .tenant:
                        tenantNull = first == UInt8(ascii: "n")
                        tenant = try field(&scanner)
                    case .meter:
                        meterPresent = true
                        meter = try field(&scanner)
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
                            headers = try readHeaders(&scanner)
                            headersValid = true
                        } else {
                            try scanner.skipValue()
                            headers = []
                            headersValid = false
                        }
                    case .other:
                        try scanner.skipValue()
                    }
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
            switch error {
            case .syntax(let message): throw fail("not valid JSON: \(message)")
            case .unsupported(let message): throw fail(message)
            }
        }
        _ = headersValid

        // ts: required, RFC 3339 or a number (docs/simulation.md#fine-point-7-2 and #fine-point-7-3).
        let seconds: Int64
        if ts == nil, tsInvalidKind == nil, let defaultSeconds {
            seconds = defaultSeconds
        } else if let ts {
            seconds = try timestamp(bytes, ts, text: tsText)
        } else {
            throw InvalidLine(tsInvalidKind ?? "`ts` is missing")
        }

        let tenantClaim: Request.TenantClaim
        switch tenant {
        case .absent: tenantClaim = .absent
        case .string(let id): tenantClaim = .id(id)
        case .other: tenantClaim = tenantNull ? .absent : .invalid
        }

        // A gauge reading needs both `meter` and `value` (docs/simulation.md#fine-point-7-5).
        if meterPresent, value != nil || valueKind != nil {
            if let valueKind { throw InvalidLine(valueKind) }
            guard let value, let decimal = Timestamp.decimal(UnsafeBufferPointer(rebasing: bytes[value.0..<value.1])) else {
                throw InvalidLine("`value` is out of range")
            }
            guard !decimal.isNegative else { throw InvalidLine("`value` must be a number of 0 or more") }
            var meterID: String?
            if case .string(let id) = meter { meterID = id }
            return .gauge(tenant: tenantClaim, meter: meterID, value: decimal, seconds: seconds)
        }

        var request = Request(tenant: tenantClaim)
        if case .string(let text) = path { request.path = text }
        if case .string(let text) = host { request.host = text }
        if case .string(let text) = query { request.query = text }
        request.headers = headers
        return .request(request, seconds: seconds)
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
