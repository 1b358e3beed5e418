internal import HTTPTypes
public import NIOCore

/// tierc's own scanner of HTTP/1.1 request heads for the decision-only listener (docs/serve.md#the-plain-request-scanner).
/// It reads, byte by byte and from where it stopped, only the plainest heads: `GET`, `HEAD`, `POST`, `PUT`, `DELETE`,
/// `OPTIONS` or `PATCH`, an origin-form target of unreserved, sub-delimiter, `%`, `:`, `@`, `/` and `?` characters,
/// `HTTP/1.1`, CRLF line ends, header names of token characters, values of visible ASCII with inner spaces and tabs,
/// at most ``maxHeadBytes`` in all and ``maxFields`` fields, no body (no `Content-Length`, no `Transfer-Encoding`),
/// no `Upgrade`, at most one `Connection` (`close` or `keep-alive`). Every such head is one SwiftNIO's HTTP/1 parser
/// accepts and reads alike (the differential tests and the `FuzzRequestHead` harness check it); at the first byte
/// that cannot continue one, the scan says ``PlainRequestScan/other`` and SwiftNIO's parser reads the connection from
/// that request on, with its limits and its `400`s. The scanner itself never refuses anything.
public struct PlainRequestScanner: Sendable {
    /// The longest plain head, request line and blank line included; within SwiftNIO's limits of 8 KiB per field
    /// and 32 KiB per header section (docs/serve.md, "Bad input"), so a plain head never needs them checked.
    public static let maxHeadBytes = 8 * 1_024
    /// The most fields of a plain head: SwiftNIO's limit (docs/serve.md, "Bad input").
    public static let maxFields = 100

    private enum State: Sendable {
        case method, targetStart, target, version, requestLF, lineStart, name, valueSpace, value, valueLF, endLF
    }

    /// Where one field's name and value lie, as offsets from the head's first byte.
    private struct FieldRange: Sendable {
        var nameStart: Int
        var nameEnd: Int
        var valueStart: Int
        var valueEnd: Int
    }

    private var state = State.method
    /// Bytes of the current head already scanned: a head that arrives byte by byte is still scanned once.
    private var offset = 0
    private var method = HTTPRequest.Method.get
    private var targetEnd = 0
    private var versionIndex = 0
    private var field = FieldRange(nameStart: 0, nameEnd: 0, valueStart: 0, valueEnd: 0)
    private var fields: [FieldRange] = []

    public init() {
        fields.reserveCapacity(16)
    }

    /// Scans on from where the last call stopped, in `buffer`'s readable bytes, which begin at the current head's
    /// first byte and hold at least the bytes given before (a connection's input, appended to). After
    /// ``PlainRequestScan/request(_:)`` the scanner starts afresh at the next head, which begins `length` bytes on.
    public mutating func scan(_ buffer: ByteBuffer) -> PlainRequestScan {
        let bytes = buffer.readableBytesUInt8Span
        while offset < bytes.count {
            if offset >= Self.maxHeadBytes { return other() }
            let byte = bytes[offset]
            switch state {
            case .method:
                if byte == Self.space {
                    guard let known = Self.method(bytes, length: offset) else { return other() }
                    method = known
                    state = .targetStart
                } else if !(byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z")) || offset >= 7 {
                    return other()
                }
            case .targetStart:
                guard byte == UInt8(ascii: "/") else { return other() }
                state = .target
            case .target:
                if byte == Self.space {
                    targetEnd = offset
                    versionIndex = 0
                    state = .version
                } else if !Self.targetByte(byte) {
                    return other()
                }
            case .version:
                guard byte == Self.version[versionIndex] else { return other() }
                versionIndex += 1
                if versionIndex == Self.version.count { state = .requestLF }
            case .requestLF:
                guard byte == Self.lf else { return other() }
                state = .lineStart
            case .lineStart:
                if byte == Self.cr {
                    state = .endLF
                } else if Self.tokenByte(byte) {
                    field.nameStart = offset
                    state = .name
                } else {
                    return other()
                }
            case .name:
                if byte == UInt8(ascii: ":") {
                    field.nameEnd = offset
                    state = .valueSpace
                } else if !Self.tokenByte(byte) {
                    return other()
                }
            case .valueSpace:
                if byte == Self.space || byte == Self.tab {
                    break
                } else if byte == Self.cr {
                    field.valueStart = offset
                    field.valueEnd = offset
                    state = .valueLF
                } else if byte > Self.space, byte < 0x7F {
                    field.valueStart = offset
                    state = .value
                } else {
                    return other()
                }
            case .value:
                if byte == Self.cr {
                    // A value ending in spaces or tabs is left to SwiftNIO's parser (it trims them).
                    let last = bytes[offset - 1]
                    guard last != Self.space, last != Self.tab else { return other() }
                    field.valueEnd = offset
                    state = .valueLF
                } else if !(byte >= Self.space && byte < 0x7F) && byte != Self.tab {
                    return other()
                }
            case .valueLF:
                guard byte == Self.lf, fields.count < Self.maxFields else { return other() }
                fields.append(field)
                state = .lineStart
            case .endLF:
                guard byte == Self.lf else { return other() }
                let head = finish(buffer, length: offset + 1)
                reset()
                guard let head else { return .other }
                return .request(head)
            }
            offset += 1
        }
        return .needMore
    }

    /// The request of a whole head of `length` bytes; nil when its fields make it other than plain (a body, an
    /// upgrade, a `Connection` field other than one `close` or `keep-alive`).
    private func finish(_ buffer: ByteBuffer, length: Int) -> PlainRequestHead? {
        let bytes = buffer.readableBytesUInt8Span
        let start = buffer.readerIndex
        var keepAlive = true
        var sawConnection = false
        var authority: String?
        var headerFields = HTTPFields()
        headerFields.reserveCapacity(fields.count)
        for range in fields {
            let nameLength = range.nameEnd - range.nameStart
            switch nameLength {
            case 4 where Self.equalsLowercased(bytes, range.nameStart, Self.host):
                guard authority == nil else { break }
                authority = buffer.getString(at: start + range.valueStart, length: range.valueEnd - range.valueStart) ?? ""
                continue
            case 7 where Self.equalsLowercased(bytes, range.nameStart, Self.upgrade),
                 14 where Self.equalsLowercased(bytes, range.nameStart, Self.contentLength),
                 16 where Self.equalsLowercased(bytes, range.nameStart, Self.proxyConnection),
                 17 where Self.equalsLowercased(bytes, range.nameStart, Self.transferEncoding):
                return nil
            case 10 where Self.equalsLowercased(bytes, range.nameStart, Self.connection):
                guard !sawConnection else { return nil }
                sawConnection = true
                let valueLength = range.valueEnd - range.valueStart
                if valueLength == 5, Self.equalsLowercased(bytes, range.valueStart, Self.close) {
                    keepAlive = false
                } else if !(valueLength == 10 && Self.equalsLowercased(bytes, range.valueStart, Self.keepAliveValue)) {
                    return nil
                }
            default:
                break
            }
            guard let nameText = buffer.getString(at: start + range.nameStart, length: nameLength),
                  let name = HTTPField.Name(nameText),
                  let value = buffer.getString(at: start + range.valueStart, length: range.valueEnd - range.valueStart)
            else { return nil }
            headerFields.append(HTTPField(name: name, value: value))
        }
        guard let target = buffer.getString(at: start + method.rawValue.utf8.count + 1,
                                            length: targetEnd - method.rawValue.utf8.count - 1) else { return nil }
        let request = HTTPRequest(method: method, scheme: "http", authority: authority, path: target, headerFields: headerFields)
        return PlainRequestHead(request: request, keepAlive: keepAlive, length: length)
    }

    private mutating func other() -> PlainRequestScan {
        reset()
        return .other
    }

    private mutating func reset() {
        state = .method
        offset = 0
        fields.removeAll(keepingCapacity: true)
    }

    static let space = UInt8(ascii: " ")
    static let tab = UInt8(ascii: "\t")
    static let cr = UInt8(ascii: "\r")
    static let lf = UInt8(ascii: "\n")
    /// `HTTP/1.1` and the CR that ends the request line.
    static let version = Array("HTTP/1.1\r".utf8)

    /// The method of the first `length` bytes, when it is one of the plain ones.
    static func method(_ bytes: Span<UInt8>, length: Int) -> HTTPRequest.Method? {
        for (text, method) in methods where text.count == length && (0..<length).allSatisfy({ bytes[$0] == text[$0] }) {
            return method
        }
        return nil
    }

    private static let methods: [([UInt8], HTTPRequest.Method)] = [
        (Array("GET".utf8), .get), (Array("HEAD".utf8), .head), (Array("POST".utf8), .post), (Array("PUT".utf8), .put),
        (Array("DELETE".utf8), .delete), (Array("OPTIONS".utf8), .options), (Array("PATCH".utf8), .patch),
    ]

    /// Whether the bytes at `start` are `lowercase` (ASCII letters, digits and `-`), letters in either case.
    static func equalsLowercased(_ bytes: Span<UInt8>, _ start: Int, _ lowercase: [UInt8]) -> Bool {
        guard start + lowercase.count <= bytes.count else { return false }
        for index in 0..<lowercase.count where bytes[start + index] | 0x20 != lowercase[index] { return false }
        return true
    }

    static let host = Array("host".utf8)
    static let upgrade = Array("upgrade".utf8)
    static let contentLength = Array("content-length".utf8)
    static let proxyConnection = Array("proxy-connection".utf8)
    static let transferEncoding = Array("transfer-encoding".utf8)
    static let connection = Array("connection".utf8)
    static let close = Array("close".utf8)
    static let keepAliveValue = Array("keep-alive".utf8)

    /// A byte of a plain target: ALPHA, DIGIT, `-._~`, `!$&'()*+,;=`, `%`, `:`, `@`, `/`, `?` (RFC 3986).
    static func targetByte(_ byte: UInt8) -> Bool {
        byte < 128 && targetBytes[Int(byte)]
    }

    /// A token character of a field name (RFC 9110 §5.6.2).
    static func tokenByte(_ byte: UInt8) -> Bool {
        byte < 128 && tokenBytes[Int(byte)]
    }

    private static let alphanumerics = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".utf8)
    private static let targetBytes = table(alphanumerics + Array("-._~!$&'()*+,;=%:@/?".utf8))
    private static let tokenBytes = table(alphanumerics + Array("!#$%&'*+-.^_`|~".utf8))

    private static func table(_ allowed: [UInt8]) -> [Bool] {
        var table = [Bool](repeating: false, count: 128)
        for byte in allowed { table[Int(byte)] = true }
        return table
    }
}
