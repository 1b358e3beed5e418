import Foundation
import Testing
import PolicyModel
import PolicyRuntime
import PolicySimulator
import SeededRandom

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The replay of `tierc simulate` (parsing and resolving on several threads, plain lines on their bytes,
/// decisions in file order) writes the same report bytes as the reference replay, one line at a time through
/// ``LogLineParser/parse(_:defaultSeconds:)`` and ``Simulator/replay(_:line:)-(LogRecord,_)``, on generated logs
/// with every identification method, invalid lines, gauge readings and 429s in every window.
@Suite("Parallel replay, same report")
struct ParallelReplayReportTests {
    /// Every identification method; per-minute, hour, day and month limits so that 429s come from each window;
    /// a gauge with a limit; a feature-gated route.
    static let policy = Spec.yaml("""
        identification:
          order: [api_key, header, subdomain, query]
          subdomain: { base_domain: example.com }
        meters:
          api_calls: { kind: counter }
          storage_gb: { kind: gauge }
        features:
          exports: {}
        routes:
          - { match: /api/exports/**, feature: exports, cost: 5 }
          - { match: "/api/*/heavy", cost: 3 }
          - { match: /health, cost: 0 }
        usage_prices:
          api_calls: { per: 1000, price: 0.02 }
        tiers:
          free:
            price: 0
            limits:
              api_calls: { minute: 6, hour: 40, day: 150, month: 600 }
              storage_gb: 1
          team:
            price: 49
            features: [exports]
            limits:
              api_calls: { minute: 20, hour: 200, day: 900, month: 5000 }
              storage_gb: 5
        """)

    static let tenantCount = 12

    static var tenants: String {
        "tenants:\n" + (0..<tenantCount).map { index in
            "  t\(index):\n    tier: \(index % 3 == 0 ? "team" : "free")\n    api_keys: [key-\(index)]\n    subdomain: s\(index)\n"
        }.joined()
    }

    /// A log of `count` lines over about two months, in order but for a few lines that go back in time.
    static func log(count: Int, seed: UInt64) -> [UInt8] {
        var random = SplitMix64(seed: seed)
        var seconds: Int64 = 1_761_955_200  // 2025-11-01T00:00:00Z
        var text = ""
        var burst = (left: 0, tenant: 0)
        for _ in 0..<count {
            var tenant = random.chance(1, in: 2) ? random.below(3) : random.below(tenantCount + 1)  // t12 is unknown
            if burst.left > 0 {
                // A burst: one tenant, a request every second or so (minute and hour limits).
                burst.left -= 1
                tenant = burst.tenant
                seconds += Int64(random.below(3))
            } else {
                if random.chance(1, in: 150) { burst = (40, random.below(3)) }
                seconds += Int64(random.below(random.chance(1, in: 50) ? 3_600 : 40))
                if random.chance(1, in: 500) { seconds += 3 * 86_400 }  // the log spans two months
            }
            let ts = random.chance(1, in: 100) ? seconds - Int64(random.below(7_200)) : seconds
            let path = ["/api/v1/orders", "/api/exports/all", "/api/x/heavy", "/health", "/api/v1/items"][random.below(5)]
            let stamp = random.chance(1, in: 3) ? "\(ts)" : "\"\(UTCCalendar.rfc3339(ts))\""
            let line: String
            switch random.below(20) {
            case 0: line = #"{"ts":\#(stamp),"headers":{"Authorization":"Bearer key-\#(tenant)","Accept":"*/*"},"path":"\#(path)"}"#
            case 1: line = #"{"ts":\#(stamp),"headers":{"x-tenant-id":"t\#(tenant)"},"path":"\#(path)"}"#
            case 2: line = #"{"ts":\#(stamp),"host":"S\#(tenant).example.com:443","path":"\#(path)"}"#
            case 3: line = #"{"ts":\#(stamp),"query":"page=2&tenant_id=t\#(tenant)","path":"\#(path)"}"#
            case 4: line = #"{"ts":\#(stamp),"path":"\#(path)"}"#  // anonymous
            case 5: line = #"{"ts":\#(stamp),"tenant":"t\#(tenant)","meter":"storage_gb","value":\#(random.below(700)).5}"#
            case 6: line = #"{"ts":\#(stamp),"tenant":"t\#(tenant)","meter":"api_calls","value":1}"#  // not a gauge: invalid
            case 7: line = ["", "not json", #"{"ts":"2025-11-31T00:00:00Z","tenant":"t1"}"#, #"{"tenant":"t1"}"#,
                            #"{"ts":1,"tenant":"t1""#][random.below(5)]
            case 8: line = #"{"ts":\#(stamp),"tenant":"t\u0031","path":"\#(path)"}"#  // an escape: the text path
            case 9: line = #"{"ts":\#(stamp),"query":"tenant%5Fid=t\#(tenant)"}"#  // percent-decoding: the text path
            default: line = #"{"ts":\#(stamp),"tenant":"t\#(tenant)","path":"\#(path)"}"#
            }
            text += line + "\n"
        }
        return Array(text.utf8)
    }

    /// JSON, human, every CSV table and HTML, concatenated.
    static func reports(_ simulator: Simulator) throws -> String {
        let (report, invoices) = try simulator.finishStreaming()
        var out = ""
        try report.writeJSON(invoices: invoices) { out += $0 }
        try report.writeHumanSummary(invoices: invoices) { out += $0 }
        for table in ReportCSVTable.allCases { try report.writeCSV(table: table, invoices: invoices) { out += $0 } }
        try report.writeHTML(invoices: invoices) { out += $0 }
        return out
    }

    @Test("the same report bytes, for several seeds, chunk sizes and numbers of threads",
          arguments: [(1, 1, 512), (2, 2, 4096), (3, 3, 1 << 16), (4, 2, 300)] as [(UInt64, Int, Int)])
    func sameReport(seed: UInt64, workers: Int, chunkBytes: Int) throws {
        let (policy, directory) = try Spec.check(Self.policy, Self.tenants)
        let bytes = Self.log(count: 6_000, seed: seed)

        var reference = Simulator(policy: policy, tenants: directory)
        var number = 0
        for line in bytes.split(separator: 0x0A, omittingEmptySubsequences: false) {
            number += 1
            let parsed = Array(line).withUnsafeBufferPointer { LogLineParser.parse($0) }
            switch parsed {
            case nil: continue
            case .failure?: reference.recordInvalid(line: number)
            case .success(let record)?:
                if reference.replay(record, line: number) != nil { reference.recordInvalid(line: number) }
            }
        }

        var parallel = Simulator(policy: policy, tenants: directory)
        let resolver = parallel.engine.resolver
        try ParallelLogReaderTests.withFile(bytes) { descriptor in
            let reader = ParallelLogReader(descriptor: descriptor, workers: workers, chunkBytes: chunkBytes,
                                           maxBytesInFlight: chunkBytes * 4) { line, keys in
                ReplayItem.make(line, resolver: resolver, keys: &keys)
            }
            try reader.forEach { number, item in
                if parallel.replay(item, line: number) != nil { parallel.recordInvalid(line: number) }
            }
        }

        let expected = try Self.reports(reference)
        let got = try Self.reports(parallel)
        #expect(got == expected)
        #expect(parallel.span == reference.span)
        #expect(parallel.engine.state == reference.engine.state)
        // The log exercises what it is meant to: 429s in every window, invalid lines, gauges, anonymous requests.
        let (report, _) = try reference.finishStreaming()
        let windows = Set(report.tenants.flatMap { $0.rejectedByWindow.keys })
        #expect(windows.count >= 3, "429s by window: \(windows)")
        #expect(report.records.invalid > 100 && report.records.gaugeReadings > 100 && report.anonymous > 100)
        #expect(report.status401 > 0 && report.status403 > 0)
    }

    @Test("split by tenant across threads and joined: the same report, counters and span",
          arguments: [(5, 2, 512), (6, 3, 4096), (7, 2, 1 << 16), (8, 4, 300), (9, 1, 2048)] as [(UInt64, Int, Int)])
    func splitByTenant(seed: UInt64, workers: Int, chunkBytes: Int) throws {
        let (policy, directory) = try Spec.check(Self.policy, Self.tenants)
        let bytes = Self.log(count: 6_000, seed: seed)

        var reference = Simulator(policy: policy, tenants: directory)
        let resolver = reference.engine.resolver
        try ParallelLogReaderTests.withFile(bytes) { descriptor in
            let reader = ParallelLogReader(descriptor: descriptor, workers: 1) { line, keys in
                ReplayItem.make(line, resolver: resolver, keys: &keys)
            }
            try reader.forEach { number, item in
                if reference.replay(item, line: number) != nil { reference.recordInvalid(line: number) }
            }
        }

        let parts = (0..<workers).map { _ in SimulatorBox(Simulator(policy: policy, tenants: directory)) }
        var seen = Array(repeating: [Int](), count: workers)
        var misplaced = 0
        let lock = NSLock()
        try ParallelLogReaderTests.withFile(bytes) { descriptor in
            let reader = ParallelLogReader(descriptor: descriptor, workers: workers, chunkBytes: chunkBytes,
                                           maxBytesInFlight: chunkBytes * 4) { line, keys in
                ReplayItem.make(line, resolver: resolver, keys: &keys)
            }
            let tenants = resolver.tenants
            try reader.forEach(partitions: { Simulator.partition(of: $0, tenants: tenants, count: workers) }) { partition, number, item in
                // Recorded here, checked on the test's thread.
                lock.withLock {
                    seen[partition].append(number)
                    if Simulator.partition(of: item, tenants: tenants, count: workers) != partition { misplaced += 1 }
                }
                if parts[partition].simulator.replay(item, line: number) != nil { parts[partition].simulator.recordInvalid(line: number) }
            }
        }
        let joined = Simulator.joined(parts.map(\.simulator))

        #expect(try Self.reports(joined) == Self.reports(reference))
        #expect(joined.span == reference.span)
        #expect(joined.engine.state == reference.engine.state)
        #expect(misplaced == 0)
        // Each partition saw its lines in file order, and the work was really split.
        for lines in seen { #expect(lines == lines.sorted()) }
        if workers > 1 { #expect(seen.filter { !$0.isEmpty }.count == workers) }
        // Invalid lines fall to several partitions (a counter meter given as a gauge is its tenant's partition's).
        let (report, _) = try joined.finishStreaming()
        #expect(report.records.invalidLines.count == Simulator.invalidLineSample)
    }
}

/// One partition's simulator, changed in place by its worker thread.
private final class SimulatorBox: @unchecked Sendable {
    var simulator: Simulator
    init(_ simulator: Simulator) { self.simulator = simulator }
}
