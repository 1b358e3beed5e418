import Testing
import PolicyModel
import PolicyRuntime
import PolicySimulator

/// simulation.md §2 steps 2–3 and §7.13, §7.14, §7.16: which route, which meter and cost, and the feature gate.
@Suite("§2.2–§2.3 routes and features")
struct RouteAndFeatureTests {
    /// One route `pattern` with cost 7; the request's cost tells whether it matched (no match costs 1).
    static func cost(pattern: String, path: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> Int64 {
        let policy = Spec.counterPolicy(extra: """
            routes:
              - match: "\(pattern)"
                cost: 7
            """)
        var engine = try Spec.engine(policy, Spec.tenants(), sourceLocation: sourceLocation)
        let line = #"{"ts":"2025-11-02T21:00:00Z","tenant":"acme","path":"\#(path)"}"#
        let decision = try Spec.decisions(&engine, [line], sourceLocation: sourceLocation)[0]
        #expect(decision.status == 200, sourceLocation: sourceLocation)
        #expect(decision.meter.map { engine.policy.meters[$0].id } == "api_calls", sourceLocation: sourceLocation)
        return decision.cost
    }

    @Test("§7.13 route globs: ** is zero or more segments, * is a run within one segment, case-sensitive, not normalised",
          arguments: [
              // `*` within one segment, possibly empty.
              ("/api/*", "/api/x", true), ("/api/*", "/api/", true), ("/api/*", "/api", false), ("/api/*", "/api/x/y", false),
              ("/api/*/items", "/api/7/items", true), ("/api/*/items", "/api//items", true), ("/api/*/items", "/api/items", false),
              ("/v*/x", "/v1/x", true), ("/v*/x", "/v/x", true), ("/v*/x", "/w1/x", false),
              ("/a*b*c", "/abc", true), ("/a*b*c", "/aXbYc", true), ("/a*b*c", "/acb", false), ("/*.json", "/x.json", true),
              ("/*.json", "/x.jsonp", false),
              // `**` as a whole segment: zero or more segments.
              ("/api/**", "/api", true), ("/api/**", "/api/", true), ("/api/**", "/api/x/y/z", true), ("/api/**", "/apix", false),
              ("/**/health", "/health", true), ("/**/health", "/a/b/health", true), ("/**/health", "/a/healthz", false),
              ("/a/**/b", "/a/b", true), ("/a/**/b", "/a/x/y/b", true), ("/a/**/b", "/a/x/y/c", false),
              ("/**", "/", true), ("/**", "/anything/at/all", true),
              // Case-sensitive; the path is not normalised.
              ("/Api/x", "/api/x", false), ("/api/x", "/api//x", false), ("/api/x", "/api/x/", false),
              ("/api/x", "/api/./x", false), ("/api/x", "/api/y/../x", false), ("/api/x", "/api/x", true),
              ("/api/v1/tenant/usage", "/api/v1/tenant/usage", true),
          ])
    func globs(pattern: String, path: String, matches: Bool) throws {
        #expect(try Self.cost(pattern: pattern, path: path) == (matches ? 7 : 1))
    }

    @Test("§2.2 the first matching route wins")
    func firstMatchWins() throws {
        let policy = Spec.counterPolicy(extra: """
            routes:
              - match: /api/**
                cost: 2
              - match: /api/x
                cost: 3
              - match: /other
                cost: 4
            """)
        var engine = try Spec.engine(policy, Spec.tenants())
        let decisions = try Spec.decisions(&engine, [Spec.pinned("acme", "2025-11-02T21:00:00Z", path: "/api/x"),
                                                     Spec.pinned("acme", "2025-11-02T21:00:00Z", path: "/other")])
        #expect(decisions.map(\.cost) == [2, 4])
    }

    @Test("§2.2 no route matches: no feature, the default meter, cost 1")
    func noMatchUsesDefaultMeter() throws {
        let policy = Spec.yaml("""
            default_meter: calls
            meters:
              calls: { kind: counter }
              exports: { kind: counter }
            features:
              gated: {}
            routes:
              - match: /export/**
                meter: exports
                cost: 3
                feature: gated
            tiers:
              free:
                price: 0
                features: [gated]
            """)
        var engine = try Spec.engine(policy, Spec.tenants())
        let decisions = try Spec.decisions(&engine, [Spec.pinned("acme", "2025-11-02T21:00:00Z", path: "/elsewhere"),
                                                     Spec.pinned("acme", "2025-11-02T21:00:00Z", path: "/export/a")])
        #expect(decisions.map(\.status) == [200, 200])
        #expect(decisions.map { $0.meter.map { engine.policy.meters[$0].id } } == ["calls", "exports"])
        #expect(decisions.map(\.cost) == [1, 3])
    }

    @Test("§7.6 a missing or non-string path means /", arguments: ["", #","path":5"#, #","path":null"#, #","path":["/x"]"#])
    func pathDefault(member: String) throws {
        let line = #"{"ts":"2025-11-02T21:00:00Z","tenant":"acme"\#(member)}"#
        let (request, _) = try Spec.request(line)
        #expect(request.path == "/")
        // And it routes as `/`.
        let policy = Spec.counterPolicy(extra: """
            routes:
              - match: /
                cost: 9
            """)
        var engine = try Spec.engine(policy, Spec.tenants())
        #expect(try Spec.decisions(&engine, [line])[0].cost == 9)
    }

    static let gatedPolicy = Spec.yaml("""
        meters:
          api_calls: { kind: counter }
        features:
          ai: {}
        routes:
          - match: /ai/free
            feature: ai
            cost: 0
          - match: /ai/**
            feature: ai
          - match: /usage
            cost: 0
        tiers:
          free:
            price: 0
            limits:
              api_calls: { hour: 0 }
          pro:
            price: 10
            features: [ai]
        """)

    static let gatedTenants = """
        tenants:
          acme:
            tier: free
          beta:
            tier: pro
        """

    @Test("§2.3 a route's feature that the tier lacks is 403, checked before the quota")
    func featureGate() throws {
        let statuses = try Spec.statuses(Self.gatedPolicy, Self.gatedTenants, [
            Spec.pinned("acme", "2025-11-02T21:00:00Z", path: "/ai/predict"),  // free lacks `ai`: 403, not 429
            Spec.pinned("beta", "2025-11-02T21:00:00Z", path: "/ai/predict"),  // pro has it
            Spec.pinned("acme", "2025-11-02T21:00:00Z", path: "/plain"),  // no feature; the hourly limit of 0 refuses
        ])
        #expect(statuses == [403, 200, 429])
    }

    @Test("§7.14 a cost-0 request still gets the feature check; allowed, it is a 200 of its tenant, unmetered")
    func costZeroFeatureCheck() throws {
        var engine = try Spec.engine(Self.gatedPolicy, Self.gatedTenants)
        let decisions = try Spec.decisions(&engine, [
            Spec.pinned("acme", "2025-11-02T21:00:00Z", path: "/ai/free"),
            Spec.pinned("beta", "2025-11-02T21:00:00Z", path: "/ai/free"),
            Spec.pinned("acme", "2025-11-02T21:00:00Z", path: "/usage"),  // cost 0 under a limit of 0: never refused
        ])
        #expect(decisions.map(\.status) == [403, 200, 200])
        #expect(decisions[1].meter == nil)
        #expect(decisions[2].meter == nil)

        let report = try Spec.report(Self.gatedPolicy, Self.gatedTenants, [
            Spec.pinned("acme", "2025-11-02T21:00:00Z", path: "/ai/free"),
            Spec.pinned("beta", "2025-11-02T21:00:00Z", path: "/ai/free"),
            Spec.pinned("acme", "2025-11-02T21:00:00Z", path: "/usage"),
        ])
        let acme = try report.tenant("acme")
        #expect(acme.status403 == 1)
        #expect(acme.status200 == 1)
        #expect(acme.requests == 2)
        #expect(try report.tenant("beta").status200 == 1)
    }

    @Test("§7.16 with no counter meter, requests that match no route are unmetered, still feature-checked")
    func noCounterMeter() throws {
        let policy = Spec.yaml("""
            meters:
              storage_gb: { kind: gauge }
            features:
              ai: {}
            routes:
              - match: /ai/**
                feature: ai
            tiers:
              free:
                price: 0
                limits:
                  storage_gb: 1
            """)
        var engine = try Spec.engine(policy, Spec.tenants())
        let lines = Array(repeating: Spec.pinned("acme", "2025-11-02T21:00:00Z", path: "/x"), count: 50)
            + [Spec.pinned("acme", "2025-11-02T21:00:00Z", path: "/ai/x")]
        let decisions = try Spec.decisions(&engine, lines)
        #expect(decisions.prefix(50).allSatisfy { $0.status == 200 && $0.meter == nil && $0.rateLimit == nil })
        #expect(decisions.last?.status == 403)
    }
}
