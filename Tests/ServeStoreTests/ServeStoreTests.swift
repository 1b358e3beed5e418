import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import PolicyModel
import PolicyRuntime
import PolicySimulator
import Testing

extension ServeStoreSuites {
    /// `tierc serve --store postgres://…` (docs/serve.md#store) on a throwaway cluster: the same answers as the
    /// in-memory store and as `tierc simulate`, one quota shared exactly by two instances, the same usage and invoices
    /// from every instance, and clear refusals of a database that holds something else or cannot be reached.
    @Suite("tierc serve --store postgres", .serialized)
    struct ServeStoreTests {
        /// Everything of an answer that a client sees and that the store decides.
        struct Answer: Hashable, CustomStringConvertible {
            var status: Int
            var body: String
            var rateLimit: [String]
            var description: String { "\(status) \(rateLimit) \(body)" }
        }

        static let clockHeader = HTTPField.Name("X-Tierc-Time")!
        static let rateFields = ["X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset", "Retry-After"]
            .map { HTTPField.Name($0)! }

        static func answer(_ response: TestClient.Response) -> Answer {
            Answer(status: response.status.code, body: response.text,
                   rateLimit: rateFields.map { response.headers[$0] ?? "-" })
        }

        /// One record of `log` sent to a server: requests to the main listener, gauge readings to the admin one.
        static func send(_ record: EquivalenceLog.Record, main: KeepAliveClient, admin: KeepAliveClient) async throws -> Answer {
            switch record {
            case .request(_, let target, let host, let headers, let time):
                var fields = HTTPFields()
                for (name, value) in headers { fields.append(HTTPField(name: HTTPField.Name(name)!, value: value)) }
                fields[clockHeader] = time
                return answer(try await main.execute(TestClient.Request(target, method: .get, authority: host, headers: fields)))
            case .gauge(_, let body, let time):
                return answer(try await admin.post("/admin/v1/gauges", headers: [clockHeader: time], body: ByteBuffer(string: body)))
            }
        }

        /// Status and `quota_type` of each request of `log` as the simulator library replays it.
        static func simulated(_ log: String) throws -> [String] {
            let (policy, tenants) = try ServerFixtures.policy(String(contentsOfFile: StoreHarness.policyPath, encoding: .utf8),
                                                              tenants: String(contentsOfFile: StoreHarness.tenantsPath, encoding: .utf8))
            var simulator = Simulator(policy: policy, tenants: tenants)
            var answers: [String] = []
            for line in log.split(separator: "\n") {
                let parsed = Array(line.utf8).withUnsafeBufferPointer { LogLineParser.parse($0) }
                guard case .success(let record)? = parsed else { throw HarnessError(description: "invalid line \(line)") }
                switch record {
                case .request(let request, let seconds):
                    let decision = simulator.replay(simulator.engine.resolver.resolve(request, at: seconds), at: seconds)
                    answers.append("\(decision.status) \(decision.window?.quotaType ?? "-")")
                case .gauge:
                    if let invalid = simulator.replay(record) { throw HarnessError(description: "\(invalid) \(line)") }
                }
            }
            return answers
        }

        static func quotaType(_ answer: Answer) -> String {
            guard answer.status == 429, let range = answer.body.range(of: #""quota_type":""#) else { return "-" }
            return String(answer.body[range.upperBound...].prefix { $0 != "\"" })
        }

        /// The tenants' keys and the months of the equivalence log.
        static let keys = EquivalenceLog.tenants.map(\.1)
        static let months = ["2025-11", "2025-12", "2026-01", "2026-02"]

        /// Usage at `time` and every invoice, per tenant, as one server answers them.
        static func reports(_ server: ServeProcess, at time: String) async throws -> [String] {
            try await server.withMainClient { main in
                var texts: [String] = []
                for key in keys {
                    let usage = try await main.get("/api/v1/tenant/usage", headers: .bearer(key, at: time))
                    texts.append("usage \(key) \(usage.status.code) \(usage.text)")
                    for month in months {
                        let invoice = try await main.get("/api/v1/billing/invoice?month=\(month)", headers: .bearer(key, at: time))
                        texts.append("invoice \(key) \(month) \(invoice.status.code) \(invoice.text)")
                    }
                }
                return texts
            }
        }

        @Test func decidesAsTheMemoryStoreAndTheSimulator() async throws {
            try await StoreHarness.with("serve_equal") { harness in
                try await harness.apply(try await harness.compile(revision: 0, into: "rev0"))
                let common = [StoreHarness.policyPath, "--tenants", StoreHarness.tenantsPath, "--trust-clock-header"]
                let postgres = try await ServeProcess.start(common + ["--store", harness.url, "--store-pool-size", "4"])
                let memory = try await ServeProcess.start(common)
                let log = EquivalenceLog(seed: 0x5701e, requests: 3_000)
                let records = log.records
                let (fromPostgres, fromMemory) = try await postgres.withMainClient { pgMain in
                    try await postgres.withAdminClient { pgAdmin in
                        try await memory.withMainClient { memMain in
                            try await memory.withAdminClient { memAdmin in
                                var fromPostgres: [Answer] = []
                                var fromMemory: [Answer] = []
                                for record in records {
                                    fromPostgres.append(try await Self.send(record, main: pgMain, admin: pgAdmin))
                                    fromMemory.append(try await Self.send(record, main: memMain, admin: memAdmin))
                                }
                                return (fromPostgres, fromMemory)
                            }
                        }
                    }
                }
                #expect(fromPostgres.count == records.count)
                for (index, (pg, mem)) in zip(fromPostgres, fromMemory).enumerated() where pg != mem {
                    Issue.record("record \(index): postgres \(pg) memory \(mem)")
                    break
                }
                #expect(fromPostgres == fromMemory)
                // Every status and refusing window as the simulator replays the same log.
                var requestAnswers: [String] = []
                for (record, answer) in zip(records, fromPostgres) {
                    if case .request = record { requestAnswers.append("\(answer.status) \(Self.quotaType(answer))") }
                }
                let expected = try Self.simulated(log.text)
                #expect(requestAnswers == expected)
                #expect(Set(requestAnswers).contains { $0.hasPrefix("429") })
                // Usage and invoices of every tenant and month.
                let end = "2026-02-28T23:59:59Z"
                let pgReports = try await Self.reports(postgres, at: end)
                let memReports = try await Self.reports(memory, at: end)
                for (pg, mem) in zip(pgReports, memReports) where pg != mem {
                    Issue.record("postgres \(pg)\nmemory   \(mem)")
                    break
                }
                #expect(pgReports == memReports)
                #expect(try await postgres.stop() == 0)
                #expect(try await memory.stop() == 0)
            }
        }

        @Test func twoInstancesShareOneQuotaExactly() async throws {
            try await StoreHarness.with("serve_shared") { harness in
                try await harness.apply(try await harness.compile(revision: 0, into: "rev0"))
                let common = [StoreHarness.policyPath, "--tenants", StoreHarness.tenantsPath, "--trust-clock-header",
                              "--store", harness.url]
                let first = try await ServeProcess.start(common)
                let second = try await ServeProcess.start(common)
                // t-free-1 (free): api_calls 6 a minute, 40 an hour. Ten minutes of 24 concurrent requests each, half
                // to each instance: 6 admitted in each of the first six minutes, 4 in the seventh, none after.
                var admittedPerMinute: [Int] = []
                for minute in 0..<10 {
                    let time = "2025-11-20T10:\(minute < 10 ? "0" : "")\(minute):30Z"
                    let statuses = try await withThrowingTaskGroup(of: [Int].self) { group in
                        for server in [first, second] {
                            for _ in 0..<3 {
                                group.addTask {
                                    try await server.withMainClient { main in
                                        var statuses: [Int] = []
                                        for _ in 0..<4 {
                                            let response = try await main.get("/api/v1/orders", headers: .bearer("key-free-1", at: time))
                                            statuses.append(response.status.code)
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
                    #expect(statuses.count == 24)
                    #expect(Set(statuses).isSubset(of: [200, 429]), "\(statuses)")
                    admittedPerMinute.append(statuses.filter { $0 == 200 }.count)
                }
                #expect(admittedPerMinute == [6, 6, 6, 6, 6, 6, 4, 0, 0, 0])
                // Both instances report the same usage and invoices, from the database.
                let time = "2025-11-20T10:59:00Z"
                let one = try await Self.reports(first, at: time)
                let two = try await Self.reports(second, at: time)
                #expect(one == two)
                #expect(one.first { $0.hasPrefix("usage key-free-1 ") }?.contains(#""hourly":{"current":40,"limit":40,"remaining":0"#) == true,
                        "\(one.first ?? "")")
                let used = try await harness.database.value("""
                    SELECT used FROM tierc.usage_months WHERE tenant = 't-free-1' AND meter = 'api_calls'
                    """)
                #expect(used == "40")
                #expect(try await first.stop() == 0)
                #expect(try await second.stop() == 0)
            }
        }

        @Test func refusesADatabaseWithAnotherPolicyRevisionOrTenants() async throws {
            try await StoreHarness.with("serve_refuse") { harness in
                let common = [StoreHarness.policyPath, "--tenants", StoreHarness.tenantsPath, "--listen", "127.0.0.1:0",
                              "--admin-listen", "127.0.0.1:0"]
                // No schema at all.
                var result = try await harness.tierc(["serve"] + common + ["--store", harness.url])
                #expect(result.status == 1)
                #expect(result.stderr.contains("has no tierc schema of this version"), "\(result.stderr)")
                #expect(result.stderr.contains("policy.sql"))
                #expect(!result.stderr.contains(StoreHarness.appPassword))
                // Revision 3 in the database, the tiers.yaml (revision 0) loaded.
                try await harness.apply(try await harness.compile(revision: 3, into: "rev3"))
                result = try await harness.tierc(["serve"] + common + ["--store", harness.url])
                #expect(result.status == 1)
                #expect(result.stderr.contains("has policy serve-equivalence revision 3 (sha256:"), "\(result.stderr)")
                #expect(result.stderr.contains("tierc serve loaded policy serve-equivalence revision 0 (sha256:"), "\(result.stderr)")
                #expect(result.stderr.contains("apply the policy.sql compiled from the same policy and revision"))
                // The revision-3 snapshot matches; other tenants do not.
                let changedTenants = harness.scratch.appendingPathComponent("tenants-moved.yaml")
                let tenantsText = try String(contentsOfFile: StoreHarness.tenantsPath, encoding: .utf8)
                try tenantsText.replacingOccurrences(of: "t-free-2:", with: "t-free-9:")
                    .write(to: changedTenants, atomically: true, encoding: .utf8)
                let snapshot = harness.scratch.appendingPathComponent("rev3/policy.tierc").path
                result = try await harness.tierc(["serve", snapshot, "--tenants", changedTenants.path, "--listen", "127.0.0.1:0",
                                                  "--admin-listen", "127.0.0.1:0", "--store", harness.url])
                #expect(result.status == 1)
                #expect(result.stderr.contains("has other tenants than tierc serve loaded: 1 tenant(s) missing (t-free-9)"), "\(result.stderr)")
                // A changed policy with the same revision: another fingerprint.
                let changedPolicy = harness.scratch.appendingPathComponent("tiers-changed.yaml")
                try String(contentsOfFile: StoreHarness.policyPath, encoding: .utf8)
                    .replacingOccurrences(of: "minute: 6, hour: 40", with: "minute: 7, hour: 40")
                    .write(to: changedPolicy, atomically: true, encoding: .utf8)
                let changed = try await harness.compile(policy: changedPolicy.path, revision: 3, into: "changed3")
                result = try await harness.tierc(["serve", changed.appendingPathComponent("policy.tierc").path, "--listen", "127.0.0.1:0",
                                                  "--admin-listen", "127.0.0.1:0", "--store", harness.url])
                #expect(result.status == 1)
                #expect(result.stderr.contains("has policy serve-equivalence revision 3 (sha256:"), "\(result.stderr)")
                let fingerprints = result.stderr.components(separatedBy: "(sha256:").dropFirst().map { $0.prefix(64) }
                #expect(fingerprints.count == 2 && fingerprints[0] != fingerprints[1], "\(result.stderr)")
            }
        }

        @Test func badURLAndUnreachableDatabase() async throws {
            try await StoreHarness.with("serve_bad_url") { harness in
                let common = [StoreHarness.policyPath, "--tenants", StoreHarness.tenantsPath, "--listen", "127.0.0.1:0",
                              "--admin-listen", "127.0.0.1:0"]
                for (url, message) in [
                    ("mysql://u@127.0.0.1/db", "not a postgres:// URL"),
                    ("postgres://127.0.0.1:5432/db", "no USER@ before the host"),
                    ("postgres://u@127.0.0.1:99999/db", "the port must be 1 to 65535"),
                    ("postgres://u@127.0.0.1:5432/", "no database name"),
                    ("postgres://u:secret@127.0.0.1/db?sslmode=maybe", "sslmode must be disable, prefer or require"),
                ] {
                    let result = try await harness.tierc(["serve"] + common + ["--store", url])
                    #expect(result.status == 64, "\(url): \(result.stderr)")
                    #expect(result.stderr.contains(message), "\(url): \(result.stderr)")
                    #expect(result.stderr.contains("expected postgres://USER@HOST:PORT/DATABASE"), "\(url): \(result.stderr)")
                    #expect(!result.stderr.contains("secret"))
                }
                let pool = try await harness.tierc(["serve"] + common + ["--store", harness.url, "--store-pool-size", "0"])
                #expect(pool.status == 64)
                #expect(pool.stderr.contains("--store-pool-size must be 1 to 1000, found 0"), "\(pool.stderr)")
                // Nothing listens on a port that was free a moment ago.
                let port = try PostgresCluster.freePort()
                let unreachable = try await harness.tierc(["serve"] + common + ["--store", "postgres://u:secret@127.0.0.1:\(port)/db"])
                #expect(unreachable.status == 5, "\(unreachable.stderr)")
                #expect(unreachable.stderr.contains("cannot connect to the database at postgres://u@127.0.0.1:\(port)/db"),
                        "\(unreachable.stderr)")
                #expect(!unreachable.stderr.contains("secret"))
                // A wrong password: reached, but refused.
                let wrong = "postgres://\(StoreHarness.appRole):wrong@127.0.0.1:\(harness.cluster.port)/\(harness.database.name)"
                let refused = try await harness.tierc(["serve"] + common + ["--store", wrong])
                #expect(refused.status == 5, "\(refused.stderr)")
                #expect(refused.stderr.contains("password authentication failed"), "\(refused.stderr)")
            }
        }

        /// Polls `/admin/v1/status` (at most 60 s) until `done` holds for its text.
        static func status(of server: ServeProcess, until done: @escaping @Sendable (String) -> Bool) async throws -> String {
            let deadline = Date().addingTimeInterval(60)
            while true {
                let text = try await server.withAdminClient { try await $0.get("/admin/v1/status").text }
                if done(text) || Date() > deadline { return text }
                try await Task.sleep(for: .milliseconds(100))
            }
        }

        @Test func reloadWaitsForTheNewRevisionInTheDatabase() async throws {
            try await StoreHarness.with("serve_reload") { harness in
                let one = try await harness.compile(revision: 1, into: "rev1")
                try await harness.apply(one)
                let changedPolicy = harness.scratch.appendingPathComponent("tiers-changed.yaml")
                try String(contentsOfFile: StoreHarness.policyPath, encoding: .utf8)
                    .replacingOccurrences(of: "minute: 6, hour: 40", with: "minute: 7, hour: 40")
                    .write(to: changedPolicy, atomically: true, encoding: .utf8)
                let two = try await harness.compile(policy: changedPolicy.path, revision: 2, into: "rev2")
                let served = harness.scratch.appendingPathComponent("served.tierc")
                try FileManager.default.copyItem(at: one.appendingPathComponent("policy.tierc"), to: served)
                let server = try await ServeProcess.start([served.path, "--trust-clock-header", "--store", harness.url])
                // The new snapshot before its SQL: refused, revision 1 stays in force.
                try Data(contentsOf: two.appendingPathComponent("policy.tierc")).write(to: served, options: .atomic)
                kill(server.process.processIdentifier, SIGHUP)
                var status = try await Self.status(of: server) { $0.contains(#""failed":1"#) }
                #expect(status.contains(#""revision":1"#), "\(status)")
                #expect(status.contains("has policy serve-equivalence revision 1"), "\(status)")
                #expect(status.contains("tierc serve loaded policy serve-equivalence revision 2"), "\(status)")
                let metrics = try await server.withAdminClient { try await $0.get("/metrics").text }
                #expect(metrics.contains(#"tierc_reloads_total{result="failure"} 1"#), "\(metrics.prefix(2_000))")
                // Applied, then reloaded: in force.
                try await harness.apply(two)
                kill(server.process.processIdentifier, SIGHUP)
                status = try await Self.status(of: server) { $0.contains(#""succeeded":1"#) }
                #expect(status.contains(#""revision":2"#), "\(status)")
                #expect(status.contains(#""last_reload_error":null"#), "\(status)")
                let answer = try await server.withMainClient { main in
                    try await main.get("/api/v1/orders", headers: .bearer("key-free-1", at: "2025-11-20T10:00:00Z"))
                }
                #expect(answer.headers[HTTPField.Name("X-RateLimit-Limit")!] == "7")
                #expect(try await server.stop() == 0)
            }
        }
    }
}
