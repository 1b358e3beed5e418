import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import PolicyModel
import PolicyRuntime
import PolicySimulator
import Testing

/// `tierc serve --trust-clock-header` decides a generated log of over 10,000 requests, sent over HTTP with gauge
/// readings through the admin endpoint, exactly as `tierc simulate` replays the same log: every status, every
/// refusing window, the report's counts, and every invoice (docs/serve.md).
@Suite("tierc serve decides as tierc simulate", .serialized)
struct ServeEquivalenceTests {
    static let fixtures = ServerFixtures.repositoryRoot.appendingPathComponent("Tests/ServerTests/Fixtures")
    static let policyPath = fixtures.appendingPathComponent("equivalence-tiers.yaml").path
    static let tenantsPath = fixtures.appendingPathComponent("equivalence-tenants.yaml").path

    /// Status and `quota_type` of each request, in log order.
    struct Answer: Hashable, CustomStringConvertible {
        var status: Int
        var window: String?
        var description: String { window.map { "\(status) \($0)" } ?? "\(status)" }
    }

    /// What the simulator library decides for each request of `log` (the same replay `tierc simulate` runs).
    static func simulated(_ log: String) throws -> [Answer] {
        let (policy, tenants) = try ServerFixtures.policy(String(contentsOfFile: policyPath, encoding: .utf8),
                                                          tenants: String(contentsOfFile: tenantsPath, encoding: .utf8))
        var simulator = Simulator(policy: policy, tenants: tenants)
        var answers: [Answer] = []
        for line in log.split(separator: "\n") {
            let parsed = Array(line.utf8).withUnsafeBufferPointer { LogLineParser.parse($0) }
            guard case .success(let record)? = parsed else { throw ServerFixtures.Failure(description: "invalid line \(line)") }
            switch record {
            case .request(let request, let seconds):
                let decision = simulator.replay(simulator.engine.resolver.resolve(request, at: seconds), at: seconds)
                answers.append(Answer(status: decision.status, window: decision.window?.quotaType))
            case .gauge:
                if let invalid = simulator.replay(record) { throw ServerFixtures.Failure(description: "\(invalid) \(line)") }
            }
        }
        return answers
    }

    /// Sends every record of `log` to `server` in order: requests to the main listener, gauge readings to the
    /// admin listener.
    static func send(_ log: EquivalenceLog, to server: ServeProcess) async throws -> [Answer] {
        let clockHeader = HTTPField.Name("X-Tierc-Time")!
        let records = log.records
        return try await server.withMainClient { main in
            try await server.withAdminClient { admin in
                var answers: [Answer] = []
                for record in records {
                    switch record {
                    case .request(_, let target, let host, let headers, let time):
                        var fields = HTTPFields()
                        for (name, value) in headers { fields.append(HTTPField(name: HTTPField.Name(name)!, value: value)) }
                        fields[clockHeader] = time
                        let response = try await main.execute(TestClient.Request(target, method: .get, authority: host, headers: fields))
                        var window: String?
                        if response.status == .tooManyRequests, let range = response.text.range(of: #""quota_type":""#) {
                            window = String(response.text[range.upperBound...].prefix { $0 != "\"" })
                        }
                        answers.append(Answer(status: response.status.code, window: window))
                    case .gauge(_, let body, let time):
                        let response = try await admin.post("/admin/v1/gauges", headers: [clockHeader: time], body: ByteBuffer(string: body))
                        #expect(response.status == .ok, "\(body): \(response.text)")
                    }
                }
                return answers
            }
        }
    }

    @Test func tenThousandRequestsAndTheirInvoices() async throws {
        let log = EquivalenceLog(seed: 0x5e12e, requests: 10_000)
        let text = log.text
        let expected = try Self.simulated(text)
        #expect(expected.count >= 10_000)
        // The log exercises what it should: every status, 429s in every window kind of the policy.
        let kinds = Set(expected)
        for answer in [Answer(status: 200), Answer(status: 401), Answer(status: 403), Answer(status: 429, window: "minutely"),
                       Answer(status: 429, window: "hourly"), Answer(status: 429, window: "daily"),
                       Answer(status: 429, window: "monthly")] {
            #expect(kinds.contains(answer), "the generated log has no \(answer)")
        }

        let decisionLog = FileManager.default.temporaryDirectory.appendingPathComponent("tierc-decisions-\(UUID().uuidString).jsonl")
        defer { try? FileManager.default.removeItem(at: decisionLog) }
        let server = try await ServeProcess.start([Self.policyPath, "--tenants", Self.tenantsPath, "--trust-clock-header",
                                       "--decision-log", decisionLog.path])
        let actual: [Answer]
        do {
            actual = try await Self.send(log, to: server)
        } catch {
            Issue.record("sending failed: \(error); server running: \(server.process.isRunning); stderr: \(server.stderr)")
            throw error
        }
        #expect(actual.count == expected.count)
        let mismatches = zip(actual, expected).enumerated().filter { $0.element.0 != $0.element.1 }
        #expect(mismatches.isEmpty, "\(mismatches.count) requests differ; first: \(mismatches.prefix(5).map { "#\($0.offset): server \($0.element.0), simulator \($0.element.1)" })")

        // The report of the real `tierc simulate` on the same log: counts and invoices.
        let logURL = server.scratch.appendingPathComponent("requests.jsonl")
        try text.write(to: logURL, atomically: true, encoding: .utf8)
        let run = try TiercCommand.run(["simulate", Self.policyPath, logURL.path, "--tenants", Self.tenantsPath, "--format", "json"])
        #expect(run.status == 0, "\(run.stderr)")
        let report = try #require(JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let status = try #require(report["status"] as? [String: Int])
        for code in [200, 401, 403, 429] {
            #expect(status[String(code)] == actual.filter { $0.status == code }.count, "status \(code)")
        }
        var wanted: [(id: String, month: String, invoice: [String: Any])] = []
        for case let tenant as [String: Any] in report["tenants"] as? [Any] ?? [] {
            let id = try #require(tenant["tenant"] as? String)
            for case let invoice as [String: Any] in tenant["invoices"] as? [Any] ?? [] {
                wanted.append((id, try #require(invoice["month"] as? String), invoice))
            }
        }
        let requests = wanted.map { ($0.id, $0.month) }
        let served = try await server.withMainClient { client in
            var texts: [String] = []
            for (id, month) in requests {
                let response = try await client.get("/api/v1/billing/invoice?month=\(month)",
                                                    headers: [HTTPField.Name("X-Tenant-ID")!: id, HTTPField.Name("X-Tierc-Time")!: "2026-01-01T00:00:00Z"])
                texts.append(response.text)
            }
            return texts
        }
        for (index, expected) in wanted.enumerated() {
            let invoice = try #require(JSONSerialization.jsonObject(with: Data(served[index].utf8)) as? [String: Any])
            #expect(invoice["total"] as? String == expected.invoice["total"] as? String, "\(expected.id) \(expected.month)")
            #expect(NSArray(array: invoice["lines"] as? [Any] ?? []) == NSArray(array: expected.invoice["lines"] as? [Any] ?? []),
                    "\(expected.id) \(expected.month): \(served[index])")
        }
        #expect(wanted.count >= 14)
        #expect(try await server.stop() == 0)

        // The decision log, replayed, gives the statuses the server answered, and the same report.
        let logged = try String(contentsOf: decisionLog, encoding: .utf8)
        #expect(!logged.contains("key-"), "no credential reaches the decision log")
        #expect(try Self.simulated(logged) == actual)
        let replay = try TiercCommand.run(["simulate", Self.policyPath, decisionLog.path, "--tenants", Self.tenantsPath, "--format", "json"])
        #expect(replay.status == 0, "\(replay.stderr)")
        #expect(replay.stdout == run.stdout, "the decision log's report is the original log's report")
    }
}

/// Runs the built `tierc` with arguments and returns its status and output.
enum TiercCommand {
    static func run(_ arguments: [String], in directory: URL? = nil) throws -> (status: Int32, stdout: String, stderr: String) {
        let binary = try #require(ServeProcess.binary)
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("tierc-run-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let out = scratch.appendingPathComponent("stdout")
        let err = scratch.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return (process.terminationStatus, try String(contentsOf: out, encoding: .utf8), try String(contentsOf: err, encoding: .utf8))
    }
}
