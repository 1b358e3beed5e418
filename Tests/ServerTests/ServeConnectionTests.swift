import Foundation
import Testing
@testable import TiercServer

/// The public listener's connections in decision-only mode (docs/serve.md, "The two public listeners"): pipelined
/// requests are answered in order on one connection, connections stay open between requests, `Connection: close`
/// and HTTP/1.0 close after the answer, HEAD answers carry no body, and every answer has `Content-Length` and `Date`.
@Suite("tierc serve: connections", .serialized)
struct ServeConnectionTests {
    static func request(_ method: String, _ target: String, version: String = "HTTP/1.1", key: String = "demo-key-tenant-a",
                        extra: String = "") -> String {
        "\(method) \(target) \(version)\r\nHost: a\r\nX-Tierc-Time: 2025-11-02T21:00:00Z\r\nAuthorization: Bearer \(key)\r\n\(extra)\r\n"
    }

    /// The status lines and bodies of the answers in `text`, in order (every answer has a Content-Length; the
    /// answers at `bodiless`, to HEAD requests, carry no body whatever their Content-Length says).
    static func answers(_ text: String, bodiless: Set<Int> = []) -> [(status: String, headers: [String], body: String)] {
        var answers: [(status: String, headers: [String], body: String)] = []
        var rest = Substring(text)
        while let end = rest.range(of: "\r\n\r\n") {
            let lines = rest[..<end.lowerBound].components(separatedBy: "\r\n")
            let declared = lines.dropFirst().first { $0.lowercased().hasPrefix("content-length:") }
                .flatMap { Int($0.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)) } ?? 0
            let length = bodiless.contains(answers.count) ? 0 : declared
            let bodyStart = end.upperBound
            let bodyEnd = rest.utf8.index(bodyStart, offsetBy: length, limitedBy: rest.utf8.endIndex) ?? rest.endIndex
            answers.append((lines[0], Array(lines.dropFirst()), String(rest[bodyStart..<bodyEnd])))
            rest = rest[bodyEnd...]
        }
        return answers
    }

    @Test func pipelinedRequestsAreAnsweredInOrderOnOneConnection() async throws {
        let server = try await ServeProcess.start(["tiers/tiers.yaml", "--tenants", "examples/tenants.yaml", "--trust-clock-header"])
        let port: Int = server.mainPort
        // Four requests in one write: an admission, a gated route (403), the usage endpoint, an unknown key (401),
        // then a HEAD and a request that closes the connection.
        let burst = Self.request("GET", "/api/v1/orders") + Self.request("GET", "/api/intelligence/predict")
            + Self.request("GET", "/api/v1/tenant/usage") + Self.request("GET", "/api/v1/orders", key: "no-such-key")
            + Self.request("HEAD", "/api/v1/orders") + Self.request("GET", "/api/v1/orders", extra: "Connection: close\r\n")
        let text = await RawConnection.onThread { () -> String in
            guard let connection = RawConnection(port: port) else { return "" }
            connection.send(burst)
            return connection.readAll()  // until the server closes after the last answer
        }
        let answers = Self.answers(text, bodiless: [4])
        #expect(answers.map(\.status) == ["HTTP/1.1 200 OK", "HTTP/1.1 403 Forbidden", "HTTP/1.1 200 OK",
                                          "HTTP/1.1 401 Unauthorized", "HTTP/1.1 200 OK", "HTTP/1.1 200 OK"])
        if answers.count == 6 {
            #expect(answers[0].body == #"{"tenant_id":"tenant-a","tier":"free"}"#)
            #expect(answers[0].headers.contains("X-RateLimit-Remaining: 99"))
            #expect(answers[2].body.hasPrefix(#"{"tenant_id":"tenant-a","tier":"free","api_calls":"#))
            #expect(answers[3].body.contains(#""reason":"unknown_credentials""#))
            #expect(answers[4].headers.contains("Content-Length: 38"), "a HEAD answer has the GET answer's length, no body")
            #expect(answers[4].headers.contains("X-RateLimit-Remaining: 98"), "the HEAD was decided: \(answers[4].headers)")
            #expect(answers[5].headers.contains("X-RateLimit-Remaining: 97"))
            for answer in answers {
                #expect(answer.headers.contains { $0.hasPrefix("Date: ") && $0.hasSuffix(" GMT") }, "\(answer.headers)")
                #expect(answer.headers.contains { $0.hasPrefix("Content-Length: ") }, "\(answer.headers)")
            }
        }
        #expect(try await server.stop() == 0)
    }

    @Test func keepAliveAndHTTP10() async throws {
        let server = try await ServeProcess.start(["tiers/tiers.yaml", "--tenants", "examples/tenants.yaml", "--trust-clock-header"])
        let port: Int = server.mainPort
        let (first, second, old) = await RawConnection.onThread { () -> (String, String, String) in
            // One connection, two requests written one after the other's answer.
            guard let connection = RawConnection(port: port, timeoutSeconds: 2) else { return ("", "", "") }
            connection.send(Self.request("GET", "/api/v1/orders"))
            let first = connection.readAnswer()
            connection.send(Self.request("GET", "/api/v1/orders", extra: "Connection: close\r\n"))
            let second = connection.readAll()
            // HTTP/1.0 without keep-alive: answered, then closed (readAll returns at the close, not the timeout).
            guard let old = RawConnection(port: port, timeoutSeconds: 10) else { return (first, second, "") }
            old.send(Self.request("GET", "/api/v1/orders", version: "HTTP/1.0"))
            return (first, second, old.readAll())
        }
        #expect(Self.answers(first).map(\.status) == ["HTTP/1.1 200 OK"])
        #expect(Self.answers(second).map(\.status) == ["HTTP/1.1 200 OK"])
        #expect(Self.answers(second).first?.headers.contains("X-RateLimit-Remaining: 98") == true)
        #expect(Self.answers(old).map(\.status) == ["HTTP/1.1 200 OK"])
        #expect(try await server.stop() == 0)
    }

    @Test func dateFieldIsIMFFixdate() {
        #expect(HTTPDate.format(0) == "Thu, 01 Jan 1970 00:00:00 GMT")
        #expect(HTTPDate.format(784_111_777) == "Sun, 06 Nov 1994 08:49:37 GMT")  // RFC 9110 §5.6.7's example
        #expect(HTTPDate.format(1_762_117_200) == "Sun, 02 Nov 2025 21:00:00 GMT")
        #expect(HTTPDate.format(951_782_400) == "Tue, 29 Feb 2000 00:00:00 GMT")
        var date = HTTPDate()
        #expect(date.text(at: 784_111_777) == "Sun, 06 Nov 1994 08:49:37 GMT")
        #expect(date.text(at: 784_111_778) == "Sun, 06 Nov 1994 08:49:38 GMT")
    }
}
