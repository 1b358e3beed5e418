import Foundation
import PolicyModel
import PolicyRuntime
import PolicySimulator
import Testing

/// docs/simulation.md "Long spans": the invoices are computed month by month while the report is written, in
/// the same bytes as the report held in memory; the span and its lines are known for the warning.
@Suite("Streamed reports and log spans")
struct StreamingReportTests {
    /// Replays `lines` (one record each) with their 1-based line numbers.
    func simulator(_ lines: [String]) throws -> Simulator {
        let (policy, tenants) = try Simulation.policy(ReportJSONTests.policy, tenants: ReportJSONTests.tenants)
        var simulator = Simulator(policy: policy, tenants: tenants)
        for (index, line) in lines.enumerated() {
            let bytes = Array(line.utf8)
            let parsed = bytes.withUnsafeBufferPointer { LogLineParser.parse($0) }
            switch parsed {
            case nil: continue
            case .failure?: simulator.recordInvalid(line: index + 1)
            case .success(let record)?:
                if simulator.replay(record, line: index + 1) != nil { simulator.recordInvalid(line: index + 1) }
            }
        }
        return simulator
    }

    @Test("JSON, CSV and human text written in pieces are the bytes of the report in memory")
    func streamedEqualsMaterialized() throws {
        let simulator = try simulator(ReportJSONTests.log)
        let whole = try simulator.finish()
        let (report, invoices) = try simulator.finishStreaming()
        #expect(report.tenants.allSatisfy { $0.invoices.isEmpty }, "the streamed report holds no invoice")
        var json = "", csv = "", human = ""
        try report.writeJSON(invoices: invoices) { json += $0 }
        try report.writeCSV(invoices: invoices) { csv += $0 }
        try report.writeHumanSummary(invoices: invoices) { human += $0 }
        #expect(json == whole.json())
        #expect(csv == whole.csv())
        #expect(human == whole.humanSummary())
        #expect(whole.tenants.allSatisfy { $0.invoices.map(\.month) == ["2025-11", "2025-12"] })
    }

    @Test("a span of 9,999 years and its lines; 500 years written in pieces of at most about 64 KiB, every month")
    func longSpanIsWrittenInPieces() throws {
        let simulator = try simulator([
            Spec.pinned("acme", "2025-11-02T21:00:00Z"),
            Spec.pinned("beta", "9999-12-31T23:59:59Z"),
            Spec.pinned("acme", "0001-01-01T00:00:00Z"),
        ])
        let span = try #require(simulator.span)
        #expect(span.months == 119_988)
        #expect(span.months > LogSpan.plausibleMonths)
        #expect(span.earliestLine == 3 && span.latestLine == 2)

        // 500 years written (fewer months keep the debug build quick; the pieces are the point).
        let shorter = try self.simulator([Spec.pinned("acme", "1526-01-01T00:00:00Z"), Spec.pinned("beta", "2025-12-31T00:00:00Z")])
        #expect(shorter.span?.months == 6_000)
        let (report, invoices) = try shorter.finishStreaming()
        var pieces = 0
        var largest = 0
        var rows = 0
        try report.writeCSV(invoices: invoices) { piece in
            pieces += 1
            largest = max(largest, piece.utf8.count)
            rows += piece.utf8.reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
        }
        // Two tenants, 6,000 months, a base line and two usage lines each.
        #expect(rows == 1 + 2 * 6_000 * 3)
        #expect(largest < 65_536 + 1_024, "a piece of \(largest) bytes")
        #expect(pieces > 10)
    }
}
