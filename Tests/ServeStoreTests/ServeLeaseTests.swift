import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

extension ServeStoreSuites {
    /// `tierc serve --store postgres://… --lease N` (docs/serve.md#leases) on a throwaway cluster: one instance with
    /// leases answers a replay exactly as the in-memory store; instances sharing a tenant's quota through leases never
    /// admit more than a limit, stay within the documented bound, and give every unspent unit back on shutdown, so
    /// the database then holds exactly what was admitted.
    @Suite("tierc serve --store postgres --lease", .serialized)
    struct ServeLeaseTests {
        @Test func oneInstanceWithLeasesDecidesAsTheMemoryStore() async throws {
            try await StoreHarness.with("lease_equal") { harness in
                try await harness.apply(try await harness.compile(revision: 0, into: "rev0"))
                let common = [StoreHarness.policyPath, "--tenants", StoreHarness.tenantsPath, "--trust-clock-header"]
                let leased = try await ServeProcess.start(common + ["--store", harness.url, "--lease", "10"])
                let memory = try await ServeProcess.start(common)
                let records = EquivalenceLog(seed: 0x1ea5e, requests: 2_000).records
                let (fromLeases, fromMemory) = try await leased.withMainClient { leasedMain in
                    try await leased.withAdminClient { leasedAdmin in
                        try await memory.withMainClient { memMain in
                            try await memory.withAdminClient { memAdmin in
                                var fromLeases: [ServeStoreTests.Answer] = []
                                var fromMemory: [ServeStoreTests.Answer] = []
                                for record in records {
                                    fromLeases.append(try await ServeStoreTests.send(record, main: leasedMain, admin: leasedAdmin))
                                    fromMemory.append(try await ServeStoreTests.send(record, main: memMain, admin: memAdmin))
                                }
                                return (fromLeases, fromMemory)
                            }
                        }
                    }
                }
                for (index, (lease, mem)) in zip(fromLeases, fromMemory).enumerated() where lease != mem {
                    Issue.record("record \(index): leases \(lease) memory \(mem)")
                    break
                }
                #expect(fromLeases == fromMemory)
                #expect(fromLeases.contains { $0.status == 429 })
                #expect(try await leased.stop() == 0)
                #expect(try await memory.stop() == 0)
                // Shutdown gave every lease back: no reservation is left.
                #expect(try await harness.database.value("SELECT count(*) FROM tierc.leases") == "0")
            }
        }

        @Test func instancesWithLeasesNeverPassALimit() async throws {
            try await StoreHarness.with("lease_shared") { harness in
                try await harness.apply(try await harness.compile(revision: 0, into: "rev0"))
                let common = [StoreHarness.policyPath, "--tenants", StoreHarness.tenantsPath, "--trust-clock-header",
                              "--store", harness.url, "--lease", "5"]
                let servers = [try await ServeProcess.start(common), try await ServeProcess.start(common)]
                // t-starter-1 (starter): api_calls 12 a minute, 90 an hour. Twelve minutes of 40 concurrent requests each.
                var admittedPerMinute: [Int] = []
                for minute in 0..<12 {
                    let time = "2025-11-20T11:\(minute < 10 ? "0" : "")\(minute):20Z"
                    let statuses = try await withThrowingTaskGroup(of: [Int].self) { group in
                        for server in servers {
                            for _ in 0..<4 {
                                group.addTask {
                                    try await server.withMainClient { main in
                                        var statuses: [Int] = []
                                        for _ in 0..<5 {
                                            statuses.append(try await main.get("/api/v1/orders", headers: .bearer("key-starter-1", at: time)).status.code)
                                        }
                                        return statuses
                                    }
                                }
                            }
                        }
                        var all: [Int] = []
                        for try await part in group { all += part }
                        return all
                    }
                    #expect(Set(statuses).isSubset(of: [200, 429]), "\(statuses)")
                    admittedPerMinute.append(statuses.filter { $0 == 200 }.count)
                }
                // Never more than a limit; with 2 instances and leases of 5, at most (2 − 1) × (5 − 1) = 4 units of a
                // window out of reach at a refusal (docs/serve.md#leases).
                #expect(admittedPerMinute.allSatisfy { $0 <= 12 }, "\(admittedPerMinute)")
                #expect(admittedPerMinute.reduce(0, +) <= 90, "\(admittedPerMinute)")
                #expect(admittedPerMinute.prefix(7).allSatisfy { $0 >= 12 - 4 }, "\(admittedPerMinute)")
                #expect(admittedPerMinute.reduce(0, +) >= 90 - 4, "\(admittedPerMinute)")
                for server in servers { #expect(try await server.stop() == 0) }
                // Every unspent unit went back on shutdown: the database counts exactly what was admitted.
                #expect(try await harness.database.value("SELECT count(*) FROM tierc.leases") == "0")
                #expect(try await harness.database.value("""
                    SELECT used FROM tierc.usage_months WHERE tenant = 't-starter-1' AND meter = 'api_calls'
                    """) == String(admittedPerMinute.reduce(0, +)))
            }
        }

        @Test func aReloadGivesThePreviousPolicysLeasesBack() async throws {
            try await StoreHarness.with("lease_reload") { harness in
                let one = try await harness.compile(revision: 1, into: "rev1")
                try await harness.apply(one)
                let two = try await harness.compile(revision: 2, into: "rev2")
                let served = harness.scratch.appendingPathComponent("served.tierc")
                try FileManager.default.copyItem(at: one.appendingPathComponent("policy.tierc"), to: served)
                let server = try await ServeProcess.start([served.path, "--trust-clock-header", "--store", harness.url, "--lease", "20"])
                // Request time stands still: no lease goes back for its window's end or for idling.
                for key in ["key-starter-1", "key-pro-1", "key-ent-1"] {
                    let answer = try await server.withMainClient { try await $0.get("/api/v1/orders", headers: .bearer(key, at: "2025-11-20T10:00:00Z")) }
                    #expect(answer.status == .ok)
                }
                #expect(try await harness.database.value("SELECT count(*) FROM tierc.leases") == "3")
                try await harness.apply(two)
                try Data(contentsOf: two.appendingPathComponent("policy.tierc")).write(to: served, options: .atomic)
                kill(server.process.processIdentifier, SIGHUP)
                let status = try await ServeStoreTests.status(of: server) { $0.contains(#""succeeded":1"#) }
                #expect(status.contains(#""revision":2"#), "\(status)")
                var left = "3"
                for _ in 0..<100 where left != "0" {
                    try await Task.sleep(for: .milliseconds(100))
                    left = try await harness.database.value("SELECT count(*) FROM tierc.leases") ?? "?"
                }
                #expect(left == "0")
                // What was admitted stays counted; the unspent rest went back.
                #expect(try await harness.database.value("SELECT sum(used) FROM tierc.usage_months") == "3")
                #expect(try await server.stop() == 0)
            }
        }
    }
}
