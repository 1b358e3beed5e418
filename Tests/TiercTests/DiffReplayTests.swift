import Foundation
import SeededRandom
import Testing

/// `tierc diff --replay` gives, by construction, the numbers of two `tierc simulate` runs: proved here on
/// seeded generated logs, through the real binary.
@Suite("tierc diff --replay equals two simulate runs")
struct DiffReplayTests {
    static let root = TiercBinary.packageRoot
    static var policy: String { root.appendingPathComponent("tiers/tiers.yaml").path }
    static var next: String { root.appendingPathComponent("Tests/TiercTests/Fixtures/ci/tiers.next.yaml").path }
    static var tenants: String { root.appendingPathComponent("examples/tenants.yaml").path }

    /// A deterministic log: requests of every tenant (by header, API key or subdomain), bursts that cross the
    /// hourly limits, feature-gated paths, gauge readings, an invalid line, across two months.
    static func generatedLog(seed: UInt64, lines: Int) -> String {
        var random = SplitMix64(seed: seed)
        func next() -> UInt64 { random.next() }
        let tenants = ["tenant-a", "tenant-b", "tenant-c", "tenant-d", "tenant-x"]
        let paths = ["/api/v1/orders", "/api/intelligence/predict", "/api/growth/campaigns", "/api/support/priority/ticket",
                     "/api/v1/tenant/usage"]
        var seconds = 1_761_955_200 + Int(next() % 3_600)  // 2025-11-01T00:00:00Z plus up to an hour
        var text = ""
        for index in 0..<lines {
            seconds += Int(next() % 7)  // bursts: several requests a second
            if index % 997 == 0 { seconds += 86_400 * 9 }  // jump days, into the next month
            // tenant-c (starter) sends most of the traffic: about 600 requests an hour.
            let tenant = next() % 10 < 6 ? "tenant-c" : tenants[Int(next() % UInt64(tenants.count))]
            let path = next() % 10 < 6 ? paths[0] : paths[Int(next() % UInt64(paths.count))]
            let ts = ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: TimeInterval(seconds)))
            switch next() % 20 {
            case 0:
                text += "{\"ts\":\"\(ts)\",\"tenant\":\"\(tenant)\",\"meter\":\"storage_gb\",\"value\":\(next() % 300)}\n"
            case 1:
                text += "{\"ts\":\"\(ts)\",\"method\":\"GET\",\"path\":\"\(path)\",\"headers\":{\"Authorization\":\"Bearer demo-key-\(tenant)\"}}\n"
            case 2:
                text += "{\"ts\":\"\(ts)\",\"method\":\"GET\",\"path\":\"\(path)\",\"host\":\"bravo.yourdomain.com\"}\n"
            case 3 where index % 50 == 3:
                text += "{\"method\":\"GET\"}\n"
            default:
                // The bundled policy identifies by API key (and subdomain), never by a header a client writes;
                // tenant-d's key is `test` (its hash is in examples/tenants.yaml), tenant-x has none (401).
                let key = tenant == "tenant-d" ? "test" : "demo-key-\(tenant)"
                text += "{\"ts\":\"\(ts)\",\"method\":\"GET\",\"path\":\"\(path)\",\"headers\":{\"Authorization\":\"Bearer \(key)\"}}\n"
            }
        }
        return text
    }

    func object(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    /// Sums amount strings exactly (as integers of minor units: USD has two digits).
    func cents(_ amount: String) -> Int {
        let parts = amount.split(separator: ".")
        let whole = Int(parts[0].replacingOccurrences(of: "-", with: "")) ?? 0
        let fraction = parts.count > 1 ? Int(parts[1]) ?? 0 : 0
        return (amount.hasPrefix("-") ? -1 : 1) * (whole * 100 + fraction)
    }

    @Test(arguments: [(UInt64(1), 4_000), (UInt64(42), 6_000)])
    func sameNumbersAsTwoSimulateRuns(seed: UInt64, lines: Int) throws {
        let workspace = try Workspace(["log.jsonl": Self.generatedLog(seed: seed, lines: lines)])
        let log = workspace.url.appendingPathComponent("log.jsonl").path
        let before = try TiercBinary.run(["simulate", Self.policy, log, "--tenants", Self.tenants, "--format", "json"])
        let after = try TiercBinary.run(["simulate", Self.next, log, "--tenants", Self.tenants, "--format", "json"])
        let diff = try TiercBinary.run(["diff", Self.policy, Self.next, "--replay", log, "--tenants", Self.tenants, "--format", "json"])
        #expect(before.status == 0 && after.status == 0 && diff.status == 0, "\(diff.stderr)")
        // NEW's warnings come first in both; diff checks NEW without the tenants file (they are OLD's), so only its
        // summary line names one file less. The invalid lines are named identically.
        func skipped(_ text: String) -> [Substring] { text.split(separator: "\n").filter { $0.hasPrefix("tierc: warning: skipped invalid log line") } }
        #expect(!skipped(after.stderr).isEmpty)
        #expect(skipped(diff.stderr) == skipped(after.stderr), "the same invalid lines are named")
        let replay = try #require(try object(diff.stdout)["replay"] as? [String: Any])
        let rows = try #require(replay["tenants"] as? [[String: Any]])
        let oldTenants = try #require(try object(before.stdout)["tenants"] as? [[String: Any]])
        let newTenants = try #require(try object(after.stdout)["tenants"] as? [[String: Any]])
        #expect(rows.count == newTenants.count)
        var oldSum = 0, newSum = 0
        var newlyRefused = 0
        for (row, (old, new)) in zip(rows, zip(oldTenants, newTenants)) {
            #expect(row["tenant"] as? String == new["tenant"] as? String)
            let old429 = (old["status"] as? [String: Any])?["429"] as? Int
            let new429 = (new["status"] as? [String: Any])?["429"] as? Int
            #expect(row["old_429"] as? Int == old429)
            #expect(row["new_429"] as? Int == new429)
            #expect(row["delta_429"] as? Int == (new429 ?? 0) - (old429 ?? 0))
            let oldTotal = (old["invoices"] as? [[String: Any]] ?? []).reduce(0) { $0 + cents($1["total"] as? String ?? "") }
            let newTotal = (new["invoices"] as? [[String: Any]] ?? []).reduce(0) { $0 + cents($1["total"] as? String ?? "") }
            #expect(cents(row["old_total"] as? String ?? "") == oldTotal)
            #expect(cents(row["new_total"] as? String ?? "") == newTotal)
            #expect(cents(row["delta_total"] as? String ?? "") == newTotal - oldTotal)
            oldSum += oldTotal
            newSum += newTotal
            if row["first_new_429"] is String { newlyRefused += 1 }
        }
        #expect(cents(replay["total_delta"] as? String ?? "") == newSum - oldSum)
        #expect(newlyRefused > 0, "the cut hourly limit of starter refuses tenant-c's bursts")

        // CSV: the diff's old and new amounts are the two simulate CSVs' amounts, row for row.
        let oldCSV = try TiercBinary.run(["simulate", Self.policy, log, "--tenants", Self.tenants, "--format", "csv"]).stdout
        let newCSV = try TiercBinary.run(["simulate", Self.next, log, "--tenants", Self.tenants, "--format", "csv"]).stdout
        let diffCSV = try TiercBinary.run(["diff", Self.policy, Self.next, "--replay", log, "--tenants", Self.tenants, "--format", "csv"]).stdout
        func amounts(_ csv: String, key: (([Substring]) -> String), amount: Int) -> [String: String] {
            var result: [String: String] = [:]
            for line in csv.split(separator: "\r\n").dropFirst() {
                let fields = line.split(separator: ",", omittingEmptySubsequences: false)
                if !fields[amount].isEmpty { result[key(fields)] = String(fields[amount]) }
            }
            return result
        }
        let key: ([Substring]) -> String = { "\($0[0])|\($0[2])|\($0[3])|\($0[4])" }
        #expect(amounts(diffCSV, key: key, amount: 6) == amounts(oldCSV, key: key, amount: 6))
        #expect(amounts(diffCSV, key: key, amount: 8) == amounts(newCSV, key: key, amount: 6))
        #expect(oldCSV.hasPrefix("tenant,tier,month,line,meter,quantity,amount,currency\r\n"))
    }

    /// A change of currency: OLD's amounts keep OLD's currency and digits, and no difference is computed (a
    /// difference of dollars and yen means nothing): null in JSON, empty in CSV, `n/a` for people.
    @Test func aCurrencyChangeComparesNoAmounts() throws {
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("tierc-diff-currency-\(UUID().uuidString).jsonl")
        try Data(Self.generatedLog(seed: 7, lines: 1_500).utf8).write(to: log)
        defer { try? FileManager.default.removeItem(at: log) }
        let common = [Self.policy, "--set", "currency=JPY", "--replay", log.path, "--tenants", Self.tenants]
        let json = try object(TiercBinary.run(["diff"] + common + ["--format", "json"]).stdout)
        let replay = try #require(json["replay"] as? [String: Any])
        #expect(replay["currency"] as? String == "JPY")
        #expect(replay["old_currency"] as? String == "USD")
        #expect(replay["total_delta"] is NSNull)
        let simulated = try object(TiercBinary.run(["simulate", Self.policy, log.path, "--tenants", Self.tenants,
                                                    "--format", "json"]).stdout)
        let tenants = try #require(replay["tenants"] as? [[String: Any]])
        #expect(!tenants.isEmpty)
        for tenant in tenants {
            #expect(tenant["delta_total"] is NSNull)
            #expect((tenant["old_total"] as? String)?.split(separator: ".").last?.count == 2, "USD keeps two digits")
            #expect((tenant["new_total"] as? String)?.contains(".") == false, "JPY has none")
            for month in tenant["months"] as? [[String: Any]] ?? [] { #expect(month["delta_total"] is NSNull) }
        }
        #expect(simulated["currency"] as? String == "USD")
        let csv = try TiercBinary.run(["diff"] + common + ["--format", "csv"]).stdout
        let rows = csv.split(separator: "\r\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        #expect(rows.first?.suffix(3) == ["delta_amount", "currency", "old_currency"])
        #expect(rows.count > 1 && rows.dropFirst().allSatisfy { $0[9].isEmpty && $0[10] == "JPY" && $0[11] == "USD" })
        let human = try TiercBinary.run(["diff"] + common).stdout
        #expect(human.contains("Replay (USD before, JPY after;"))
        #expect(human.contains("(no difference: the currency changed)"))
    }
}
