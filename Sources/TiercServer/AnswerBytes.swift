internal import HTTPTypes
internal import NIOCore
internal import NIOHTTP1
internal import TiercHummingbird

/// An answer of the public listener in decision-only mode as the bytes sent on the wire (docs/serve.md#performance):
/// the status line, the answer's fields in order, `Content-Length`, `Date`, a blank line and the body, written into
/// one buffer. These are the bytes SwiftNIO's `HTTPResponseEncoder` wrote for the same answer (a head with the
/// fields, `Content-Length` and `Date`, then the body), without building SwiftNIO's `HTTPHeaders` first: a `HEAD`
/// answer keeps its `Content-Length` and has no body; an answer to `CONNECT`, or with a status that has no body
/// (1xx, 204, 304), has neither `Content-Length` nor `Transfer-Encoding` nor a body; otherwise a
/// `Transfer-Encoding` field is dropped, since `Content-Length` frames the body.
enum AnswerBytes {
    /// Writes `answer` to a request with `method`, with `date` (IMF-fixdate) as its `Date`, at the end of `buffer`.
    static func write(_ answer: TiercAnswer, method: HTTPMethod, date: String, to buffer: inout ByteBuffer) {
        write(PublicAnswer(answer), method: method, date: date, to: &buffer)
    }

    /// Writes `whole.answer` as above, its rate-limit fields (``RateLimitFieldValues``) before or after the answer's own
    /// fields (``PublicAnswer/rateLimitFirst``): the bytes of the answer with those fields in its `HTTPFields`.
    static func write(_ whole: PublicAnswer, method: HTTPMethod, date: String, to buffer: inout ByteBuffer) {
        let answer = whole.answer
        let code = answer.status.code
        let hasBody = method != .CONNECT && !(100..<200).contains(code) && code != 204 && code != 304
        let statusLine: String
        if code >= 0, code < statusLines.count, let line = statusLines[code] {
            statusLine = line
        } else {
            statusLine = "HTTP/1.1 \(code) \(answer.status.reasonPhrase)\r\n"
        }
        // The header section in one write into the buffer (docs/serve.md#performance): room for every piece first.
        var bound = statusLine.utf8.count + date.utf8.count + 64 + (whole.rateLimit?.byteBound ?? 0)
        for field in answer.fields { bound += field.name.rawName.utf8.count + field.value.utf8.count + 4 }
        ByteCursor.write(upTo: bound, into: &buffer) { cursor in
            cursor.append(statusLine)
            if whole.rateLimitFirst { whole.rateLimit?.append(to: &cursor) }
            for field in answer.fields {
                let name = field.name.rawName
                let length = name.utf8.count  // names are ASCII: only these lengths can be the two framing fields
                if length == 17, field.name == .transferEncoding { continue }
                if !hasBody, length == 14, field.name == .contentLength { continue }
                cursor.append(name)
                cursor.append(": ")
                cursor.append(field.value)
                cursor.append("\r\n")
            }
            if !whole.rateLimitFirst { whole.rateLimit?.append(to: &cursor) }
            if hasBody {
                cursor.append("Content-Length: ")
                cursor.append(Int64(answer.body.readableBytes))
                cursor.append("\r\n")
            }
            cursor.append("Date: ")
            cursor.append(date)
            cursor.append("\r\n\r\n")
        }
        if hasBody, method != .HEAD { buffer.writeImmutableBuffer(answer.body) }
    }

    /// The answer SwiftNIO's parser gets for a request it refuses (docs/serve.md, "Bad input"): `400` with
    /// `Connection: close`, `Content-Length: 0` and no body, as SwiftNIO's `HTTPServerProtocolErrorHandler` answers.
    static let badRequest = "HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n"

    /// The status line of every status code that SwiftNIO names (`HTTP/1.1 429 Too Many Requests\r\n`, with
    /// SwiftNIO's reason phrase, as its encoder writes it), by code; nil for codes it does not name, whose line
    /// takes the answer's own reason phrase.
    static let statusLines: [String?] = (0..<600).map { code in
        guard code >= 100 else { return nil }
        let status = HTTPResponseStatus(statusCode: code)
        if case .custom = status { return nil }
        return "HTTP/1.1 \(code) \(status.reasonPhrase)\r\n"
    }
}
