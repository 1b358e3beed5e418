import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

extension ServeStoreSuites {
    /// `--on-store-error deny|allow` (docs/serve.md#when-the-database-is-away): PostgreSQL stopped with `pg_ctl stop`
    /// in the middle of a run and started again. Deny answers 503 with `Retry-After` and admits nothing the database
    /// did not count; allow decides by the instance's own counts and writes them back. Both show in `/metrics` and
    /// `/admin/v1/status`, and the server finds the database again by itself.
    @Suite("tierc serve --store postgres while the database is away", .serialized)
    struct StoreOutageTests {
        static let orders = "/api/v1/orders"

        static func get(_ server: ServeProcess, _ path: String, key: String, at time: String) async throws -> TestClient.Response {
            try await server.withMainClient { try await $0.get(path, headers: .bearer(key, at: time)) }
        }

        static func admin(_ server: ServeProcess, _ path: String) async throws -> String {
            try await server.withAdminClient { try await $0.get(path).text }
        }

        /// Polls `/admin/v1/status` (at most 90 s) until `done` holds.
        static func status(_ server: ServeProcess, until done: @escaping @Sendable (String) -> Bool) async throws -> String {
            let deadline = Date().addingTimeInterval(90)
            while true {
                let text = try await admin(server, "/admin/v1/status")
                if done(text) || Date() > deadline { return text }
                try await Task.sleep(for: .milliseconds(200))
            }
        }

        @Test func denyAnswers503UntilTheDatabaseReturns() async throws {
            try await StoreHarness.with("outage_deny") { harness in
                try await harness.apply(try await harness.compile(revision: 0, into: "rev0"))
                let server = try await ServeProcess.start([StoreHarness.policyPath, "--tenants", StoreHarness.tenantsPath,
                                                           "--trust-clock-header", "--store", harness.url])
                let time = "2025-11-20T10:00:10Z"
                for _ in 0..<3 {
                    #expect(try await Self.get(server, Self.orders, key: "key-starter-1", at: time).status == .ok)
                }
                try await harness.cluster.pause()
                var statuses: [Int] = []
                for _ in 0..<5 {
                    let response = try await Self.get(server, Self.orders, key: "key-starter-1", at: time)
                    statuses.append(response.status.code)
                    if response.status == .serviceUnavailable {
                        #expect(Int(response.headers[.retryAfter] ?? "") ?? 0 >= 1, "\(response.headers)")
                        #expect(response.text.contains("The quota database cannot be reached"))
                    }
                }
                #expect(statuses == [503, 503, 503, 503, 503])
                // What needs no counting is answered as always; what needs the database is 503.
                #expect(try await Self.get(server, "/api/ping", key: "key-starter-1", at: time).status == .ok)
                #expect(try await Self.get(server, Self.orders, key: "key-nobody", at: time).status == .unauthorized)
                #expect(try await Self.get(server, "/api/v1/tenant/usage", key: "key-starter-1", at: time).status == .serviceUnavailable)
                let away = try await Self.admin(server, "/admin/v1/status")
                #expect(away.contains(#""available":false"#) && away.contains(#""denied":5"#) && away.contains(#""on_error":"deny""#), "\(away)")
                let metrics = try await Self.admin(server, "/metrics")
                #expect(metrics.contains("tierc_store_up 0"), "\(metrics)")
                #expect(metrics.contains(#"tierc_store_unavailable_decisions_total{action="denied"} 5"#), "\(metrics)")

                try await harness.cluster.resume()
                let back = try await Self.status(server) { $0.contains(#""available":true"#) }
                #expect(back.contains(#""available":true"#), "\(back)")
                let response = try await Self.get(server, Self.orders, key: "key-starter-1", at: time)
                #expect(response.status == .ok)
                // starter: 12 a minute; 3 before the outage and this one were counted, the 503s were not.
                #expect(response.headers[HTTPField.Name("X-RateLimit-Remaining")!] == "8", "\(response.headers)")
                #expect(try await harness.database.value("SELECT used FROM tierc.usage_months WHERE tenant = 't-starter-1' AND meter = 'api_calls'") == "4")
                #expect(try await Self.admin(server, "/metrics").contains("tierc_store_up 1"))
                #expect(try await server.stop() == 0)
            }
        }

        @Test func allowCountsLocallyAndWritesBack() async throws {
            try await StoreHarness.with("outage_allow") { harness in
                try await harness.apply(try await harness.compile(revision: 0, into: "rev0"))
                let server = try await ServeProcess.start([StoreHarness.policyPath, "--tenants", StoreHarness.tenantsPath,
                                                           "--trust-clock-header", "--store", harness.url, "--on-store-error", "allow"])
                // t-free-1 (free): 6 a minute. Two through the database, then the database goes away.
                let time = "2025-11-20T10:00:10Z"
                for _ in 0..<2 {
                    #expect(try await Self.get(server, Self.orders, key: "key-free-1", at: time).status == .ok)
                }
                try await harness.cluster.pause()
                var statuses: [Int] = []
                for _ in 0..<8 {
                    statuses.append(try await Self.get(server, Self.orders, key: "key-free-1", at: time).status.code)
                }
                // This instance's own counts start empty: six admitted, then its own counts exhaust the minute.
                #expect(statuses == [200, 200, 200, 200, 200, 200, 429, 429])
                let away = try await Self.admin(server, "/admin/v1/status")
                #expect(away.contains(#""available":false"#) && away.contains(#""decided_locally":8"#)
                        && away.contains(#""pending_write_back":6"#), "\(away)")
                #expect(try await Self.admin(server, "/metrics").contains(#"tierc_store_unavailable_decisions_total{action="allowed"} 8"#))

                try await harness.cluster.resume()
                let back = try await Self.status(server) { $0.contains(#""available":true"#) }
                #expect(back.contains(#""available":true"#) && back.contains(#""pending_write_back":0"#)
                        && back.contains(#""written_back":6"#), "\(back)")
                #expect(try await Self.admin(server, "/metrics").contains("tierc_store_written_back_total 6"))
                // 2 + 6 in the database: the minute is over its limit (the documented bound), so the next is refused.
                #expect(try await harness.database.value("SELECT used FROM tierc.usage_months WHERE tenant = 't-free-1' AND meter = 'api_calls'") == "8")
                #expect(try await harness.database.value("SELECT minute_used FROM tierc.usage_months WHERE tenant = 't-free-1' AND meter = 'api_calls'") == "8")
                let after = try await Self.get(server, Self.orders, key: "key-free-1", at: time)
                #expect(after.status == .tooManyRequests)
                #expect(after.text.contains(#""current":8"#), "\(after.text)")
                #expect(try await server.stop() == 0)
            }
        }

        @Test func aStuckDatabaseCallIsAnsweredNotWaitedFor() async throws {
            try await StoreHarness.with("outage_stuck") { harness in
                try await harness.apply(try await harness.compile(revision: 0, into: "rev0"))
                let server = try await ServeProcess.start([StoreHarness.policyPath, "--tenants", StoreHarness.tenantsPath,
                                                           "--trust-clock-header", "--store", harness.url])
                let time = "2025-11-20T10:00:10Z"
                #expect(try await Self.get(server, Self.orders, key: "key-pro-1", at: time).status == .ok)
                // A session holds the counters locked far longer than a store call may wait (5 s).
                let holder = try harness.database.start("""
                    BEGIN;
                    LOCK TABLE tierc.usage_months IN ACCESS EXCLUSIVE MODE;
                    SELECT pg_sleep(12);
                    COMMIT;
                    """)
                try await Task.sleep(for: .seconds(1))
                let response = try await Self.get(server, Self.orders, key: "key-pro-1", at: time)
                #expect(response.status == .serviceUnavailable)
                // Answered while the lock is still held: the call was given up, not waited for.
                #expect(kill(holder.pid, 0) == 0, "the locking session ended before the answer")
                let status = try await Self.admin(server, "/admin/v1/status")
                #expect(status.contains("no answer from the database at postgres://\(StoreHarness.appRole)@"), "\(status)")
                _ = await holder.finish()
                _ = try await Self.status(server) { $0.contains(#""available":true"#) }
                #expect(try await Self.get(server, Self.orders, key: "key-pro-1", at: time).status == .ok)
                #expect(try await server.stop() == 0)
            }
        }
    }
}
