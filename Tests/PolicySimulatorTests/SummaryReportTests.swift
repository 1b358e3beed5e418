import Foundation
import PolicyModel
import PolicyRuntime
import PolicySimulator
import Testing

/// Issue 15: the CSV summaries, the human report's order and separators, the HTML report's sections, and the
/// progress line. The log is ReportJSONTests': acme (free) gets two 429s (minute, then hour), beta (pro) none.
@Suite("Summaries, the HTML report and progress")
struct SummaryReportTests {
    func replay() throws -> Simulator {
        let (policy, directory) = try Spec.check(ReportJSONTests.policy, ReportJSONTests.tenants)
        var simulator = Simulator(policy: policy, tenants: directory)
        for (index, line) in ReportJSONTests.log.enumerated() {
            let bytes = Array(line.utf8)
            switch bytes.withUnsafeBufferPointer({ LogLineParser.parse($0) }) {
            case nil: continue
            case .failure?: simulator.recordInvalid(line: index + 1)
            case .success(let record)?:
                if simulator.replay(record, line: index + 1) != nil { simulator.recordInvalid(line: index + 1) }
            }
        }
        return simulator
    }

    @Test("the tenants and tiers tables, and the default CSV unchanged")
    func csvTables() throws {
        let report = try replay().finish()
        #expect(report.csv(table: .invoices) == report.csv())
        #expect(report.csv(table: .tenants) == """
            tenant,tier,requests,status_200,status_403,status_429,first_429,first_429_window,total_2025-11,total_2025-12,total,currency\r
            acme,free,4,2,0,2,2025-11-02T21:00:30Z,minute,0.17,0.00,0.17,USD\r
            beta,pro,1,1,0,0,,,10.00,10.01,20.01,USD\r

            """)
        #expect(report.csv(table: .tiers) == """
            tier,tenants,requests,status_200,status_403,status_429,tenants_refused,total_2025-11,total_2025-12,total,currency\r
            free,1,4,2,0,2,1,0.17,0.00,0.17,USD\r
            pro,1,1,1,0,0,0,10.00,10.01,20.01,USD\r

            """)
    }

    @Test("every format written in pieces is the bytes of the report in memory")
    func streamedEqualsMaterialized() throws {
        let simulator = try replay()
        let whole = try simulator.finish()
        let (report, invoices) = try simulator.finishStreaming()
        for table in ReportCSVTable.allCases {
            var csv = ""
            try report.writeCSV(table: table, invoices: invoices) { csv += $0 }
            #expect(csv == whole.csv(table: table))
        }
        var html = ""
        try report.writeHTML(invoices: invoices) { html += $0 }
        #expect(html == whole.html())
        #expect(whole.html() == (try replay().finish().html()), "same inputs, same bytes")
    }

    @Test("the human report leads with the headline and the per-tier rollup, then the tenants")
    func humanOrder() throws {
        let text = try replay().finish().humanSummary()
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines[3] == "tenants: 2, 1 refused at least once; invoiced 20.18")
        #expect(lines[5] == "tier   tenants  requests  200  403  429  refused  invoiced")
        #expect(lines[6] == "free         1         4    2    0    2        1      0.17")
        #expect(lines[8].hasPrefix("total"))
        #expect(lines[10].hasPrefix("tenant  tier  requests"))
    }

    @Test("thousands separators in the human report, never in JSON or CSV")
    func separators() throws {
        var report = try replay().finish()
        report.status200 = 1_234_567
        report.tenants[0].status200 = 12_345
        let human = report.humanSummary()
        #expect(human.contains("status: 200 1,234,567,"))
        #expect(human.contains("12,345"))
        #expect(report.json().contains("\"200\": 1234567"))
        #expect(!report.csv(table: .tenants).contains("12,345"))
    }

    @Test("the HTML report: its sections in the issue's order, charts with their tables, nothing to fetch")
    func htmlSections() throws {
        let html = try replay().finish().html()
        let order = ["id=\"headline\"", "id=\"requests-per-day\"", "id=\"revenue-per-month\"", "id=\"most-refused\"",
                     "id=\"distribution\"", "id=\"tenants\""]
        let positions = order.map { html.range(of: $0)?.lowerBound }
        #expect(positions.allSatisfy { $0 != nil }, "\(positions)")
        #expect(positions.compactMap { $0 } == positions.compactMap { $0 }.sorted())
        for chart in ["chart-requests", "chart-revenue", "chart-distribution"] {
            #expect(html.contains("<figure class=\"chart\" id=\"\(chart)\">"))
            #expect(html.contains("data-chart=\"\(chart)\""), "the chart's table")
        }
        #expect(html.contains("Content-Security-Policy"))
        #expect(!html.contains("http://") && !html.contains("https://") && !html.contains("src="))
        #expect(html.contains("<tr data-tenant=\"acme\"><td>acme</td><td>free</td><td class=\"num\" data-value=\"4\" data-key=\"requests\">4</td>"))
        #expect(html.contains("data-value=\"0.17\" data-key=\"invoice_total\""))
        #expect(html.contains("<td>minute</td><td>minute 1, hour 1</td>"), "the window of the first 429, and all")
    }

    @Test("requests per UTC day by status, also when the log goes back to an earlier day")
    func days() throws {
        let report = try replay().finish()
        let november2 = Int64(20_394)  // 2025-11-02
        #expect(report.days[november2]?.status200 == 2 && report.days[november2]?.status429 == 2
                && report.days[november2]?.status401 == 1)
        #expect(report.days.values.reduce(0) { $0 + $1.status200 + $1.status401 + $1.status403 + $1.status429 } == report.records.requests)

        let (policy, directory) = try Spec.check(ReportJSONTests.policy, ReportJSONTests.tenants)
        var simulator = Simulator(policy: policy, tenants: directory)
        for ts in ["2025-11-02T21:00:00Z", "2025-11-03T00:00:00Z", "2025-11-02T23:59:59Z", "2025-11-03T00:00:01Z"] {
            let bytes = Array(Spec.pinned("beta", ts).utf8)
            guard case .success(let record)? = bytes.withUnsafeBufferPointer({ LogLineParser.parse($0) }) else {
                Issue.record("unparsable \(ts)")
                continue
            }
            _ = simulator.replay(record)
        }
        let days = try simulator.finish().days
        #expect(days[november2]?.status200 == 2 && days[november2 + 1]?.status200 == 2 && days.count == 2)
    }

    @Test("progress: the percentage and the time left when the size is known")
    func progressLine() {
        #expect(ReplayProgress.line(bytes: 5 << 20, total: nil, elapsedNanoseconds: 9_000_000_000) == "replaying: 5 MiB read")
        #expect(ReplayProgress.line(bytes: 10 << 20, total: 40 << 20, elapsedNanoseconds: 500_000_000)
                == "replaying: 25% (10 of 40 MiB)")
        #expect(ReplayProgress.line(bytes: 10 << 20, total: 40 << 20, elapsedNanoseconds: 20_000_000_000)
                == "replaying: 25% (10 of 40 MiB), about 1 min 0 s left")
        #expect(ReplayProgress.line(bytes: 1_024, total: 3_072, elapsedNanoseconds: 2_000_000_000)
                == "replaying: 33% (1 of 3 KiB), about 4 s left")
        #expect(ReplayProgress.line(bytes: 3_072, total: 3_072, elapsedNanoseconds: 2_000_000_000) == "replaying: 100% (3 of 3 KiB)")
        #expect(ReplayProgress.duration(7_500) == "2 h 5 min")
    }
}
