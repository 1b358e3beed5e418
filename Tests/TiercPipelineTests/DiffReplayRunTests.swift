import Foundation
import PolicyDiff
import PolicyModel
import PolicyRuntime
import PolicySimulator
import PolicySource
import Testing
import TiercPipeline

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `tierc diff --replay`'s whole replay without the binary (docs/pipeline.md#replaying): split by tenant, alike
/// tenants decided once, joined; the same reports as one replay in file order that decides every request under both
/// policies on their own counters.
@Suite("Pipeline diff --replay")
struct DiffReplayRunTests {
    static func simulator(_ policy: String) throws -> Simulator {
        let loaded = try PolicyFrontEnd().load(policy: SourceFile(name: "tiers.yaml", text: policy),
                                               tenants: try PipelineFixtures.source("examples/tenants.yaml"))
        return Simulator(policy: loaded.policy, tenants: try #require(loaded.tenants))
    }

    @Test("the bundled policy against a lower free limit and a dearer professional tier, on 1 and 2 threads")
    func sameAsDecidingTwiceInOneReplay() throws {
        let bundled = String(decoding: try PipelineFixtures.bytes("tiers/tiers.yaml"), as: UTF8.self)
        let lowered = "api_calls: { hour: 100, month: 1000 }"
        #expect(bundled.components(separatedBy: lowered).count == 2 && bundled.components(separatedBy: "price: 99").count == 2)
        let edited = bundled.replacingOccurrences(of: lowered, with: "api_calls: { hour: 5, month: 1000 }")
            .replacingOccurrences(of: "price: 99", with: "price: 109")
        let old = try Self.simulator(bundled), new = try Self.simulator(edited)
        // Free's tenants are decided under both policies, the others once.
        let alike = try #require(old.engine.rules.tenantsDecidingAlike(new.engine.rules))
        #expect(alike.contains(true) && alike.contains(false))

        let log = PipelineFixtures.root.appendingPathComponent("examples/requests.jsonl").path
        var reference = DiffReplay(old: old, new: new, decideOnce: false)
        let lines = String(decoding: try PipelineFixtures.bytes("examples/requests.jsonl"), as: UTF8.self)
            .split(separator: "\n", omittingEmptySubsequences: false)
        for (index, line) in lines.enumerated() {
            let bytes = Array(line.utf8)
            guard let pair = bytes.withUnsafeBufferPointer({
                ReplayPair.make(.text($0), old: old.engine.resolver, new: new.engine.resolver)
            }) else { continue }
            let problems = reference.replay(pair, line: index + 1)
            if problems.old != nil || problems.new != nil {
                reference.recordInvalid(line: index + 1, old: problems.old != nil, new: problems.new != nil)
            }
        }

        for workers in [1, 2] {
            let descriptor = open(log, O_RDONLY)
            try #require(descriptor >= 0)
            defer { close(descriptor) }
            let (replay, invalid) = try DiffReplayRun.replay(descriptor: descriptor, logName: "requests.jsonl", old: old,
                                                             new: new, workers: workers)
            #expect(try replay.old.finish() == reference.old.finish())
            #expect(try replay.new.finish() == reference.new.finish())
            #expect(replay.new.engine.state == reference.new.engine.state)
            #expect(replay.firstNew429 == reference.firstNew429)
            #expect(invalid.count == (try reference.new.finish()).records.invalid)
        }
        // The lowered limit refuses some of free's requests that the bundled policy admits.
        #expect(!reference.firstNew429.isEmpty)
    }
}
