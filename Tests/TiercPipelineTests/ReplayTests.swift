import Foundation
import PolicyModel
import PolicyRuntime
import PolicySimulator
import PolicySource
import Testing
import TiercPipeline

/// The replay loop's state without the binary: invalid lines counted and named, `--strict`, the span warning
/// (docs/pipeline.md#replaying).
@Suite("Pipeline replay state")
struct ReplayTests {
    static func session(strict: Bool) throws -> ReplaySession {
        let loaded = try PolicyFrontEnd().load(policy: SourceFile(name: "tiers.yaml", text: PipelineFixtures.smallPolicy),
                                               tenants: SourceFile(name: "tenants.yaml", text: PipelineFixtures.smallTenants))
        return ReplaySession(simulator: Simulator(policy: loaded.policy, tenants: try #require(loaded.tenants)),
                             logName: "log.jsonl", strict: strict)
    }

    /// The replay item of one log line, as the executable's parsing threads make it.
    static func item(_ line: String, _ session: ReplaySession) throws -> ReplayItem {
        let resolver = session.simulator.engine.resolver
        let bytes = Array(line.utf8)
        return try #require(bytes.withUnsafeBufferPointer { ReplayItem.make(.text($0), resolver: resolver) })
    }

    static let request = #"{"ts":"2025-11-01T10:00:00Z","method":"GET","path":"/api/v1/orders","headers":{"Authorization":"Bearer demo-key-acme"}}"#

    @Test("invalid lines are skipped and counted; the first 20 are named, then how many more")
    func invalidLines() throws {
        var session = try Self.session(strict: false)
        try session.consume(try Self.item(Self.request, session), number: 1)
        for number in 2...24 { try session.consume(.invalid(InvalidLine("not JSON", column: 3)), number: number) }
        #expect(session.invalid.count == 23)
        #expect(session.invalid.warnings.count == 21)
        #expect(session.invalid.warnings.first == "skipped invalid log line log.jsonl:2:3: not JSON")
        #expect(session.invalid.warnings.last == "3 more invalid lines skipped")
        let (report, _) = try session.simulator.finishStreaming()
        #expect(report.records.invalid == 23)
    }

    @Test("--strict: the first invalid line is thrown with its place, and nothing is counted")
    func strict() throws {
        var session = try Self.session(strict: true)
        try session.consume(try Self.item(Self.request, session), number: 1)
        #expect(throws: StrictReplayFailure(place: "log.jsonl:2", reason: "the line is 20000000 bytes, over the 16 MiB limit")) {
            try session.consume(ReplayItem.make(.tooLong(20_000_000), resolver: session.simulator.engine.resolver)!, number: 2)
        }
        #expect(session.invalid.count == 0)
        #expect("\(StrictReplayFailure(place: "log.jsonl:2:7", reason: "bad ts"))" == "log.jsonl:2:7: invalid log line: bad ts")
    }

    @Test("a span of more than 60 months is warned about with the lines of its ends; a plausible one is not")
    func span() throws {
        var session = try Self.session(strict: false)
        try session.consume(try Self.item(Self.request, session), number: 1)
        #expect(session.simulator.span?.implausibleSpanWarning(logName: "log.jsonl") == nil)
        try session.consume(try Self.item(Self.request.replacingOccurrences(of: "2025-11-01", with: "2015-01-31"), session), number: 5)
        let span = try #require(session.simulator.span)
        #expect(span.implausibleSpanWarning(logName: "log.jsonl") == "the log spans 131 months, more than the 60 a request log "
                + "plausibly does: from 2015-01-31T10:00:00Z (log.jsonl:5) to 2025-11-01T10:00:00Z (log.jsonl:1); "
                + "every tenant gets an invoice for every one of those months")
    }
}
