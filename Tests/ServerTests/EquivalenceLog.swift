import PolicyModel
import PolicyRuntime
import SeededRandom

/// A generated request log for the server-versus-simulator tests: bursts of requests from seven tenants on four
/// tiers, identified by each of the four methods (and by unknown keys, ids and subdomains, and anonymously),
/// on gated, heavy, free and export routes, with gauge readings, over two and a half calendar months, so that
/// 403s and 429s of every window kind occur. Deterministic for a seed.
struct EquivalenceLog {
    /// One record, as the log line and as what to send over HTTP.
    enum Record {
        case request(line: String, target: String, host: String?, headers: [(String, String)], time: String)
        case gauge(line: String, body: String, time: String)
    }

    static let tenants = [
        ("t-free-1", "key-free-1", nil), ("t-free-2", "key-free-2", "freebie"), ("t-starter-1", "key-starter-1", nil),
        ("t-starter-2", "key-starter-2", "beta"), ("t-pro-1", "key-pro-1", nil), ("t-pro-2", "key-pro-2", "gamma"),
        ("t-ent-1", "key-ent-1", nil),
    ] as [(String, String, String?)]

    static let paths = ["/api/v1/orders", "/api/v1/orders/17", "/api/ai/predict", "/api/export/csv", "/api/heavy/report",
                        "/api/ping", "/", "/api/v1/customers"]

    var records: [Record] = []
    var requestCount = 0

    /// At least `requests` requests, starting 2025-11-20T08:00:00Z.
    init(seed: UInt64, requests: Int) {
        var random = SplitMix64(seed: seed)
        var now: Int64 = 1_763_625_600  // 2025-11-20T08:00:00Z
        while requestCount < requests {
            // Move on: mostly seconds to minutes, sometimes hours, so every window kind fills and resets.
            now += random.chance(1, in: 12) ? Int64(random.below(6 * 3_600)) : Int64(random.below(240))
            if random.chance(1, in: 40) {
                let tenant = Self.tenants[random.below(Self.tenants.count)].0
                let value = "\(random.below(130)).\(random.below(100))"
                let time = UTCCalendar.rfc3339(now)
                records.append(.gauge(line: #"{"ts":"\#(time)","tenant":"\#(tenant)","meter":"storage_gb","value":\#(value)}"#,
                                      body: #"{"tenant":"\#(tenant)","meter":"storage_gb","value":\#(value)}"#, time: time))
                continue
            }
            let burst = 1 + random.below(random.chance(1, in: 4) ? 14 : 3)
            let who = random.below(Self.tenants.count + 2)
            let method = random.below(4)
            let path = Self.paths[random.below(Self.paths.count)]
            for index in 0..<burst {
                // A few records go back in time a little (they count in their own windows).
                let seconds = now + Int64(index) - (random.chance(1, in: 50) ? Int64(random.below(600)) : 0)
                append(who: who, method: method, path: path, seconds: seconds, random: &random)
            }
            now += Int64(burst)
        }
    }

    private mutating func append(who: Int, method: Int, path: String, seconds: Int64, random: inout SplitMix64) {
        var headers: [(String, String)] = []
        var host: String?
        var query: String?
        if who < Self.tenants.count {
            let (id, key, subdomain) = Self.tenants[who]
            switch method {
            case 0: headers.append(("Authorization", "Bearer \(key)"))
            case 1: headers.append(("X-Tenant-ID", id))
            case 2 where subdomain != nil: host = "\(subdomain!).example.com"
            default: query = "page=2&tenant=\(id)"
            }
        } else if who == Self.tenants.count {
            // Unknown credentials: 401.
            switch method {
            case 0: headers.append(("Authorization", "Bearer key-nobody"))
            case 1: headers.append(("X-Tenant-ID", "t-nobody"))
            case 2: host = "nobody.example.com"
            default: query = "tenant=t-nobody"
            }
        } else if random.chance(1, in: 2) {
            host = "www.example.org"  // anonymous: no method finds anything
        }
        let time = UTCCalendar.rfc3339(seconds)
        var line = #"{"ts":"\#(time)","method":"GET","path":"\#(path)""#
        if let host { line += #","host":"\#(host)""# }
        if let query { line += #","query":"\#(query)""# }
        line += #","headers":{"# + headers.map { #""\#($0.0)":"\#($0.1)""# }.joined(separator: ",") + "}}"
        records.append(.request(line: line, target: path + (query.map { "?" + $0 } ?? ""), host: host, headers: headers, time: time))
        requestCount += 1
    }

    var text: String {
        records.map {
            switch $0 {
            case .request(let line, _, _, _, _), .gauge(let line, _, _): line
            }
        }.joined(separator: "\n") + "\n"
    }
}
