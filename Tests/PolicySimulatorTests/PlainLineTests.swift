import Testing
import PolicyModel
import PolicyRuntime
import PolicySimulator
import SeededRandom

/// The plain-line path (docs/simulation.md, "Speed"): a request line read and resolved on its bytes gives the
/// same item as the line parsed into a ``Request`` and resolved as text, for every identification method and
/// every shape of line; lines it does not take (escapes, gauges, duplicates, invalid lines) fall back.
@Suite("Plain request lines")
struct PlainLineTests {
    /// Every identification method, a base domain, and routes of every glob shape (exact, subtree, wildcard).
    static let policy = Spec.yaml("""
        identification:
          order: [api_key, header, subdomain, query]
          subdomain: { base_domain: example.com }
          header: { names: [X-Tenant-ID, Tenant] }
        meters:
          api_calls: { kind: counter }
        features:
          gold: {}
        routes:
          - { match: /api/exact, meter: api_calls, cost: 2 }
          - { match: "/api/*/items/**", meter: api_calls, cost: 3 }
          - { match: /api/sub/**, meter: api_calls, cost: 4 }
          - { match: "/x*y/z", meter: api_calls, cost: 5 }
          - { match: "/**", meter: api_calls, cost: 1 }
        tiers:
          free:
            price: 0
            features: [gold]
        """)

    static let tenants = """
        tenants:
          acme:
            tier: free
            api_keys: [key-acme, "k\\u00e9y"]
            subdomain: acme
          beta:
            tier: free
            api_keys: [key-beta]
            subdomain: bravo
            keys:
              - { hash: "sha256:28443aeace889b3e9bc4411f134e860309beea04d7202417db03953fffcec3cf", revoked: 2025-11-02 }  # key-old
        """

    /// A random JSON member list drawn from pieces that exercise the fast path and every reason to leave it.
    static func line(_ random: inout SplitMix64) -> String {
        func pick(_ choices: [String]) -> String { choices[random.below(choices.count)] }
        var members: [String] = []
        if !random.chance(1, in: 40) {
            members.append(pick([#""ts":"2025-11-02T21:45:00Z""#, #""ts":"2025-11-02T21:45:00.123+02:00""#, #""ts":1762119900"#,
                                 #""ts":1762119900.5"#, #""ts":"2025-11-31T00:00:00Z""#, #""ts":"2025-11-02T21:45:00\u005A""#,
                                 #""ts":true"#, #""ts":-62135596801"#, #""ts":"2025-11-02t21:45:00z""#]))
        }
        let ids = ["acme", "beta", "nobody", "", " acme ", "caf\u{e9}", "cafe\u{301}", "ACME", #"a\u0063me"#, "\u{212A}"]
        let keys = ["key-acme", "key-beta", "key-old", "key-x", "k\u{e9}y", "ke\u{301}y", #"key-\u0061cme"#, ""]
        func member(_ kind: Int) -> String {
            switch kind {
            case 0: return #""tenant":"\#(pick(ids))""#
            case 1: return #""tenant":null"#
            case 2: return #""tenant":7"#
            case 3:
                let paths = ["/api/exact", "/api/exact/", "/api/v1/items", "/api/v1/items/3", "/api/sub", "/api/sub/x", "/xay/z",
                             "/xy/z", "/api/caf\u{e9}", #"/api/\/exact"#, "", "/"]
                return #""path":"\#(pick(paths))""#
            case 4: return #""path":5"#
            case 5:
                let hosts = ["acme.example.com", "BRAVO.Example.COM:8443", " acme.example.com ", "a.b.example.com", "example.com",
                             ".example.com", "[::1]:80", "acme.example.org", #"acme.example.co\u006D"#, "caf\u{e9}.example.com"]
                return #""host":"\#(pick(hosts))""#
            case 6:
                let queries = ["tenant_id=acme", "a=1&tenant_id=beta", "tenant_id=", "tenant_id", "tenant%5Fid=acme",
                               "tenant_id=ac%6De", "x=%&tenant_id=acme", "&&tenant_id=nobody", "tenant_id=acme&tenant_id=beta", ""]
                return #""query":"\#(pick(queries))""#
            case 7: return #""meter":"api_calls""#
            case 8: return #""value":3"#
            case 9: return #""other":{"a":[1,2,{"b":null}]}"#
            case 10:
                var headers: [String] = []
                for _ in 0..<random.below(4) {
                    let name = pick(["Authorization", "authorization", "X-Tenant-ID", "x-tenant-id", "Tenant", "Other",
                                     "Authori\u{17F}ation", #"X-Tenant-\u0049D"#])
                    let value = pick([#""Bearer \#(pick(keys))""#, #""bearer  \#(pick(keys)) ""#, #""Basic x""#, #""\#(pick(ids))""#,
                                      "1", "null", #""Bearer""#])
                    headers.append(#""\#(name)":\#(value)"#)
                }
                if random.chance(1, in: 20) { headers = (0..<9).map { #""h\#($0)":"v""# } }
                return #""headers":{\#(headers.joined(separator: pick([",", " , "])))}"#
            default: return #""headers":[]"#
            }
        }
        for _ in 0..<random.below(5) { members.append(member(random.below(12))) }
        for index in members.indices.reversed() where index > 0 { members.swapAt(index, random.below(index + 1)) }
        var text = "{" + members.joined(separator: pick([",", ", ", " ,\t"])) + "}"
        switch random.below(30) {
        case 0: text = "  " + text + " \u{0B}"
        case 1: text.removeLast()
        case 2: text += "x"
        case 3: text = "[" + text + "]"
        case 4: text = ""
        default: break
        }
        return text
    }

    /// The item the text path gives: parse to a ``LogRecord``, resolve its ``Request``.
    static func reference(_ bytes: UnsafeBufferPointer<UInt8>, _ resolver: RequestResolver) -> String {
        switch LogLineParser.parse(bytes) {
        case nil: "blank"
        case .failure(let problem)?: "invalid \(problem.reason) \(problem.column.map(String.init) ?? "-")"
        case .success(.request(let request, let seconds))?: "request \(resolver.resolve(request, at: seconds)) at \(seconds)"
        case .success(let record)?: "gauge \(record)"
        }
    }

    static func describe(_ item: ReplayItem?) -> String {
        switch item {
        case nil: "blank"
        case .invalid(let problem)?: "invalid \(problem.reason) \(problem.column.map(String.init) ?? "-")"
        case .request(let request, let seconds)?: "request \(request) at \(seconds)"
        case .gauge(let record)?: "gauge \(record)"
        }
    }

    @Test("random lines: the bytes path and the text path give the same item", arguments: [1, 2, 3, 4] as [UInt64])
    func sameItem(seed: UInt64) throws {
        let engine = try Spec.engine(Self.policy, Self.tenants)
        let resolver = engine.resolver
        var random = SplitMix64(seed: seed)
        var keys = APIKeyDigests(capacity: 3)  // small: remembered and forgotten keys both occur
        var plain = 0
        for _ in 0..<4_000 {
            let text = Self.line(&random)
            let bytes = Array(text.utf8)
            bytes.withUnsafeBufferPointer { bytes in
                let expected = Self.reference(bytes, resolver)
                let got = Self.describe(ReplayItem.make(.text(bytes), resolver: resolver, keys: &keys))
                #expect(got == expected, "\(text)")
                if LogLineParser.withPlainRequest(bytes, { _, _ in 1 }) != nil {
                    plain += 1
                    #expect(expected.hasPrefix("request"), "a plain line must be a valid request: \(text)")
                }
            }
        }
        #expect(plain > 400)  // the fast path is exercised (about one line in six), not only the fallback
    }

    @Test("every identification outcome is reached on the bytes path")
    func outcomes() throws {
        let engine = try Spec.engine(Self.policy, Self.tenants)
        var keys = APIKeyDigests()
        func resolve(_ line: String) -> String? {
            Array(line.utf8).withUnsafeBufferPointer { bytes in
                LogLineParser.withPlainRequest(bytes) { request, seconds in
                    engine.resolver.resolve(bytes: request, keys: &keys, at: seconds).map { "\($0.identity) \($0.route)" }
                }
            }
        }
        let acme = "tenant(0)"
        #expect(resolve(#"{"ts":1,"headers":{"authorization":"Bearer key-acme"}}"#) == "\(acme) 4")
        #expect(resolve(#"{"ts":1,"headers":{"Authorization":"Bearer key-acme"},"path":"/api/exact"}"#) == "\(acme) 0")
        #expect(resolve(#"{"ts":1,"headers":{"Authorization":"Bearer nope","Tenant":"acme"}}"#) == "unknown -1")
        #expect(resolve(#"{"ts":1,"headers":{"tenant":" beta "},"path":"/xaay/z"}"#) == "tenant(1) 3")
        #expect(resolve(#"{"ts":1,"host":"Bravo.EXAMPLE.com:80","path":"/api/v/items/1"}"#) == "tenant(1) 1")
        #expect(resolve(#"{"ts":1,"query":"a=b&tenant_id=acme","path":"/api/sub/q"}"#) == "\(acme) 2")
        #expect(resolve(#"{"ts":1,"query":"tenant_id=ac%6De"}"#) == nil)  // percent-decoding: the text path decides
        #expect(resolve(#"{"ts":1,"query":"tenant_id="}"#) == "unknown -1")
        #expect(resolve(#"{"ts":1}"#) == "none -1")
        // A revoked key identifies its tenant before 00:00 UTC of its revocation day and nobody from then on.
        #expect(resolve(#"{"ts":1762041599,"headers":{"Authorization":"Bearer key-old"}}"#) == "tenant(1) 4")
        #expect(resolve(#"{"ts":1762041600,"headers":{"Authorization":"Bearer key-old","Tenant":"beta"}}"#) == "unknown -1")
        #expect(resolve(#"{"ts":1,"tenant":"t\u0061"}"#) == nil)  // an escape: not a plain line
        #expect(resolve(#"{"ts":1,"tenant":"a","tenant":"b"}"#) == nil)  // a field twice: not a plain line
    }
}
