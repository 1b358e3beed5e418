import Foundation
import HTTPTypes
import HummingbirdTesting
import PolicyRuntime
import Testing

extension ServeStoreSuites {
    /// Issue 14 §6, in the test command: four `tierc serve` instances on one throwaway PostgreSQL, sixteen concurrent
    /// clients spread over all four hammering three tenants at their limits across minute, hour and day boundaries
    /// (docs/serve.md#store). For every tenant and window, admitted never exceeds the limit; without leases it reaches
    /// exactly what `tierc simulate` admits on the merged decision logs, request for request, and the invoices are the
    /// same; with `--lease 5` it stays within the documented bound and the database holds exactly what was admitted.
    @Suite("Four tierc serve instances on one PostgreSQL", .serialized)
    struct FourInstanceTests {
        /// The tenants, their keys and their api_calls limits by window (equivalence-tiers.yaml; nil: unlimited).
        static let tenants: [(id: String, key: String, limits: [String: Int])] = [
            ("t-free-1", "key-free-1", ["minute": 6, "hour": 40, "day": 120, "month": 700]),
            ("t-starter-1", "key-starter-1", ["minute": 12, "hour": 90, "day": 400, "month": 2_500]),
            ("t-pro-1", "key-pro-1", ["hour": 20, "month": 4_000]),
        ]
        /// Across an hour's end and a day's end, one request time per tick.
        static let ticks = (50...59).map { "2025-11-20T10:\($0):30Z" } + (0...3).map { "2025-11-20T11:0\($0):30Z" }
            + ["2025-11-20T23:58:30Z", "2025-11-20T23:59:30Z", "2025-11-21T00:00:30Z", "2025-11-21T00:01:30Z"]
        /// Per tick, each of the four instances gets four clients, each sending one request for every tenant.
        static let clientsPerInstance = 4

        /// One logged decision.
        struct Logged: Hashable {
            var time: String
            var tenant: String
            var status: Int
        }

        /// Runs the ticks against `servers`; returns the answered statuses per tenant.
        static func hammer(_ servers: [ServeProcess]) async throws -> [String: [Int]] {
            var statuses: [String: [Int]] = [:]
            for time in ticks {
                let answers = try await withThrowingTaskGroup(of: [(String, Int)].self) { group in
                    for server in servers {
                        for _ in 0..<clientsPerInstance {
                            group.addTask {
                                try await server.withMainClient { main in
                                    var answers: [(String, Int)] = []
                                    for tenant in tenants {
                                        let response = try await main.get("/api/v1/orders", headers: .bearer(tenant.key, at: time))
                                        answers.append((tenant.id, response.status.code))
                                    }
                                    return answers
                                }
                            }
                        }
                    }
                    var all: [(String, Int)] = []
                    for try await part in group { all += part }
                    return all
                }
                for (tenant, status) in answers { statuses[tenant, default: []].append(status) }
            }
            return statuses
        }

        /// The decision logs of `paths`, merged in time order (ties in file order).
        static func merged(_ paths: [URL]) throws -> (text: String, records: [Logged]) {
            var lines: [(time: String, line: String)] = []
            for path in paths {
                for line in try String(contentsOf: path, encoding: .utf8).split(separator: "\n") {
                    let object = try #require(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
                    lines.append((try #require(object["ts"] as? String), String(line)))
                }
            }
            let sorted = lines.enumerated().sorted { ($0.element.time, $0.offset) < ($1.element.time, $1.offset) }.map(\.element)
            let records = try sorted.map { entry in
                let object = try #require(JSONSerialization.jsonObject(with: Data(entry.line.utf8)) as? [String: Any])
                return Logged(time: entry.time, tenant: try #require(object["tenant"] as? String), status: try #require(object["status"] as? Int))
            }
            return (sorted.map(\.line).joined(separator: "\n") + "\n", records)
        }

        /// Admitted requests per tenant and window (`minute 2025-11-20T10:50`, …).
        static func admitted(_ records: [Logged]) -> [String: Int] {
            var counts: [String: Int] = [:]
            for record in records where record.status == 200 {
                for (window, length) in [("minute", 16), ("hour", 13), ("day", 10), ("month", 7)] {
                    counts["\(record.tenant) \(window) \(record.time.prefix(length))", default: 0] += 1
                }
            }
            return counts
        }

        static func limit(_ key: String) -> Int? {
            let parts = key.split(separator: " ")
            return tenants.first { $0.id == parts[0] }?.limits[String(parts[1])]
        }

        func start(_ harness: StoreHarness, count: Int, extra: [String]) async throws -> ([ServeProcess], [URL]) {
            var servers: [ServeProcess] = []
            var logs: [URL] = []
            for index in 0..<count {
                let log = harness.scratch.appendingPathComponent("decisions-\(extra.isEmpty ? "plain" : "lease")-\(index).jsonl")
                servers.append(try await ServeProcess.start([StoreHarness.policyPath, "--tenants", StoreHarness.tenantsPath,
                                                             "--trust-clock-header", "--store", harness.url, "--decision-log", log.path] + extra))
                logs.append(log)
            }
            return (servers, logs)
        }

        @Test func withoutLeasesEveryLimitIsReachedExactlyAsTheSimulatorSays() async throws {
            try await StoreHarness.with("four_plain") { harness in
                try await harness.apply(try await harness.compile(revision: 0, into: "rev0"))
                let (servers, logs) = try await start(harness, count: 4, extra: [])
                let answered = try await Self.hammer(servers)
                let invoices = try await ServeStoreTests.reports(servers[0], at: "2025-11-30T00:00:00Z")
                #expect(try await ServeStoreTests.reports(servers[3], at: "2025-11-30T00:00:00Z") == invoices)
                for server in servers { #expect(try await server.stop() == 0) }

                let (text, records) = try Self.merged(logs)
                #expect(records.count == Self.ticks.count * 4 * Self.clientsPerInstance * Self.tenants.count)
                #expect(records.filter { $0.status == 200 }.count == answered.values.joined().filter { $0 == 200 }.count)
                // Never above a limit, and exactly the simulator's statuses, request for request (identical requests
                // of one tick are interchangeable: same tenant, path, cost and time).
                for (key, count) in Self.admitted(records) {
                    if let limit = Self.limit(key) { #expect(count <= limit, "\(key): \(count) admitted, limit \(limit)") }
                }
                let simulated = try ServeStoreTests.simulated(text)
                #expect(simulated.count == records.count)
                var served: [String: [Int]] = [:]
                var replayed: [String: [Int]] = [:]
                for (record, answer) in zip(records, simulated) {
                    served["\(record.time) \(record.tenant)", default: []].append(record.status)
                    replayed["\(record.time) \(record.tenant)", default: []].append(Int(answer.prefix(3)) ?? 0)
                }
                #expect(served.mapValues { $0.sorted() } == replayed.mapValues { $0.sorted() })
                // The limits were reached: every tick refused someone, and t-free-1's hour 10 reached 40 exactly.
                #expect(Self.admitted(records)["t-free-1 hour 2025-11-20T10"] == 40)
                #expect(Self.admitted(records)["t-pro-1 hour 2025-11-20T10"] == 20)
                #expect(Self.admitted(records)["t-starter-1 minute 2025-11-20T10:50"] == 12)
                // Invoices: tierc simulate on the merged logs bills what the instances bill from the database.
                let merged = harness.scratch.appendingPathComponent("merged.jsonl")
                try text.write(to: merged, atomically: true, encoding: .utf8)
                let run = try await harness.tierc(["simulate", StoreHarness.policyPath, merged.path, "--tenants", StoreHarness.tenantsPath,
                                                   "--format", "json"])
                #expect(run.status == 0, "\(run.stderr)")
                let report = try #require(JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
                var compared = 0
                for case let tenant as [String: Any] in report["tenants"] as? [Any] ?? [] {
                    let id = try #require(tenant["tenant"] as? String)
                    guard let key = Self.tenants.first(where: { $0.id == id })?.key else { continue }
                    for case let invoice as [String: Any] in tenant["invoices"] as? [Any] ?? [] {
                        let month = try #require(invoice["month"] as? String)
                        let served = try #require(invoices.first { $0.hasPrefix("invoice \(key) \(month) 200 ") })
                        let body = String(served.dropFirst("invoice \(key) \(month) 200 ".count))
                        let object = try #require(JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])
                        #expect(object["total"] as? String == invoice["total"] as? String, "\(id) \(month)")
                        #expect(NSArray(array: object["lines"] as? [Any] ?? []) == NSArray(array: invoice["lines"] as? [Any] ?? []),
                                "\(id) \(month): \(body)")
                        compared += 1
                    }
                }
                #expect(compared == Self.tenants.count)
            }
        }

        @Test func withLeasesNoLimitIsPassedAndTheBoundHolds() async throws {
            try await StoreHarness.with("four_lease") { harness in
                try await harness.apply(try await harness.compile(revision: 0, into: "rev0"))
                let (servers, logs) = try await start(harness, count: 4, extra: ["--lease", "5"])
                _ = try await Self.hammer(servers)
                for server in servers { #expect(try await server.stop() == 0) }
                let (_, records) = try Self.merged(logs)
                let admitted = Self.admitted(records)
                // Never above a limit; in a window where a request was refused, at least limit − (I − 1) × (N − 1)
                // admitted (4 instances, leases of 5: 12 units; docs/serve.md#leases).
                var refusedWindows: Set<String> = []
                for record in records where record.status == 429 {
                    for (window, length) in [("minute", 16), ("hour", 13), ("day", 10), ("month", 7)] {
                        refusedWindows.insert("\(record.tenant) \(window) \(record.time.prefix(length))")
                    }
                }
                for (key, count) in admitted {
                    guard let limit = Self.limit(key) else { continue }
                    #expect(count <= limit, "\(key): \(count) admitted, limit \(limit)")
                }
                // A refusal is explained by some window of the request that was within the bound of its limit.
                for record in records where record.status == 429 {
                    let explained = [("minute", 16), ("hour", 13), ("day", 10), ("month", 7)].contains { window, length in
                        let key = "\(record.tenant) \(window) \(record.time.prefix(length))"
                        guard let limit = Self.limit(key) else { return false }
                        return (admitted[key] ?? 0) >= limit - 3 * 4
                    }
                    #expect(explained, "\(record) refused with no window within (I − 1) × (N − 1) of its limit")
                }
                #expect(admitted["t-free-1 hour 2025-11-20T10"].map { $0 >= 40 - 12 && $0 <= 40 } == true, "\(admitted)")
                // Every lease went back on shutdown: the database holds exactly what was admitted.
                #expect(try await harness.database.value("SELECT count(*) FROM tierc.leases") == "0")
                for tenant in Self.tenants {
                    let used = try await harness.database.value("""
                        SELECT coalesce(sum(used), 0) FROM tierc.usage_months WHERE tenant = '\(tenant.id)' AND meter = 'api_calls'
                        """)
                    #expect(used == String(records.filter { $0.tenant == tenant.id && $0.status == 200 }.count), "\(tenant.id)")
                }
            }
        }
    }
}
