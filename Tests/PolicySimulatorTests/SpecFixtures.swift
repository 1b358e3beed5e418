import Testing
import PolicyCheck
import PolicyModel
import PolicyRuntime
import PolicySimulator
import PolicySource

/// Small policies, tenants and log lines for the tests of simulation.md §1–§7. Every policy goes through the
/// checker, as `tierc simulate` does, so the tests also pin what the checker resolves (default order, default
/// meter, inherited usage prices).
enum Spec {
    /// `format`, `policy` and `currency`, then `body` (top-level YAML keys, unindented).
    static func yaml(currency: String = "USD", _ body: String) -> String {
        "format: 1\npolicy: spec-test\ncurrency: \(currency)\n" + body
    }

    /// One counter meter `api_calls`, tier `free` with `limits` (a flow mapping of windows, e.g. `{ hour: 2 }`).
    static func counterPolicy(limits: String = "{}", extra: String = "") -> String {
        yaml("""
            meters:
              api_calls: { kind: counter }
            \(extra)
            tiers:
              free:
                price: 0
                limits:
                  api_calls: \(limits)
            """)
    }

    /// Tenant `acme` (key `key-acme`) and `beta` (key `key-beta`, subdomain `bravo`), both on `tier`.
    static func tenants(tier: String = "free") -> String {
        """
        tenants:
          acme:
            tier: \(tier)
            api_keys: [key-acme]
          beta:
            tier: \(tier)
            api_keys: [key-beta]
            subdomain: bravo
        """
    }

    static func check(_ policy: String, _ tenants: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws
        -> (Policy, TenantDirectory)
    {
        do {
            return try Simulation.policy(policy, tenants: tenants)
        } catch {
            Issue.record("the fixture does not check: \(error)", sourceLocation: sourceLocation)
            throw error
        }
    }

    static func engine(_ policy: String, _ tenants: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws
        -> PolicyEngine
    {
        let (policy, directory) = try check(policy, tenants, sourceLocation: sourceLocation)
        return PolicyEngine(policy: policy, tenants: directory)
    }

    /// Parses one log line as `tierc simulate` does (nil for a blank line).
    static func parse(_ line: String) -> Result<LogRecord, InvalidLine>? {
        parse(bytes: Array(line.utf8))
    }

    static func parse(bytes: [UInt8]) -> Result<LogRecord, InvalidLine>? {
        bytes.withUnsafeBufferPointer { LogLineParser.parse($0) }
    }

    /// The request of a line that must parse as a request.
    static func request(_ line: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> (Request, Int64) {
        guard case .success(.request(let request, let seconds))? = parse(line) else {
            Issue.record("not a valid request line: \(line)", sourceLocation: sourceLocation)
            throw Simulation.Failure(description: "not a request")
        }
        return (request, seconds)
    }

    /// The epoch seconds of a line's `ts` when the line is valid, nil when it is invalid.
    static func seconds(ofTS ts: String) -> Int64? {
        guard case .success(let record)? = parse(#"{"ts":\#(ts)}"#) else { return nil }
        return record.seconds
    }

    /// Decides each line (all requests) in order and returns the decisions.
    static func decisions(_ engine: inout PolicyEngine, _ lines: [String], sourceLocation: Testing.SourceLocation = #_sourceLocation)
        throws -> [Decision]
    {
        try lines.map { line in
            let (request, seconds) = try request(line, sourceLocation: sourceLocation)
            return engine.decide(request, at: seconds)
        }
    }

    /// The statuses of `lines` replayed in order against a fresh engine.
    static func statuses(_ policy: String, _ tenants: String = Spec.tenants(), _ lines: [String],
                         sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> [Int]
    {
        var engine = try engine(policy, tenants, sourceLocation: sourceLocation)
        return try decisions(&engine, lines, sourceLocation: sourceLocation).map(\.status)
    }

    /// A request line: `ts` (JSON text, default a fixed instant) plus the given JSON members.
    static func line(ts: String = #""2025-11-02T21:00:00Z""#, _ members: String = "") -> String {
        members.isEmpty ? #"{"ts":\#(ts)}"# : #"{"ts":\#(ts),\#(members)}"#
    }

    /// A request of tenant `tenant` (resolved upstream) at `ts` (RFC 3339 text) on `path`.
    static func pinned(_ tenant: String, _ ts: String, path: String = "/") -> String {
        #"{"ts":"\#(ts)","tenant":"\#(tenant)","path":"\#(path)"}"#
    }

    /// Replays a log and returns the report (see ``Simulation/run(_:_:log:)``).
    static func report(_ policy: String, _ tenants: String = Spec.tenants(), _ lines: [String],
                       sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> SimulationReport
    {
        let (policy, directory) = try check(policy, tenants, sourceLocation: sourceLocation)
        return try Simulation.run(policy, directory, log: lines.joined(separator: "\n"))
    }

    /// Epoch seconds of an RFC 3339 UTC text, through the log parser.
    static func epoch(_ text: String) -> Int64 {
        seconds(ofTS: "\"\(text)\"")!
    }
}

extension SimulationReport {
    func tenant(_ id: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> TenantSummary {
        try #require(tenants.first { $0.tenant == id }, sourceLocation: sourceLocation)
    }
}

extension SimulationReport.Invoice {
    /// `kind meter quantity amount` per line, amounts with `digits` decimals, e.g. `usage api_calls 100 0.00`.
    func summary(digits: Int) -> [String] {
        lines.map { line in
            [line.kind.rawValue, line.meter, line.quantity?.description, line.amount.formatted(fractionDigits: digits)]
                .compactMap { $0 }.joined(separator: " ")
        }
    }
}
