import Foundation
import SeededRandom
import Testing

/// The differential property of docs/snapshot-format.md: a compiled snapshot decides exactly like its tiers.yaml.
/// For random valid policies and logs (every identification method, every usage price form, minimums,
/// subscription dates and discounts, gauges, bursts over every window), `tierc simulate` gives byte-identical
/// reports in every format whether it reads the YAML with its tenants or the snapshot compiled from them.
@Suite("YAML and snapshot, same reports")
struct SnapshotDifferentialTests {
    @Test("byte-identical reports for random policies and logs", arguments: 1...8)
    func snapshotAndYAMLGiveTheSameReports(seed: UInt64) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tierc-differential-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var random = SplitMix64(seed: seed &* 0x9E37_79B9)
        let world = DifferentialWorld(random: &random)
        let policy = directory.appendingPathComponent("tiers.yaml").path
        let tenants = directory.appendingPathComponent("tenants.yaml").path
        let log = directory.appendingPathComponent("requests.jsonl").path
        try world.policyYAML.write(toFile: policy, atomically: true, encoding: .utf8)
        try world.tenantsYAML.write(toFile: tenants, atomically: true, encoding: .utf8)
        try world.log(random: &random).write(toFile: log, atomically: true, encoding: .utf8)

        let check = try TiercBinary.run(["check", policy, "--tenants", tenants])
        #expect(check.status == 0, "the generated policy must be valid:\n\(check.stdout)\(check.stderr)\n\(world.policyYAML)")
        let out = directory.appendingPathComponent("out").path
        let compile = try TiercBinary.run(["compile", policy, "--tenants", tenants, "--out", out])
        try #require(compile.status == 0, "\(compile.stderr)")
        let snapshot = out + "/policy.tierc"

        for format in [["--format", "json"], ["--format", "human"], ["--format", "csv"], ["--format", "csv", "--csv-table", "tenants"], ["--format", "csv", "--csv-table", "tiers"]] {
            let fromYAML = try TiercBinary.run(["simulate", policy, log, "--tenants", tenants] + format)
            let fromSnapshot = try TiercBinary.run(["simulate", snapshot, log] + format)
            #expect(fromYAML.status == fromSnapshot.status)
            // Standard error differs only by tenants.yaml's own warnings (raw demo keys), which a snapshot no longer has.
            #expect(Self.logWarnings(fromYAML.stderr) == Self.logWarnings(fromSnapshot.stderr))
            #expect(fromYAML.stdout == fromSnapshot.stdout, "seed \(seed), \(format): the reports differ")
            #expect(fromYAML.stdout.count > 200, "the report should say something: \(fromYAML.stdout)\(fromYAML.stderr)")
        }
        // The replay met refusals and invoices, so the comparison covered the interesting paths.
        let report = try TiercBinary.run(["simulate", snapshot, log, "--format", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(report.stdout.utf8)) as? [String: Any])
        let statuses = try #require(object["status"] as? [String: Int])
        #expect(statuses["429", default: 0] > 0, "no 429 for seed \(seed): \(statuses)")
        if world.expectsUnauthorized { #expect(statuses["401", default: 0] > 0, "no 401 for seed \(seed): \(statuses)") }
        let reported = try #require(object["tenants"] as? [[String: Any]])
        #expect(reported.map { ($0["invoices"] as? [Any])?.count ?? 0 }.reduce(0, +) >= reported.count)
    }
}

extension SnapshotDifferentialTests {
    static func logWarnings(_ stderr: String) -> [Substring] {
        stderr.split(separator: "\n").filter { $0.contains("log line") }
    }
}

/// A random policy, its tenants and a log over about ten weeks (SplitMix64; integers only, so the same seed gives
/// the same files everywhere).
struct DifferentialWorld {
    var currency: (code: String, decimals: Int)
    var methods: [String]
    var requireTenant: Bool
    var tierCount: Int
    var tenantIDs: [String]
    var policyYAML = ""
    var tenantsYAML = ""
    /// Whether the log is sure to meet a 401: an unknown key is sent, or an unidentified request is refused.
    var expectsUnauthorized: Bool { methods.contains("api_key") || requireTenant }

    init(random: inout SplitMix64) {
        currency = [("USD", 2), ("EUR", 2), ("JPY", 0)][random.below(3)]
        var methods = ["api_key", "header", "subdomain", "query"]
        for index in methods.indices.reversed() {
            methods.swapAt(index, random.below(index + 1))
        }
        self.methods = Array(methods.prefix(1 + random.below(4)))
        requireTenant = random.chance(1, in: 2)
        tierCount = 2 + random.below(4)
        tenantIDs = (0..<(4 + random.below(8))).map { "tenant-\($0)" }
        policyYAML = makePolicy(random: &random)
        tenantsYAML = makeTenants(random: &random)
    }

    private func money(_ units: Int, _ random: inout SplitMix64) -> String {
        currency.decimals == 0 ? String(units * 100) : "\(units).\(random.chance(1, in: 2) ? "00" : "50")"
    }

    private func usagePrice(_ random: inout SplitMix64, counter: Bool) -> String {
        let free = counter ? [0, 0, 10, 100][random.below(4)] : 0
        let freeText = free > 0 ? ", free: \(free)" : ""
        switch counter ? random.below(4) : random.below(3) {
        case 0: return "{ per: \([1, 10, 1000][random.below(3)]), price: \(["0.01", "0.5", "3"][random.below(3)])\(freeText) }"
        case 1:
            return "{ per: 1\(freeText), graduated: [{ up_to: 20, price: 0.25, flat: 1 }, { up_to: 200, price: 0.1, flat: 2 }, "
                + "{ up_to: unlimited, price: 0.05 }] }"
        case 2: return "{ per: 1\(freeText), volume: [{ up_to: 50, price: 0.3 }, { up_to: unlimited, price: 0.125, flat: 4 }] }"
        default: return "{ package: \([10, 100][random.below(2)]), price: \(money(1 + random.below(5), &random))\(freeText) }"
        }
    }

    private func makePolicy(random: inout SplitMix64) -> String {
        var yaml = """
            format: 1
            policy: differential
            currency: \(currency.code)
            rounding: \(random.chance(1, in: 2) ? "half_up" : "half_even")
            default_meter: calls
            identification:
              order: [\(methods.joined(separator: ", "))]
              api_key: { scheme: Bearer }
              header: { names: [X-Tenant-ID] }
              subdomain: { base_domain: example.com }
              query: { param: tenant_id }
              require_tenant: \(requireTenant)
            meters:
              calls: { kind: counter, unit: call }
              exports: { kind: counter, unit: export }
              storage: { kind: gauge, unit: GB }
            features:
              f0: {}
              f1: {}
              f2: {}
            routes:
              - match: /api/f0/**
                feature: f0
              - match: /api/exports/*
                meter: exports
                cost: \(1 + random.below(3))
              - match: /api/f1/**
                feature: f1
                cost: 2
              - match: /api/free
                cost: 0
            usage_prices:
              calls: \(usagePrice(&random, counter: true))
              exports: \(usagePrice(&random, counter: true))
              storage: \(usagePrice(&random, counter: false))
            tiers:

            """
        var hour = 20 + random.below(30)
        var month = hour * 40
        for index in 0..<tierCount {
            yaml += "  t\(index):\n"
            if index > 0, random.chance(3, in: 4) { yaml += "    extends: t\(index - 1)\n" }
            yaml += "    price: \(index == 0 ? "0" : money(10 * index + random.below(10), &random))\n"
            if random.chance(1, in: 3) { yaml += "    minimum: \(money(20 * (index + 1), &random))\n" }
            let minute = random.chance(1, in: 2) ? "minute: \(5 + random.below(10)), " : ""
            yaml += "    limits:\n"
            yaml += "      calls: { \(minute)hour: \(hour), month: \(month) }\n"
            yaml += "      exports: { day: \(3 + random.below(10) + index * 5) }\n"
            yaml += "      storage: \(2 + index * 3)\n"
            let features = ["f0", "f1", "f2"].prefix(index).filter { _ in random.chance(2, in: 3) }
            yaml += "    features: [\(features.joined(separator: ", "))]\n"
            if random.chance(1, in: 4) { yaml += "    usage_prices:\n      calls: \(usagePrice(&random, counter: true))\n" }
            hour += 10 + random.below(40)
            month += 400 + random.below(2000)
        }
        return yaml
    }

    private func makeTenants(random: inout SplitMix64) -> String {
        var yaml = "tenants:\n"
        for (index, id) in tenantIDs.enumerated() {
            yaml += "  \(id):\n    tier: t\(index < tierCount ? index : random.below(tierCount))\n"
            yaml += "    api_keys: [key-\(id)]\n    subdomain: sub\(index)\n"
            if random.chance(1, in: 3) { yaml += "    since: 2025-11-\(10 + random.below(15))\n" }
            if random.chance(1, in: 5) { yaml += "    until: 2025-12-\(10 + random.below(15))\n" }
            if random.chance(1, in: 3) {
                yaml += "    discounts:\n      - { percent: \(["10", "25", "100", "12.5"][random.below(4)]), from: 2025-1\(random.below(3)), months: \(1 + random.below(3)) }\n"
            }
        }
        return yaml
    }

    /// About 3,000 lines from 2025-10-28 to early January: every method, unknown keys, bursts that exhaust
    /// minute, hour, day and month limits, routes of every kind, gauge readings and a few invalid lines.
    func log(random: inout SplitMix64) -> String {
        let paths = ["/api/v1/things", "/api/f0/a", "/api/f1/b/c", "/api/exports/7", "/api/free", "/api/f2"]
        var lines: [String] = []
        var now: Int64 = 1_761_609_600  // 2025-10-28T00:00:00Z
        var burst = 0
        var hot = tenantIDs[0]
        while lines.count < 3_000 {
            if burst > 0 {
                burst -= 1
                now += Int64(random.below(4))
            } else {
                now += Int64(random.below(4_000))
                if random.chance(1, in: 40) {
                    burst = 30 + random.below(200)
                    hot = tenantIDs[random.below(tenantIDs.count)]
                }
            }
            let ts = Self.timestamp(now)
            let tenant = burst > 0 ? hot : tenantIDs[random.below(tenantIDs.count)]
            if random.chance(1, in: 60) {
                let value = ["0.5", "3", "12.25", "40"][random.below(4)]
                lines.append(#"{"ts":"\#(ts)","tenant":"\#(tenant)","meter":"storage","value":\#(value)}"#)
                continue
            }
            if random.chance(1, in: 300) {
                lines.append(#"{"ts":"\#(ts)","path":"#)  // truncated: an invalid line, skipped and counted
                continue
            }
            let path = paths[random.below(paths.count)]
            switch random.below(7) {
            case 0, 1: lines.append(#"{"ts":"\#(ts)","method":"GET","path":"\#(path)","headers":{"Authorization":"Bearer key-\#(tenant)"}}"#)
            case 2: lines.append(#"{"ts":"\#(ts)","method":"GET","path":"\#(path)","headers":{"X-Tenant-ID":"\#(tenant)"}}"#)
            case 3:
                let sub = "sub" + tenant.dropFirst("tenant-".count)
                lines.append(#"{"ts":"\#(ts)","method":"GET","host":"\#(sub).example.com","path":"\#(path)"}"#)
            case 4: lines.append(#"{"ts":"\#(ts)","method":"POST","path":"\#(path)","query":"tenant_id=\#(tenant)"}"#)
            case 5: lines.append(#"{"ts":"\#(ts)","path":"\#(path)","tenant":"\#(tenant)"}"#)
            default:
                lines.append(random.chance(1, in: 2)
                    ? #"{"ts":"\#(ts)","path":"\#(path)","headers":{"Authorization":"Bearer not-a-key"}}"#
                    : #"{"ts":"\#(ts)","path":"\#(path)"}"#)
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func timestamp(_ seconds: Int64) -> String {
        var time = time_t(seconds)
        var parts = tm()
        gmtime_r(&time, &parts)
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02dZ", parts.tm_year + 1900, parts.tm_mon + 1, parts.tm_mday,
                      parts.tm_hour, parts.tm_min, parts.tm_sec)
    }
}
