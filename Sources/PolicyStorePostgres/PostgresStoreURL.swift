/// `postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?sslmode=disable|prefer|require]`, the value of
/// `tierc serve --store` (docs/postgres.md#serving-from-postgresql). The password may instead come from the
/// `PGPASSWORD` environment variable (a command line is visible to every user of the machine).
public struct PostgresStoreURL: Sendable, Hashable, CustomStringConvertible {
    /// The role to log in as (`%XX` decoded).
    public var user: String
    /// From the URL, else from `PGPASSWORD`; nil for none (trust or peer authentication).
    public var password: String?
    /// A name or an address; an IPv6 address without its brackets.
    public var host: String
    /// 5432 when the URL has none.
    public var port: Int
    /// The database that policy.sql and tenants.sql were applied to.
    public var database: String
    /// `sslmode`, `prefer` by default.
    public var tls: TLSMode

    /// `sslmode`: as libpq's, except that `prefer` and `require` verify the server's certificate.
    public enum TLSMode: String, Sendable, Hashable {
        case disable, prefer, require
    }

    /// Parses `text`; the error says what is wrong and what a good URL looks like.
    public init(_ text: String, environmentPassword: String? = nil) throws(PostgresStoreError) {
        func bad(_ why: String) -> PostgresStoreError {
            .badURL("--store \(Self.redacted(text)): \(why); expected postgres://USER@HOST:PORT/DATABASE (or `memory`)")
        }
        var rest: Substring
        if text.hasPrefix("postgres://") {
            rest = text.dropFirst("postgres://".count)
        } else if text.hasPrefix("postgresql://") {
            rest = text.dropFirst("postgresql://".count)
        } else {
            throw bad("not a postgres:// URL")
        }
        var query: Substring = ""
        if let mark = rest.firstIndex(of: "?") {
            query = rest[rest.index(after: mark)...]
            rest = rest[..<mark]
        }
        guard let slash = rest.firstIndex(of: "/") else { throw bad("no /DATABASE") }
        let authority = rest[..<slash]
        let database = String(rest[rest.index(after: slash)...])
        guard !database.isEmpty, !database.contains("/") else { throw bad("no database name after the host") }
        guard let at = authority.lastIndex(of: "@") else { throw bad("no USER@ before the host") }
        let userInfo = authority[..<at]
        let hostPort = authority[authority.index(after: at)...]
        var user = String(userInfo)
        var password: String?
        if let colon = userInfo.firstIndex(of: ":") {
            user = String(userInfo[..<colon])
            password = String(userInfo[userInfo.index(after: colon)...])
        }
        guard let decodedUser = user.removingPercentEncodingStrict, !decodedUser.isEmpty else { throw bad("no user name") }
        var host = String(hostPort)
        var port = 5432
        if host.hasPrefix("[") {
            guard let close = host.firstIndex(of: "]") else { throw bad("an IPv6 host needs a closing ]") }
            let after = host[host.index(after: close)...]
            let inner = String(host[host.index(after: host.startIndex)..<close])
            if !after.isEmpty {
                guard after.hasPrefix(":"), let number = Int(after.dropFirst()) else { throw bad("the port must be a number") }
                port = number
            }
            host = inner
        } else if let colon = host.lastIndex(of: ":") {
            guard let number = Int(host[host.index(after: colon)...]) else { throw bad("the port must be a number") }
            port = number
            host = String(host[..<colon])
        }
        guard !host.isEmpty else { throw bad("no host") }
        guard (1...65_535).contains(port) else { throw bad("the port must be 1 to 65535, not \(port)") }
        var tls = TLSMode.prefer
        for pair in query.split(separator: "&") where !pair.isEmpty {
            let parts = pair.split(separator: "=", maxSplits: 1)
            guard parts.count == 2, parts[0] == "sslmode" else {
                throw bad("unknown parameter '\(pair)'; only sslmode=disable|prefer|require is read")
            }
            guard let mode = TLSMode(rawValue: String(parts[1])) else {
                throw bad("sslmode must be disable, prefer or require, not '\(parts[1])'")
            }
            tls = mode
        }
        self.user = decodedUser
        self.password = password.flatMap(\.removingPercentEncodingStrict) ?? environmentPassword
        self.host = host
        self.port = port
        guard let decodedDatabase = database.removingPercentEncodingStrict else { throw bad("bad %-escape in the database name") }
        self.database = decodedDatabase
        self.tls = tls
    }

    /// The URL without its password, for messages and logs.
    public var description: String {
        let hostText = host.contains(":") ? "[\(host)]" : host
        return "postgres://\(user)@\(hostText):\(port)/\(database)" + (tls == .prefer ? "" : "?sslmode=\(tls.rawValue)")
    }

    /// `text` with any password replaced by `***`.
    static func redacted(_ text: String) -> String {
        guard let scheme = text.firstRange(of: "://"), let at = text[scheme.upperBound...].lastIndex(of: "@") else { return text }
        let userInfo = text[scheme.upperBound..<at]
        guard let colon = userInfo.firstIndex(of: ":") else { return text }
        return String(text[..<colon]) + ":***" + String(text[at...])
    }
}

extension String {
    /// `%XX` escapes decoded as UTF-8; nil for a malformed escape.
    var removingPercentEncodingStrict: String? {
        var bytes: [UInt8] = []
        var iterator = utf8.makeIterator()
        while let byte = iterator.next() {
            if byte == UInt8(ascii: "%") {
                guard let high = iterator.next(), let low = iterator.next(),
                      let value = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16) else { return nil }
                bytes.append(value)
            } else {
                bytes.append(byte)
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }
}
