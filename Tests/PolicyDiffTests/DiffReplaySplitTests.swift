import Foundation
import Testing
import PolicyCheck
import PolicyDiff
import PolicyModel
import PolicyRuntime
import PolicySimulator
import PolicySource

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `tierc diff --replay` split by tenant across threads (docs/simulation.md, "Replaying on several threads") gives
/// both reports and every tenant's first NEW-only 429 exactly as one replay in file order.
@Suite("diff --replay split by tenant")
struct DiffReplaySplitTests {
    static let tenantCount = 9

    static var tenants: String {
        "tenants:\n" + (0..<tenantCount).map { index in
            "  t\(index):\n    tier: \(index % 3 == 0 ? "pro" : "free")\n    api_keys: [key-\(index)]\n"
        }.joined()
    }

    /// `count` lines over about half a day: every identification method, routes of every cost, gauge readings,
    /// unknown tenants, anonymous and invalid lines, bursts that reach the hour limits.
    static func log(count: Int, seed: UInt64) -> [UInt8] {
        var state = seed &* 0x9E37_79B9_7F4A_7C15 | 1
        func below(_ bound: Int) -> Int {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return Int(state % UInt64(bound))
        }
        var seconds: Int64 = 1_761_955_200  // 2025-11-01T00:00:00Z
        var text = ""
        for _ in 0..<count {
            // Half the lines are of three free tenants, about 90 requests an hour each: over NEW's 40, under OLD's 100.
            let tenant = below(2) == 0 ? [1, 2, 4][below(3)] : below(tenantCount + 1)  // t9 is unknown
            seconds += Int64(below(below(400) == 0 ? 2_000 : 3))
            let path = ["/api/v1/orders", "/api/exports/all", "/api/reports/x", "/health"][below(4)]
            let line: String
            switch below(12) {
            case 0: line = #"{"ts":\#(seconds),"headers":{"Authorization":"Bearer key-\#(tenant)"},"path":"\#(path)"}"#
            case 1: line = #"{"ts":\#(seconds),"headers":{"X-Tenant-ID":"t\#(tenant)"},"path":"\#(path)"}"#
            case 2: line = #"{"ts":\#(seconds),"query":"tenant_id=t\#(tenant)","path":"\#(path)"}"#
            case 3: line = #"{"ts":\#(seconds),"path":"\#(path)"}"#
            case 4: line = #"{"ts":\#(seconds),"tenant":"t\#(tenant)","meter":"storage_gb","value":\#(below(20)).25}"#
            case 5: line = #"{"ts":\#(seconds),"tenant":"t\#(tenant)","meter":"api_calls","value":1}"#  // invalid
            case 6: line = ["not json", #"{"tenant":"t1"}"#, ""][below(3)]
            default: line = #"{"ts":\#(seconds),"tenant":"t\#(tenant)","path":"\#(path)"}"#
            }
            text += line + "\n"
        }
        return Array(text.utf8)
    }

    static func simulator(_ yaml: String) throws -> Simulator {
        let result = PolicyChecker.check(policy: SourceFile(name: "tiers.yaml", text: yaml),
                                         tenants: SourceFile(name: "tenants.yaml", text: tenants))
        let policy = try #require(result.policy, "\(result.diagnostics.map(\.message))")
        let directory = try #require(result.tenants)
        return Simulator(policy: policy, tenants: directory)
    }

    static func withFile<T>(_ bytes: [UInt8], _ body: (Int32) throws -> T) throws -> T {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("split-\(UUID().uuidString).jsonl")
        try Data(bytes).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let descriptor = open(url.path, O_RDONLY)
        try #require(descriptor >= 0)
        defer { close(descriptor) }
        return try body(descriptor)
    }

    /// NEW lowers free's hourly limit (NEW refuses what OLD admitted; pro's tenants are decided once), or changes
    /// only a price (every tenant decided once).
    enum Change: Sendable, CaseIterable { case freeLimit, priceOnly }

    static func newPolicy(_ change: Change) throws -> String {
        switch change {
        case .freeLimit: try DiffSupport.edited("api_calls: { hour: 100, month: 1000 }", "api_calls: { hour: 40, month: 1000 }")
        case .priceOnly: try DiffSupport.edited("price: 29", "price: 39")
        }
    }

    /// With `oneItem`, the split replay makes one item per line for both sides (`DiffReplay.replay(_:ReplayItem)`), as
    /// `tierc diff --replay` does when the policies resolve alike; otherwise a pair.
    @Test("the same reports and first NEW-only 429s on 2 and 3 threads, deciding alike tenants once, as one replay deciding every request twice",
          arguments: [(1, 2, .freeLimit, false), (2, 3, .freeLimit, false), (3, 2, .priceOnly, false),
                      (1, 2, .freeLimit, true), (4, 3, .freeLimit, true), (3, 2, .priceOnly, true)] as [(UInt64, Int, Change, Bool)])
    func sameAsOneReplay(seed: UInt64, workers: Int, change: Change, oneItem: Bool) throws {
        let old = try Self.simulator(DiffSupport.base)
        let new = try Self.simulator(try Self.newPolicy(change))
        #expect(old.engine.resolver.identifiesAlike(new.engine.resolver))
        let bytes = Self.log(count: 8_000, seed: seed)
        let oldResolver = old.engine.resolver, newResolver = new.engine.resolver

        // The reference decides every request under both policies (docs/simulation.md, "Deciding once for both policies").
        var reference = DiffReplay(old: old, new: new, decideOnce: false)
        try Self.withFile(bytes) { descriptor in
            let reader = ParallelLogReader(descriptor: descriptor, workers: 1) { line, keys in
                ReplayPair.make(line, old: oldResolver, new: newResolver, keys: &keys)
            }
            try reader.forEach { number, pair in
                let problems = reference.replay(pair, line: number)
                if problems.old != nil || problems.new != nil {
                    reference.recordInvalid(line: number, old: problems.old != nil, new: problems.new != nil)
                }
            }
        }

        let parts = (0..<workers).map { _ in DiffReplayBox(DiffReplay(old: old, new: new)) }
        let tenants = newResolver.tenants
        func record(_ problems: (old: InvalidLine?, new: InvalidLine?), line number: Int, partition: Int) {
            if problems.old != nil || problems.new != nil {
                parts[partition].replay.recordInvalid(line: number, old: problems.old != nil, new: problems.new != nil)
            }
        }
        try Self.withFile(bytes) { descriptor in
            if oneItem {
                #expect(oldResolver.resolvesAlike(newResolver))
                let reader = ParallelLogReader(descriptor: descriptor, workers: workers, chunkBytes: 2_048,
                                               maxBytesInFlight: 8_192) { line, keys in
                    ReplayItem.make(line, resolver: oldResolver, keys: &keys)
                }
                try reader.forEach(partitions: { Simulator.partition(of: $0, tenants: tenants, count: workers) }) { partition, number, item in
                    record(parts[partition].replay.replay(item, line: number), line: number, partition: partition)
                }
            } else {
                let reader = ParallelLogReader(descriptor: descriptor, workers: workers, chunkBytes: 2_048,
                                               maxBytesInFlight: 8_192) { line, keys in
                    ReplayPair.make(line, old: oldResolver, new: newResolver, keys: &keys)
                }
                try reader.forEach(partitions: { Simulator.partition(of: $0, tenants: tenants, count: workers) }) { partition, number, pair in
                    record(parts[partition].replay.replay(pair, line: number), line: number, partition: partition)
                }
            }
        }
        let joined = DiffReplay.joined(parts.map(\.replay))

        #expect(try joined.old.finish() == reference.old.finish())
        #expect(try joined.new.finish() == reference.new.finish())
        #expect(joined.old.engine.state == reference.old.engine.state)
        #expect(joined.new.engine.state == reference.new.engine.state)
        #expect(joined.firstNew429 == reference.firstNew429)
        #expect(joined.new.span == reference.new.span)
        // The log does what it is for: NEW refuses what OLD admitted, for several tenants (none when only a price changed).
        let newReport = try reference.new.finish()
        if change == .freeLimit {
            #expect(reference.firstNew429.count >= 3, "200: \(newReport.status200), 401: \(newReport.status401), 403: \(newReport.status403), 429: \(newReport.status429)")
        } else {
            #expect(reference.firstNew429.isEmpty && newReport.status429 > 0)
            #expect(try joined.new.finish().tenants.map(\.invoices) != joined.old.finish().tenants.map(\.invoices))
        }
        #expect(try reference.new.finish().records.invalid > 100)
    }

    @Test("one resolver serves both sides only when identification and route globs are the same")
    func resolvesAlike() throws {
        let old = try Self.simulator(DiffSupport.base)
        let limits = try Self.simulator(DiffSupport.edited("api_calls: { hour: 100, month: 1000 }", "api_calls: { hour: 40, month: 1000 }"))
        let cost = try Self.simulator(DiffSupport.edited("    cost: 2\n", "    cost: 3\n"))
        let glob = try Self.simulator(DiffSupport.edited("- match: /health", "- match: /healthz"))
        #expect(old.engine.resolver.resolvesAlike(limits.engine.resolver))
        #expect(old.engine.resolver.resolvesAlike(cost.engine.resolver))
        #expect(!old.engine.resolver.resolvesAlike(glob.engine.resolver))
        #expect(old.engine.resolver.identifiesAlike(glob.engine.resolver))
        // A shared resolver gives both sides the same item.
        let line = Array(#"{"ts":1761955200,"headers":{"Authorization":"Bearer key-1"},"path":"/api/exports/x"}"#.utf8)
        let pair = try #require(line.withUnsafeBufferPointer {
            ReplayPair.make(.text($0), old: old.engine.resolver, new: old.engine.resolver)
        })
        guard case .request(let a, let seconds) = pair.old, case .request(let b, _) = pair.new else {
            Issue.record("not a request pair: \(pair)")
            return
        }
        #expect(a == b && seconds == 1_761_955_200 && a.identity == .tenant(1))
    }

    @Test("policies that identify differently are not split")
    func identificationChangesKeepOneReplay() throws {
        let old = try Self.simulator(DiffSupport.base)
        let new = try Self.simulator(DiffSupport.edited("order: [api_key, header, query]", "order: [header, api_key, query]"))
        #expect(!old.engine.resolver.identifiesAlike(new.engine.resolver))
        #expect(old.engine.resolver.identifiesAlike(old.engine.resolver))
    }
}

/// One partition's replay, changed in place by its worker thread.
private final class DiffReplayBox: @unchecked Sendable {
    var replay: DiffReplay
    init(_ replay: DiffReplay) { self.replay = replay }
}
